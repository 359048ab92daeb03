/**
 * `spaser decp` end to end (SPEC §11): the file written from the example register validates against
 * the official schema and, read back, gives the same T1 and T2 as the register; what is left out is
 * listed; the command never replaces a file it did not write.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import schema from "../../src/decp/schema_decp_v2.0.3.json";
import { EXAMPLE, run, runJson, tempDir } from "../cli/helpers";

const ajv = new Ajv({ allErrors: true, strict: false });
const validDocument = ajv.compile(schema);

interface Summary {
  output: string;
  year: number | null;
  publicationDate: string;
  schemaVersion: string;
  written: { marches: number; concessions: number };
  leftOut: { id: string; sheet: string; row: number; concession: boolean; missing: string[] }[];
}

const { dir, cleanup } = tempDir();
afterAll(cleanup);

describe("spaser decp on the example register", () => {
  const out = path.join(dir, "exemple-decp.json");
  let summary: Summary;
  let doc: { marches: { marche: Record<string, unknown>[]; "contrat-concession": Record<string, unknown>[] } };

  beforeAll(async () => {
    const r = await run(["decp", EXAMPLE, "--date", "15/12/2026", "-o", out, "--json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    summary = JSON.parse(r.out) as Summary;
    doc = JSON.parse(fs.readFileSync(out, "utf8"));
  });

  test("writes its notified contracts; the two planted mistakes of 2025 are left out, each with what it lacks", () => {
    // 362 contracts notified from 2023 to 2026 (read by spaser indicators), one a concession.
    expect(summary).toMatchObject({ output: out, year: null, publicationDate: "2026-12-15", schemaVersion: "2.0.3", written: { marches: 359, concessions: 1 } });
    expect(summary.leftOut).toEqual([
      { id: "V25-008", sheet: "Registre", row: 212, concession: false, missing: ["« Procédure » « Concours restreint » non reconnue (attendu : une procédure du format DECP)"] },
      { id: "V25-009-L05", sheet: "Registre", row: 215, concession: false, missing: ["« Nombre d'offres » (cellule vide ou en erreur)"] },
    ]);
    expect(doc.marches.marche).toHaveLength(359);
    expect(doc.marches["contrat-concession"].map((c) => [c.id, c.nature, c.valeurGlobale])).toEqual([["V26-036", "Délégation de service public", 4200000]]);
  });

  test("the file validates against the official schema", () => {
    expect(validDocument(doc)).toBe(true);
    expect(validDocument.errors).toBeNull();
  });

  test("the framework agreement, its subsequent contracts and the groupement are published as such", () => {
    const byId = new Map(doc.marches.marche.map((m) => [m.id, m]));
    expect(byId.get("M25-902")).toMatchObject({ techniques: { technique: ["Accord-cadre"] }, modalitesExecution: { modaliteExecution: ["Marchés subséquents"] }, montant: 600000 });
    expect(byId.get("M25-903")).toMatchObject({ idAccordCadre: "M25-902", montant: 180000 });
    expect(byId.get("M25-904")).toMatchObject({ idAccordCadre: "M25-902", montant: 240000 });
    const groupement = doc.marches.marche.filter((m) => m.typeGroupementOperateurs === "Conjoint");
    expect(groupement).toHaveLength(1);
    expect((groupement[0].titulaires as unknown[]).length).toBe(2);
  });

  test.each([2026, 2024, 2023])("read back, the file gives the same T1 and T2 (and in value) as the register, %i", async (year) => {
    const fromRegister = await runJson(["indicators", EXAMPLE, "--year", String(year)]);
    const fromDecp = await runJson(["indicators", out, "--year", String(year)]);
    for (const id of ["T1", "T2", "T1.V", "T2.V"]) {
      const a = fromRegister.json.indicators[id];
      const b = fromDecp.json.indicators[id];
      expect({ id, value: b.value, numerator: b.numerator, denominator: b.denominator }).toEqual({ id, value: a.value, numerator: a.numerator, denominator: a.denominator });
    }
  });

  test("in 2025 the read back misses exactly the two contracts left out", async () => {
    const a = (await runJson(["indicators", EXAMPLE, "--year", "2025"])).json.indicators.T2;
    const b = (await runJson(["indicators", out, "--year", "2025"])).json.indicators.T2;
    expect(b.denominator).toBe((a.denominator as number) - 2);
  });

  test("--year keeps one year; the text says what was written and what was left out, the counts last", async () => {
    const one = path.join(dir, "exemple-2025.json");
    const r = await run(["decp", EXAMPLE, "--year", "2025", "--date", "15/12/2026", "-o", one]);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines[0]).toBe(`DECP 2025 écrites dans : ${one}`);
    expect(lines[1]).toBe("  100 marchés et 0 contrat de concession, conformes au schéma officiel DECP 2.0.3 ; date de publication des données : 15/12/2026.");
    expect(lines[2]).toBe("  2 contrats notifiés en 2025 laissés de côté, faute des données que le format exige (rien n'est inventé) :");
    expect(lines[3]).toBe("    V25-008 (feuille « Registre », ligne 212) : « Procédure » « Concours restreint » non reconnue (attendu : une procédure du format DECP)");
    expect(lines[lines.length - 1]).toBe("Écrits : 100 ; laissés de côté : 2.");
    const written = JSON.parse(fs.readFileSync(one, "utf8"));
    expect(written.marches.marche.every((m: { dateNotification: string }) => m.dateNotification.startsWith("2025-"))).toBe(true);
  });
});

describe("spaser decp and the files around it", () => {
  const csv = path.join(dir, "registre.csv");
  beforeAll(() => {
    fs.writeFileSync(csv, "N° marché;Objet;Montant HT;Date de notification\nM1;Voirie;100000;12/03/2025\n");
  });

  test("a register without the publication columns: nothing published, the absent columns named once, exit 0", async () => {
    const out = path.join(dir, "vide.json");
    const r = await run(["decp", csv, "-o", out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("    colonnes absentes du registre : « SIRET acheteur » ; « Code CPV » ; « Type de contrat » ;");
    expect(r.out.trimEnd().split("\n").pop()).toBe("Écrits : 0 ; laissés de côté : 1.");
    const doc = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(doc.marches).toEqual({ marche: [], "contrat-concession": [] });
    expect(validDocument(doc)).toBe(true);
  });

  test("by default the file is written beside the register, named after it", async () => {
    const r = await run(["decp", csv, "--year", "2025"]);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(dir, "registre - DECP 2025.json"))).toBe(true);
  });

  test("never replaces a file spaser did not write (exit 2, the file untouched); replaces its own", async () => {
    const theirs = path.join(dir, "publie.json");
    fs.writeFileSync(theirs, '{"marches": {"marche": []}}');
    const r = await run(["decp", csv, "-o", theirs]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("spaser : « publie.json » existe et n'a pas été écrit par spaser : il n'est pas remplacé ; choisissez un autre fichier de sortie avec -o\n");
    expect(fs.readFileSync(theirs, "utf8")).toBe('{"marches": {"marche": []}}');
    const ours = path.join(dir, "nous.json");
    expect((await run(["decp", csv, "-o", ours])).code).toBe(0);
    expect((await run(["decp", csv, "-o", ours])).code).toBe(0);
  });

  test("the output must be a .json file other than the register", async () => {
    const r = await run(["decp", csv, "-o", path.join(dir, "decp.xml")]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("le fichier de sortie doit avoir l'extension .json");
    expect((await run(["decp", csv, "--date", "31/02/2026"])).err).toContain("date de référence invalide : 31/02/2026");
  });
});
