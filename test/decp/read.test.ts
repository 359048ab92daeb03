/**
 * A DECP 2024 JSON file read as a register (SPEC §11, §2.1.1): concessions, several holders,
 * framework agreements and subsequent contracts counted once in value, modifications (the amount
 * at notification counts), and published files that do not satisfy the schema.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import schema from "../../src/decp/schema_decp_v2.0.3.json";
import { decpJsonGrid, loadRegisterFile } from "../../src/files/read-file";
import { computeIndicators } from "../../src/indicators/engine";
import { readWorkbook } from "../../src/register/read";
import type { Register } from "../../src/register/types";
import { contractNote } from "../../src/indicators/format";
import { run, runJson, tempDir } from "../cli/helpers";
import { contract, issuesOf } from "../helpers/workbook";

const FIXTURES = path.join(__dirname, "..", "fixtures", "decp");
const fixture = (name: string) => path.join(FIXTURES, name);
const BUYER = "21990001200019";
const uid = (id: string) => `${BUYER}${id}`;

describe("a full-schema DECP file: a framework agreement, its subsequent contracts, a modification, two holders, concessions", () => {
  const FILE = fixture("decp-2024-complet.json");
  let reg: Register;
  beforeAll(async () => {
    ({ register: reg } = await loadRegisterFile(FILE));
  });

  test("the file itself satisfies the official schema", () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(JSON.parse(fs.readFileSync(FILE, "utf8")))).toBe(true);
  });

  test("seven contracts; the second holders of two of them are co-holders, not contracts", () => {
    expect(reg.source).toMatchObject({ rowsRead: 9, rowsUsed: 7, rowsRejected: 0, rowsMerged: 2 });
    expect(reg.contracts.map((c) => c.id)).toEqual(["AC-2024-01", "MS-2024-01", "MS-2024-02", "M-2024-07", "M-2024-08", "DSP-2024-01", "CT-2024-02"].map(uid));
    expect(contract(reg, uid("M-2024-07"))).toMatchObject({ titulaire: "38012986600028", cotitulaires: ["79368308700019"], cotitulairesIds: [{ id: "79368308700019", type: "SIRET" }], typeGroupement: "Conjoint" });
    expect(issuesOf(reg, "error")).toEqual([]);
    expect(issuesOf(reg, "warning")).toEqual([]);
    // The co-holders are said once, in the words of a file of records.
    expect(reg.issues.filter((i) => /titulaires de plus/.test(i.message)).map((i) => i.message)).toEqual(["2 titulaires de plus que le premier lus (marchés à plusieurs titulaires)"]);
  });

  test("the unit of account: techniques « Accord-cadre » is the agreement, idAccordCadre names the parent, contrat-concession is a concession", () => {
    expect(contract(reg, uid("AC-2024-01"))).toMatchObject({ typeContrat: "accordCadre", accordCadre: null, montant: 500000, modalitesExecution: ["Marchés subséquents"] });
    // MS-2024-02 also says « Accord-cadre » in its techniques: its parent makes it a subsequent contract.
    for (const id of ["MS-2024-01", "MS-2024-02"]) expect(contract(reg, uid(id))).toMatchObject({ typeContrat: "subsequent", accordCadre: uid("AC-2024-01") });
    expect(contract(reg, uid("DSP-2024-01"))).toMatchObject({ typeContrat: "concession", nature: "Concession", natureConcession: "Délégation de service public", procedureConcession: "Procédure négociée ouverte", acheteurId: BUYER });
    expect(contract(reg, uid("CT-2024-02"))).toMatchObject({ typeContrat: "concession", montant: 1000000, montantSubventionPublique: 150000 });
    // The DECP nature « Marché » is not Travaux / Fournitures / Services: the CPV code gives it.
    expect(contract(reg, uid("M-2024-07")).nature).toBe("Travaux");
  });

  test("a modification: the amount at notification counts, the modified one is kept for the detail", () => {
    expect(contract(reg, uid("M-2024-07"))).toMatchObject({ montant: 200000, montantModifie: 230000 });
    expect(contract(reg, uid("DSP-2024-01"))).toMatchObject({ montant: 3000000, montantModifie: 3300000 });
    expect(contract(reg, uid("AC-2024-01")).montantModifie).toBeNull();
    expect(contractNote(contract(reg, uid("M-2024-07")))).toBe("montant après modifications : 230 000 € HT (compté : 200 000 € HT à la notification)");
  });

  test("T1 and T2, in number and in value, as SPEC §2.1.1 counts them (hand-computed)", () => {
    const res = computeIndicators(reg, { year: 2024 });
    // In number, one record = one contract: 7. Critère environnemental: AC-2024-01, M-2024-07.
    expect(res.indicators.T1).toMatchObject({ value: 2 / 7, numerator: 2, denominator: 7 });
    // Environmental consideration: AC (critère), MS-2024-01 (clause), M-2024-07 (both), DSP (clause).
    expect(res.indicators.T2).toMatchObject({ value: 4 / 7, numerator: 4, denominator: 7 });
    // In value, the subsequent contracts are counted on their agreement (500 000), amounts at
    // notification: 500 000 + 200 000 + 50 000 + 3 000 000 + 1 000 000 = 4 750 000.
    expect(res.indicators["T1.V"]).toMatchObject({ numerator: 700_000, denominator: 4_750_000 });
    expect(res.indicators["T1.V"].value).toBeCloseTo(700 / 4750, 12);
    // 500 000 (AC) + 200 000 (M-2024-07) + 3 000 000 (DSP) = 3 700 000.
    expect(res.indicators["T2.V"]).toMatchObject({ numerator: 3_700_000, denominator: 4_750_000 });
  });

  test("the detail sheet shows the modified amount beside the contract", async () => {
    const { buildDetail } = await import("../../src/dashboards/detail");
    const res = computeIndicators(reg, { year: 2024, detail: true });
    const { plan } = buildDetail(reg, res, { now: new Date(Date.UTC(2026, 11, 15)), source: "decp-2024-complet.json" });
    const texts = plan.cells.map((c) => c.value).filter((v): v is string => typeof v === "string");
    expect(texts).toContain("Réhabilitation du groupe scolaire des Lilas — montant après modifications : 230 000 € HT (compté : 200 000 € HT à la notification)");
  });
});

describe("real published files (test/fixtures/decp/README.md): read whatever their layout, valid or not", () => {
  test("GIP Maximilien (Île-de-France), flux of 29/02/2024 in the flat layout: a defence contract, lists flattened, nulls", async () => {
    const { register: reg } = await loadRegisterFile(fixture("decp-13001845000028-2024-02-29-01.json"));
    expect(reg.issues.filter((i) => i.severity !== "info")).toEqual([]);
    const c = reg.contracts[0];
    expect(c).toMatchObject({ id: "130018450000282024_D2F_2023S12323_33 962_01", defense: true, procedure: "AOO", montant: 952543.75, offresRecues: null, titulaireId: "44090956200041", lieuExecutionCode: "93", lieuExecutionTypeCode: "Code département" });
    expect(c.dateNotification).toMatchObject({ y: 2024, m: 1, d: 2 });
  });

  test("GIP Maximilien, flux of 06/10/2024: a framework agreement by its `_type`, a modification, records without procedure or CPV", async () => {
    const { register: reg } = await loadRegisterFile(fixture("decp-13001845000028-2024-10-06-extrait.json"));
    expect(reg.issues.filter((i) => i.severity !== "info")).toEqual([]);
    const id = (x: string) => `13001845000028${x}`;
    expect(contract(reg, id("D2F0000402"))).toMatchObject({ typeContrat: "accordCadre", montant: 0 });
    expect(contract(reg, id("D2F0000502"))).toMatchObject({ typeContrat: null, montant: 30000, montantModifie: 50 });
    expect(contract(reg, id("D2F2019S0000102"))).toMatchObject({ procedure: "PN", ccag: "Techniques de l'information et de la communication", sousTraitanceDeclaree: true });
    expect(contract(reg, id("D2F2016F0000202"))).toMatchObject({ procedure: null, cpv: null, ccag: null, nature: null });
  });

  test("SEMBREIZH (Bretagne, Mégalis): five contracts of the 2024 layout", async () => {
    const { register: reg } = await loadRegisterFile(fixture("decp-2024-format-sembreizh.json"));
    expect(reg.contracts).toHaveLength(5);
    expect(reg.contracts.every((c) => c.acheteurId === "59920013600241" && c.ccag === "Travaux" && c.typesPrix?.[0] === "Définitif révisable")).toBe(true);
  });

  test("the format's own examples (one record instead of a list, 2019-style flat lists, a TVA concessionnaire)", async () => {
    const m = (await loadRegisterFile(fixture("format-exemple-Marche-modification.json"))).register.contracts[0];
    expect(m).toMatchObject({ typeContrat: null, typesPrix: ["Définitif ferme"], modalitesExecution: ["Tranches"], montant: 575000, montantModifie: null, clauseEnvironnementale: true, socialDecp: true });
    const cc = (await loadRegisterFile(fixture("format-exemple-Contrat-concession-modification.json"))).register.contracts[0];
    expect(cc).toMatchObject({ typeContrat: "concession", titulaireId: "FR31344253653", titulaireTypeId: "TVA", natureConcession: "Concession de service", montant: 300000, montantModifie: null });
  });
});

describe("what cannot be read is reported per record, at its place in the file", () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const file = path.join(dir, "publie.json");
  fs.writeFileSync(
    file,
    JSON.stringify({
      marches: {
        marche: [
          "texte",
          { id: "X1", acheteur: { id: "21350238800019" }, objet: "Voirie", montant: { valeur: 5 }, dureeMois: "NC", dateNotification: "2024-02-30", titulaires: [{ titulaire: "typeIdentifiant" }, { titulaire: "id" }] },
          { objet: "sans identifiant", dateNotification: "2024-03-01" },
          { id: "X1", acheteur: { id: "21350238800019" }, dateNotification: "2024-03-01" },
        ],
      },
    }),
  );

  test("each issue names its record (marches.marche[i]), in French; the other records are read", async () => {
    const { code, json } = await runJson(["indicators", file]);
    expect(code).toBe(0);
    expect(json.register).toMatchObject({ rowsRead: 3, rowsUsed: 1, rowsRejected: 2 });
    expect(json.issues.filter((i) => i.severity !== "info").map((i) => [i.severity, i.cell, i.message])).toEqual([
      ["error", null, "marches.marche[0] : enregistrement illisible (objet JSON attendu) : ignoré"],
      ["warning", "marches.marche[1]", "« montant » n'est pas une valeur simple (objet JSON) : ignoré"],
      ["warning", "marches.marche[1]", "2 titulaires sans identifiant lisible dans « titulaires » : ignorés"],
      ["error", "marches.marche[1]", "« NC » n'est pas une durée (exemples acceptés : 36, 36 mois, 3 ans, 1 an et 6 mois)"],
      ["error", "marches.marche[1]", "« 2024-02-30 » n'est pas une date valide (attendu : JJ/MM/AAAA)"],
      ["error", "marches.marche[2]", "ni « id » ni acheteur : enregistrement ignoré"],
      ["error", "marches.marche[3]", "marché « 21350238800019X1 » en double (déjà marches.marche[1]) : enregistrement ignoré"],
    ]);
  });

  test("a record that is not valid JSON (a NaN of a careless export) is reported; the file is read record by record", async () => {
    const nan = path.join(dir, "nan.json");
    // With a byte-order mark, in Windows-1252 (« Travaux de réfection » written with one byte per letter).
    const text = '{"marches": [{"id": "A", "acheteur": {"id": "2"}, "objet": "Travaux de r\u00e9fection", "dateNotification": "2024-01-02", "montant": NaN}, {"id": "B", "acheteur": {"id": "2"}, "objet": "Voirie", "dateNotification": "2024-01-03", "montant": 5}]}';
    fs.writeFileSync(nan, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace("\\u00e9", "é"), "latin1")]));
    const { register: reg } = await loadRegisterFile(nan);
    expect(reg.contracts.map((c) => [c.id, c.objet, c.montant])).toEqual([["2B", "Voirie", 5]]);
    const errors = issuesOf(reg, "error");
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/^marches\[0\] : enregistrement illisible \(JSON invalide : .*\) : ignoré$/);
    const accents = path.join(dir, "accents.json");
    fs.writeFileSync(accents, Buffer.from(text.replace("\\u00e9", "é").replace("NaN", "12"), "latin1"));
    expect((await loadRegisterFile(accents)).register.contracts[0].objet).toBe("Travaux de réfection");
  });

  test("a file that is not JSON, or JSON without « marches »: exit 2 and a French message", async () => {
    const broken = path.join(dir, "coupe.json");
    fs.writeFileSync(broken, '{"marches": {"marche": [{"id": "A"');
    const r = await run(["indicators", broken]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^spaser : « coupe\.json » n'est pas un fichier JSON lisible \(coupé ou mal formé \?\) : il n'est pas lu\n {2}détail : /);
    const other = path.join(dir, "autre.json");
    fs.writeFileSync(other, '{"records": []}');
    expect((await run(["indicators", other])).err).toBe("spaser : « autre.json » n'est pas un fichier DECP au format JSON (liste « marches » attendue)\n");
  });
});

describe("decpJsonGrid (the register grid of a DECP document, used by the reconciliation)", () => {
  test("one row per holder with the DECP column names; read as a register it gives the file's contracts", () => {
    const json = JSON.parse(fs.readFileSync(fixture("decp-2024-complet.json"), "utf8"));
    const grid = decpJsonGrid(json, "DECP");
    expect(grid).not.toBeNull();
    expect(grid?.rows).toHaveLength(10);
    expect(grid?.rows[0].slice(0, 3)).toEqual(["uid", "id", "objet"]);
    const reg = readWorkbook([grid!]);
    expect(reg.contracts).toHaveLength(7);
    expect(decpJsonGrid({ autre: [] }, "x")).toBeNull();
  });
});
