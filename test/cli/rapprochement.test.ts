/**
 * `spaser rapprochement REGISTRE DECP.json` end to end on the example register: a DECP export of
 * its notified contracts is built here from the register itself (test/decp/decp-export.ts), then
 * altered — one contract removed, one added, one amount, one date, one procedure changed, one social
 * consideration removed — and each difference must be named with both values, the count last.
 */
import * as fs from "fs";
import * as path from "path";
import { loadRegisterFile } from "../../src/files/read-file";
import type { Contract } from "../../src/register/types";
import { readDecpText } from "../../src/decp/reconcile-input";
import type { RapprochementJson } from "../../src/cli/rapprochement-command";
import { decpExport, decpRecord } from "../decp/decp-export";
import { DECP_CSV, EXAMPLE, run, tempDir } from "./helpers";

jest.setTimeout(60_000);

let contracts: Contract[];
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  contracts = (await loadRegisterFile(EXAMPLE)).register.contracts;
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

function write(name: string, data: unknown): string {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, typeof data === "string" ? data : JSON.stringify(data));
  return file;
}

/** The export of the example altered six ways. */
function alteredExport(): string {
  const d = decpExport(contracts);
  const list = d.marches.marche;
  const at = (id: string) => {
    const r = list.find((x) => x.id === id);
    if (!r) throw new Error(`${id} not exported`);
    return r;
  };
  list.splice(list.indexOf(at("V23-003")), 1);
  list.push({ ...decpRecord(contracts.find((c) => c.id === "V23-001") as Contract), id: "V25-900", objet: "Fourniture de sel de déneigement", montant: 48_000, dateNotification: "2025-01-20", procedure: "Procédure adaptée" });
  at("V23-004").montant = 416_900;
  at("M23-002").dateNotification = "2023-03-15";
  at("V23-006").procedure = "Appel d'offres ouvert";
  at("V23-011").considerationsSociales = { considerationSociale: ["Pas de considération sociale"] };
  return write("decp-modifiee.json", d);
}

const EXPECTED_LINES = [
  "Absent de la DECP : « V23-003 », notifié le 13/02/2023, 356 400 € HT — Assurance protection juridique des agents et des élus — lot 5",
  "Absent du registre : « V25-900 » publié par l'acheteur 21690123100011, notifié le 20/01/2025, 48 000 € HT — Fourniture de sel de déneigement",
  "Montant HT : « V23-004 » — registre 461 900 € HT ; DECP 416 900 € HT",
  "Date de notification : « M23-002 » — registre 01/03/2023 ; DECP 15/03/2023",
  "Procédure : « V23-006 » — registre « MAPA » (adaptée) ; DECP « Appel d'offres ouvert » (formalisée)",
  "Considérations sociales : « V23-011 » — registre « Clause sociale » ; DECP « Pas de considération sociale »",
];

describe("spaser rapprochement", () => {
  test("the export of the example as it is: every notified contract matched, no difference", async () => {
    const r = await run(["rapprochement", EXAMPLE, write("decp.json", decpExport(contracts))]);
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: "" });
    const lines = r.out.trimEnd().split("\n");
    // 375 contracts, 362 of them notified (13 not yet: not expected in the DECP).
    expect(lines[1]).toBe("Registre : 362 marchés notifiés ; DECP : 362 contrats publiés par 2 acheteurs ; 362 contrats rapprochés (362 à l'identique).");
    expect(lines[lines.length - 1]).toBe("Aucun écart");
  });

  test("the altered export: each of the six differences named with both values, in that order, the count last", async () => {
    const r = await run(["rapprochement", EXAMPLE, alteredExport()]);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines[0]).toBe("Rapprochement du registre « registre-exemple.xlsx » (feuille « Registre ») et de la DECP « decp-modifiee.json » — toutes années");
    expect(lines[1]).toBe("Registre : 362 marchés notifiés ; DECP : 362 contrats publiés par 2 acheteurs ; 361 contrats rapprochés (361 à l'identique).");
    expect(lines[2]).toMatch(/^Rapprochement par identifiant \(« N° marché » du registre, « id » de la DECP\), tel qu'écrit, puis sans la casse, les accents, les espaces ni la ponctuation/);
    const first = lines.indexOf(EXPECTED_LINES[0]);
    expect(lines.slice(first, first + 6)).toEqual(EXPECTED_LINES);
    expect(lines[lines.length - 1]).toBe("6 écarts");
  });

  test("--year 2023: the contract added in 2025 is left out, the five others stay", async () => {
    const r = await run(["rapprochement", EXAMPLE, alteredExport(), "--year", "2023"]);
    const lines = r.out.trimEnd().split("\n");
    expect(lines[0]).toMatch(/— année 2023$/);
    expect(lines.filter((l) => EXPECTED_LINES.includes(l))).toEqual(EXPECTED_LINES.filter((l) => !l.includes("V25-900")));
    expect(lines[lines.length - 1]).toBe("5 écarts");
  });

  test("--entity Ville: the Métropole's contracts are not compared, its publications set aside as another buyer's", async () => {
    const r = await runRapprochementJson([EXAMPLE, alteredExport(), "--entity", "Ville"]);
    expect(r.entity).toBe("Ville");
    // The five differences of the Ville; the date of M23-002 (Métropole) is not one of them.
    expect(r.differences.map((d) => d.message)).toEqual(EXPECTED_LINES.filter((l) => !l.includes("M23-002")));
    const metropole = contracts.filter((c) => c.entite === "Métropole" && c.dateNotification !== null).length;
    expect(r.otherBuyers.buyers).toEqual(["24690002100014"]);
    expect(r.otherBuyers.ids.length).toBe(metropole);
    const text = await run(["rapprochement", EXAMPLE, alteredExport(), "--entity", "Ville"]);
    expect(text.out).toContain(
      `${metropole} contrats publiés par l'acheteur 24690002100014 dont aucun contrat n'est rapproché du registre : ces contrats ne sont pas comptés comme absents du registre (un autre acheteur ?)\n`,
    );
    expect(text.out.trimEnd().split("\n").pop()).toBe("5 écarts");
  });

  test("--json: each difference with its kind, ids and both values; the count equals the differences", async () => {
    const j = await runRapprochementJson([EXAMPLE, alteredExport()]);
    expect(j.count).toBe(6);
    expect(j.year).toBeNull();
    expect(j.register).toMatchObject({ file: "registre-exemple.xlsx", sheet: "Registre", contracts: 362 });
    expect(j.decp).toMatchObject({ file: "decp-modifiee.json", contracts: 362 });
    expect(j.matching.byRule).toEqual({ identique: 361, uid: 0, annee: 0, lot: 0 });
    expect(j.differences.map((d) => [d.kind, d.id, d.decpId, d.register, d.decp])).toEqual([
      ["missingFromDecp", "V23-003", null, "V23-003", null],
      ["missingFromRegister", null, "V25-900", null, "V25-900"],
      ["montant", "V23-004", "V23-004", 461_900, 416_900],
      ["dateNotification", "M23-002", "M23-002", "2023-03-01", "2023-03-15"],
      ["procedure", "V23-006", "V23-006", "MAPA", "Appel d'offres ouvert"],
      ["considerationsSociales", "V23-011", "V23-011", ["Clause sociale"], ["Pas de considération sociale"]],
    ]);
    // Where the register's contract is, to go and correct it.
    expect(j.differences[0]).toMatchObject({ sheet: "Registre", contract: { montant: 356_400, dateNotification: "2023-02-13" } });
  });

  test("one DECP record per holder (two holders each) does not make duplicates", async () => {
    const d = { marches: { marche: contracts.filter((c) => c.dateNotification).map((c) => decpRecord(c, 2)) } };
    const r = await run(["rapprochement", EXAMPLE, write("decp-2-titulaires.json", d)]);
    const lines = r.out.trimEnd().split("\n");
    expect(lines[1]).toBe("Registre : 362 marchés notifiés ; DECP : 362 contrats publiés par 2 acheteurs ; 362 contrats rapprochés (362 à l'identique).");
    expect(lines[lines.length - 1]).toBe("Aucun écart");
  });

  test("a real national extract (tabular CSV, one line per holder, repeated lines, ids differing only by case) against itself: every contract matched, no difference", async () => {
    const r = await runRapprochementJson([DECP_CSV, DECP_CSV]);
    // The data README: 8,957 rows, 5,180 contracts.
    expect([r.register.contracts, r.decp.contracts, r.matching.byRule.identique, r.count]).toEqual([5180, 5180, 5180, 0]);
  });

  test("the command line reads the DECP file as the task pane does", async () => {
    const file = alteredExport();
    const cli = (await loadRegisterFile(file)).register;
    const pane = readDecpText(fs.readFileSync(file, "utf8"), "decp-modifiee.json");
    expect(pane.contracts).toEqual(cli.contracts);
    expect([...pane.present].sort()).toEqual([...cli.present].sort());
  });

  test("--help says what the command compares and that --year restricts, all years by default", async () => {
    const r = await run(["rapprochement", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("spaser rapprochement REGISTRE DECP.json [--year ANNÉE] [--entity ENTITÉ] [--json]");
    expect(r.out).toContain("--year, --annee ANNÉE   seulement les contrats notifiés cette année-là, de 2000 à 2100 (par défaut : toutes les années)");
  });

  test("failures to read: exit 2 with a French message; differences are never a failure", async () => {
    const missing = await run(["rapprochement", EXAMPLE, path.join(tmp.dir, "absent.json")]);
    expect(missing).toMatchObject({ code: 2, out: "" });
    expect(missing.err).toContain("fichier DECP introuvable");
    const notDecp = await run(["rapprochement", EXAMPLE, write("autre.json", { donnees: [] })]);
    expect(notDecp.code).toBe(2);
    expect(notDecp.err).toBe("spaser : « autre.json » n'est pas un fichier DECP au format JSON (liste « marches » attendue)\n");
    const one = await run(["rapprochement", EXAMPLE]);
    expect(one.code).toBe(2);
    expect(one.err).toMatch(/^spaser : fichier DECP manquant/);
    expect(one.err).toContain("spaser rapprochement REGISTRE DECP.json");
    const three = await run(["rapprochement", EXAMPLE, "a.json", "b.json"]);
    expect(three.code).toBe(2);
    expect(three.err).toMatch(/^spaser : argument en trop : b\.json/);
    const option = await run(["rapprochement", EXAMPLE, "a.json", "-o", "x.xlsx"]);
    expect(option.err).toMatch(/^spaser : l'option -o ne s'applique pas à « spaser rapprochement »/);
  });
});

async function runRapprochementJson(argv: string[]): Promise<RapprochementJson> {
  const r = await run(["rapprochement", ...argv, "--json"]);
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as RapprochementJson;
}
