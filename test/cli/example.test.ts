/**
 * The example workbook (examples/registre-exemple.xlsx): rebuilt identically by
 * `npm run example`, shaped as a procurement officer keeps a register, and telling the story of a
 * SPASER that makes progress year after year, up to the year in progress (2026) when the loi
 * Climat et résilience starts to apply.
 */
import ExcelJS from "exceljs";
import { readInputFile } from "../../src/files/read-file";
import { computeIndicators } from "../../src/indicators/engine";
import { readWorkbook } from "../../src/register/read";
import { REGISTER_COLUMNS } from "../../src/register/columns";
import type { Register } from "../../src/register/types";
import { TARGET_IDS } from "../../src/spaser/referential";
import { EXAMPLE, expectDeterministicBuild, JsonOut, runJson } from "./helpers";

const { build } = require("../../scripts/build-example.js") as { build: (output?: string) => Promise<{ output: string; rows: number }> };

jest.setTimeout(60_000);

describe("npm run example", () => {
  test("rebuilds exactly the workbook that is checked in", async () => {
    await expectDeterministicBuild(build, EXAMPLE, "scripts/build-example.js");
  });
});

// ------------------------------------------------------------------ what the user typed, read with ExcelJS alone

type Row = Map<string, ExcelJS.CellValue>;

/** The register's rows as typed (header -> value), first row of each N° marché only. */
async function scanRegister(): Promise<Row[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(EXAMPLE);
  const ws = wb.getWorksheet("Registre") as ExcelJS.Worksheet;
  let headerRow = 0;
  ws.eachRow((row, n) => {
    if (!headerRow && row.getCell(1).value === "N° marché") headerRow = n;
  });
  const headers = new Map<number, string>();
  ws.getRow(headerRow).eachCell((cell, col) => headers.set(col, String(cell.value)));
  const rows: Row[] = [];
  const seen = new Set<string>();
  ws.eachRow((row, n) => {
    if (n <= headerRow) return;
    const values: Row = new Map();
    row.eachCell((cell, col) => values.set(headers.get(col) as string, cell.value));
    const id = values.get("N° marché");
    if (typeof id !== "string" || seen.has(id)) return;
    seen.add(id);
    rows.push(values);
  });
  return rows;
}

const yes = (v: ExcelJS.CellValue | undefined) => typeof v === "string" && v.trim().toLowerCase() === "oui";
const notifiedIn = (rows: Row[], year: number) => rows.filter((r) => {
  const d = r.get("Date de notification");
  return d instanceof Date && d.getUTCFullYear() === year;
});
const amount = (r: Row) => r.get("Montant HT (€)");

describe("the example workbook", () => {
  let reg: Register;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    const { grids, sheetNames } = await readInputFile(EXAMPLE);
    reg = readWorkbook(grids, sheetNames);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(EXAMPLE);
  });

  test("has the register and the four side sheets", () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Registre", "Activités", "Insertion", "Saisies", "Paramètres"]);
    expect(reg.source.sheet).toBe("Registre");
    expect(reg.activitiesSource?.sheet).toBe("Activités");
    expect(reg.insertionSource?.sheet).toBe("Insertion");
    expect(reg.manualInputs.length).toBeGreaterThanOrEqual(8);
  });

  test("keeps title rows above the header, as an officer's register does: an extraction of December 2026", () => {
    const ws = wb.getWorksheet("Registre") as ExcelJS.Worksheet;
    expect(String(ws.getCell("A1").value)).toMatch(/^Registre des marchés/);
    expect(String(ws.getCell("A2").value)).toMatch(/^Extraction du 14\/12\/2026 /);
    expect(reg.source.headerRow).toBeGreaterThanOrEqual(3);
    expect(reg.source.headerRow).toBeLessThanOrEqual(4);
  });

  test("holds every register column of SPEC §2.1 (launch date and waiver of the advance included), plus a column of the officer's own", () => {
    const expected = REGISTER_COLUMNS.map((c) => c.key).filter((k) => !k.startsWith("considerations"));
    expect(Object.keys(reg.source.columns).sort()).toEqual([...expected].sort());
    expect(reg.source.columns).toHaveProperty("dateLancement");
    expect(reg.source.columns).toHaveProperty("renonciationAvance");
    expect(reg.source.unknownColumns).toEqual(["Observations"]);
  });

  test("about 300 contracts over 2023–2025 and 70 in 2026, for both entities, one of them a concession", () => {
    const perYear = new Map<number, number>();
    for (const c of reg.contracts) if (c.dateNotification) perYear.set(c.dateNotification.y, (perYear.get(c.dateNotification.y) ?? 0) + 1);
    expect([...perYear.keys()].sort()).toEqual([2023, 2024, 2025, 2026]);
    for (const y of [2023, 2024, 2025]) expect(perYear.get(y)).toBeGreaterThanOrEqual(80);
    const full = [2023, 2024, 2025].reduce((s, y) => s + (perYear.get(y) as number), 0);
    expect(full).toBeGreaterThanOrEqual(270);
    expect(full).toBeLessThanOrEqual(330);
    // 2026: 56 contracts drawn at random (notified before mid-August), 13 consultations of late
    // 2026 written by hand (L1–L13 in scripts/build-example.js) and the concession: 56 + 13 + 1 = 70.
    expect(perYear.get(2026)).toBe(70);
    // Consultations still running: in the register, not notified yet.
    expect(reg.contracts.filter((c) => c.dateNotification === null).length).toBeGreaterThanOrEqual(5);
    expect(new Set(reg.contracts.map((c) => c.entite))).toEqual(new Set(["Ville", "Métropole"]));
    expect(new Set(reg.contracts.map((c) => c.procedure))).toEqual(new Set(["AOO", "AOR", "PN", "DC", "MAPA", "SANS", null]));
    const concessions = reg.contracts.filter((c) => c.nature === "Concession");
    expect(concessions.map((c) => [c.objet, c.entite, c.procedure])).toEqual([["Délégation de service public pour la gestion de la fourrière automobile", "Ville", "PN"]]);
  });

  test("launch dates: before the notification, missing on some contracts of 2023, shared by the lots of an operation", () => {
    const launched = reg.contracts.filter((c) => c.dateLancement && c.dateNotification);
    expect(launched.length).toBeGreaterThan(300);
    for (const c of launched) expect({ id: c.id, before: (c.dateLancement?.serial ?? 0) < (c.dateNotification?.serial ?? 0) }).toEqual({ id: c.id, before: true });
    const missing2023 = reg.contracts.filter((c) => c.dateNotification?.y === 2023 && c.dateLancement === null).length;
    expect(missing2023).toBeGreaterThan(3);
    const lots = reg.contracts.filter((c) => /-L\d\d$/.test(c.id));
    const byOperation = new Map<string, Set<number | null>>();
    for (const c of lots) {
      const key = c.id.replace(/-L\d\d$/, "");
      const set = byOperation.get(key) ?? new Set();
      set.add(c.dateLancement?.serial ?? null);
      byOperation.set(key, set);
    }
    expect(byOperation.size).toBeGreaterThanOrEqual(7);
    for (const [op, dates] of byOperation) expect({ op, launches: dates.size }).toEqual({ op, launches: 1 });
    // Contracts of 2026 drawn at random were all launched before the loi Climat applied.
    const law = Date.UTC(2026, 7, 21) / 86_400_000;
    const hand = new Set(HAND_WRITTEN.map((h) => h.objet));
    const after = reg.contracts.filter((c) => c.dateLancement && c.dateLancement.serial >= law && c.dateNotification && !hand.has(c.objet as string));
    expect(after.map((c) => c.id)).toEqual([]);
  });

  test("uses the number formats a user sets: euros and dates", () => {
    const ws = wb.getWorksheet("Registre") as ExcelJS.Worksheet;
    const header = ws.getRow(reg.source.headerRow);
    const cols: Record<string, number> = {};
    header.eachCell((cell, col) => (cols[String(cell.value)] = col));
    const firstContract = (col: number) => ws.getRow(reg.source.headerRow + 1).getCell(col);
    expect(firstContract(cols["Montant HT (€)"]).numFmt).toContain("€");
    expect(firstContract(cols["Date de notification"]).numFmt).toBe("dd/mm/yyyy");
    expect(firstContract(cols["Date de notification"]).value).toBeInstanceOf(Date);
    expect(ws.getColumn(cols["Date de lancement"]).numFmt).toBe("dd/mm/yyyy");
  });

  test("Paramètres: the collectivity, step 1, the rows of the 2026 law and of the national picture, and no unknown parameter", () => {
    const p = reg.parameters;
    expect(p.collectivite).toBe("Ville et Métropole");
    expect(p.etape).toBe(1);
    expect(p.libelleEtape).toEqual(["Étape 1 (2023-2026)", "Étape 2 (2027-2029)"]);
    expect(p.seuilClauseInsertion).toBe(90_000);
    expect(p.cibles.T1).toEqual([0.3, 0.7]);
    expect(p.horizonCotation).toBe(24);
    expect(p.t4InclutInsertion).toBe(true);
    expect([p.dateApplicationLoiClimat.y, p.dateApplicationLoiClimat.m, p.dateApplicationLoiClimat.d]).toEqual([2026, 8, 21]);
    expect([p.seuilEuropeenFournituresServices, p.seuilEuropeenTravaux]).toEqual([216_000, 5_404_000]);
    expect(p.referencesNationales).toEqual({ T1: null, T2: 1, T3: null, T4: 0.3 });
    expect(p.constatNational).toMatchObject({ environnemental: 0.292, social: 0.223, annee: 2022 });
    expect(reg.issues.filter((i) => i.sheet !== "Registre")).toEqual([]);
  });

  test("side sheets: trainings of action 7, the officialisation of action 5, the open data of action 15, PLIE follow-up up to 2026", () => {
    const acts = reg.activities ?? [];
    expect(acts.some((a) => a.action === 7 && a.agentsAFormer !== null && a.agentsFormes !== null)).toBe(true);
    expect(acts.some((a) => a.action === 7 && a.type === "Outil")).toBe(true);
    expect(acts.some((a) => a.action === 5 && a.type === "Officialisation" && a.statut === "Réalisée")).toBe(true);
    expect(acts.some((a) => a.action === 15 && a.statut === "Réalisée")).toBe(true);
    // The CAD of 2026 met on 19/11/2026.
    expect(acts.some((a) => a.action === 1 && a.statut === "Réalisée" && a.date?.y === 2026)).toBe(true);
    const ins = reg.insertion ?? [];
    expect(ins.length).toBeGreaterThan(50);
    expect(new Set(ins.map((r) => r.annee))).toEqual(new Set([2023, 2024, 2025, 2026]));
    const ids = new Set(reg.contracts.filter((c) => c.clauseInsertion).map((c) => c.id));
    // Every beneficiary row refers to a contract with a clause d'insertion.
    expect(ins.filter((r) => !ids.has(r.marche as string))).toEqual([]);
  });

  test("shows a SPASER making progress: every target rises from 2023 to 2025", async () => {
    const values: Record<string, (number | null)[]> = {};
    for (const year of ["2023", "2024", "2025"]) {
      const { json } = await runJson(["indicators", EXAMPLE, "--year", year]);
      for (const t of TARGET_IDS) (values[t] ??= []).push(json.indicators[t].value as number | null);
    }
    for (const t of TARGET_IDS) {
      const [a, b, c] = values[t] as number[];
      expect({ t, rising: a !== null && b !== null && c !== null && a < b && b < c }).toEqual({ t, rising: true });
    }
  });
});

// ------------------------------------------------------------------ 2026: the loi Climat, values, entities, the waived advance

/**
 * The consultations written by hand in scripts/build-example.js (LOI_CLIMAT_CONTRACTS), as the
 * test knows them: launch date, nature, amount, environmental criterion and clause, social
 * provisions. The ids are found by Objet.
 */
const HAND_WRITTEN = [
  { key: "L1", objet: "Nettoyage des locaux des crèches et des relais petite enfance" },
  { key: "L2", objet: "Collecte et valorisation des biodéchets des marchés alimentaires" },
  { key: "L3", objet: "Fourniture de papier, enveloppes et consommables d'impression" },
  { key: "L4", objet: "Fourniture de jouets et de matériel pédagogique pour les crèches" },
  { key: "L5", objet: "Requalification de l'avenue des Deux Rives (voirie, réseaux, plantations)" },
  { key: "L6", objet: "Réfection des couches de roulement des voies métropolitaines — secteur Nord" },
  { key: "L7", objet: "Construction du bassin de rétention des eaux pluviales de la Cerisaie" },
  { key: "L8", objet: "Maintenance des ascenseurs et monte-charges des bâtiments municipaux" },
  { key: "L9", objet: "Maîtrise d'œuvre pour la rénovation énergétique du groupe scolaire Pasteur" },
  { key: "L10", objet: "Blanchisserie et entretien du linge des crèches municipales" },
  { key: "L11", objet: "Acquisition de vélos-cargos pour les agents des espaces verts" },
  { key: "L12", objet: "Prestations de traiteur pour les vœux du maire" },
  { key: "L13", objet: "Fourniture de sel de déneigement" },
];

describe("the example in 2026, the default year: the loi Climat alerts, targets in value, each entity", () => {
  let json: JsonOut;
  let rows: Row[];
  let reg: Register;
  const id: Record<string, string> = {};
  beforeAll(async () => {
    ({ json } = await runJson(["indicators", EXAMPLE]));
    rows = await scanRegister();
    for (const h of HAND_WRITTEN) {
      const found = rows.filter((r) => r.get("Objet") === h.objet);
      expect({ key: h.key, found: found.length }).toEqual({ key: h.key, found: 1 });
      id[h.key] = found[0].get("N° marché") as string;
    }
    const { grids, sheetNames } = await readInputFile(EXAMPLE);
    reg = readWorkbook(grids, sheetNames);
  });
  const ids = (...keys: string[]) => keys.map((k) => id[k]).sort();

  test("2026 is the default year: the latest year with notified contracts", () => {
    expect(json.year).toBe(2026);
    expect(json.indicators.T1.denominator).toBe(notifiedIn(rows, 2026).length);
  });

  test("the hand-written consultations sit where the table of the build script says", () => {
    const at = (k: string) => rows.find((r) => r.get("N° marché") === id[k]) as Row;
    const day = (v: ExcelJS.CellValue | undefined) => (v instanceof Date ? v.toISOString().slice(0, 10) : v ?? null);
    expect(HAND_WRITTEN.map((h) => [h.key, day(at(h.key).get("Date de lancement")), at(h.key).get("Nature"), amount(at(h.key))])).toEqual([
      ["L1", "2026-08-21", "Services", 480_000],
      ["L2", "2026-09-07", "Services", 1_250_000],
      ["L3", "2026-09-14", "Fournitures", 216_000],
      ["L4", "2026-09-01", "Fournitures", 215_900],
      ["L5", "2026-08-24", "Travaux", 6_200_000],
      ["L6", "2026-08-28", "Travaux", 2_100_000],
      ["L7", "2026-09-02", "Travaux", 5_650_000],
      ["L8", "2026-09-15", "Services", 180_000],
      ["L9", "2026-09-10", "Maîtrise d'œuvre", 390_000],
      ["L10", "2026-09-03", "Services", 240_000],
      ["L11", "2026-08-20", "Fournitures", 60_000],
      ["L12", null, "Services", 35_000],
      ["L13", "2026-06-15", "Fournitures", 300_000],
    ]);
  });

  test("C7.1–C7.3, computed by hand from the table of LOI_CLIMAT_CONTRACTS and the consultations in progress", () => {
    // Population: the consultations (here each contract is its own: no « N° consultation » filled)
    // launched on or after 21/08/2026 — notified in 2026 (L1, launched on the very day, … L10; L11
    // was launched on 20/08, L13 in June; L12 has no launch date: left out and counted,
    // excluded = 1) or launched in 2026 and not notified yet: « en cours », still correctable
    // (SPEC §7.1.1), counted under the year of their launch. The 56 other contracts of 2026 were
    // notified before mid-August, hence launched before the law. No defence contract, no declared
    // exception in the example.
    const launchedAfterLaw = (r: Row) => {
      const d = r.get("Date de lancement");
      return d instanceof Date && d >= new Date(Date.UTC(2026, 7, 21)) && d.getUTCFullYear() === 2026;
    };
    const inProgress = rows.filter((r) => !(r.get("Date de notification") instanceof Date) && launchedAfterLaw(r));
    const progressIds = (f: (r: Row) => boolean) => inProgress.filter(f).map((r) => r.get("N° marché") as string);
    // Twelve consultations of late 2026 are still running: the renewals of 2027 V27-001 … V27-008,
    // M27-001 and V27-902 (the renewal of V24-006), and two the law sets aside, a defence contract
    // (M27-901) and a declared exception (V27-901), listed in `exclusions` and counted nowhere.
    expect(inProgress.map((r) => r.get("N° marché")).sort()).toEqual(["M27-001", "M27-901", "V27-001", "V27-002", "V27-003", "V27-004", "V27-005", "V27-006", "V27-007", "V27-008", "V27-901", "V27-902"]);
    for (const c of ["C7.1", "C7.2", "C7.3"])
      expect({ c, exclusions: json.indicators[c].exclusions }).toEqual({
        c,
        exclusions: [
          { id: "M27-901", reason: "marché de défense ou de sécurité" },
          { id: "V27-901", reason: "exception déclarée : urgence impérieuse (art. R2122-1 du code de la commande publique)" },
        ],
      });
    const lawful = inProgress.filter((r) => r.get("Défense ou sécurité") !== "oui" && !r.get("Motif d'exception loi Climat"));
    inProgress.splice(0, inProgress.length, ...lawful);
    // C7.1, no environmental award criterion (and not « sans mise en concurrence »): L1, L3, L4, L7,
    // and the running ones whose « Critère environnemental » is non: V27-002, V27-004, V27-008, M27-001 -> 8.
    expect(progressIds((r) => !yes(r.get("Critère environnemental"))).sort()).toEqual(["M27-001", "V27-002", "V27-004", "V27-008"]);
    expect(json.indicators["C7.1"].value).toBe(8);
    expect(json.indicators["C7.1"].ids).toEqual([...ids("L1", "L3", "L4", "L7"), "M27-001", "V27-002", "V27-004", "V27-008"].sort());
    expect(json.indicators["C7.1"].inProgress).toEqual(["M27-001", "V27-002", "V27-004", "V27-008"]);
    // C7.2, no environmental execution clause of any kind (clause environnementale, sobriété, suivi
    // or limitation des impacts, compensation carbone, économie circulaire: SPEC §7.1.1).
    const ENV_EXEC = ["Clause environnementale", "Clause de sobriété", "Clause de suivi des impacts", "Clause de limitation des impacts", "Compensation carbone", "Économie circulaire"];
    const noEnvExec = (r: Row) => ENV_EXEC.every((h) => !yes(r.get(h)));
    const notifiedL = rows.filter((r) => r.get("Date de notification") instanceof Date && (r.get("Date de notification") as Date).getUTCFullYear() === 2026 && launchedAfterLaw(r));
    expect(notifiedL.map((r) => r.get("N° marché")).sort()).toEqual(ids("L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8", "L9", "L10"));
    const c72 = [...notifiedL.filter(noEnvExec).map((r) => r.get("N° marché") as string), ...progressIds(noEnvExec)].sort();
    // L4, L6, L8, L9, L10 had no « Clause environnementale »; one of them carries another execution
    // clause of the list and leaves the alert; V27-001 is the only running one without any.
    expect(c72.length).toBe(5);
    expect(progressIds(noEnvExec)).toEqual(["V27-001"]);
    expect(json.indicators["C7.2"].value).toBe(c72.length);
    expect(json.indicators["C7.2"].ids).toEqual(c72);
    // C7.3, at or above the European threshold of its nature (works 5 404 000, others 216 000) on
    // the estimated value of the need (here the amount) and neither a clause d'insertion nor a
    // clause sociale.
    const threshold = (r: Row) => (r.get("Nature") === "Travaux" ? 5_404_000 : 216_000);
    const c73 = (r: Row) => typeof amount(r) === "number" && (amount(r) as number) >= threshold(r) && !yes(r.get("Clause d'insertion")) && !yes(r.get("Clause sociale (hors insertion)"));
    const expected73 = [...notifiedL.filter(c73), ...inProgress.filter(c73)].map((r) => r.get("N° marché") as string).sort();
    expect(json.indicators["C7.3"].value).toBe(expected73.length);
    expect(json.indicators["C7.3"].ids).toEqual(expected73);
    for (const c of ["C7.1", "C7.2", "C7.3"]) expect({ c, excluded: json.indicators[c].excluded }).toEqual({ c, excluded: 1 });
  });

  test("the unit of account: an allotted consultation counted once, subsequent contracts left out of value, a splitting group, a renewal", async () => {
    const { json: j24 } = await runJson(["indicators", EXAMPLE, "--year", "2024", "--detail"]);
    const { json: j25 } = await runJson(["indicators", EXAMPLE, "--year", "2025", "--detail"]);
    // C7.4 in 2024: the Ville's « Restauration collective » purchases passed without formal
    // procedure, each under 216 000 € HT: V24-006 10 500 + V24-012 15 440 + V24-016 57 070 +
    // V24-023 48 860 + V24-032 78 800 + V24-034 81 280 + V24-048 62 740 = 354 690 € HT ≥ 216 000.
    const group = (j24.indicators["C7.4"].groups ?? []).find((g) => g.famille === "Restauration collective");
    expect(group).toEqual({ entite: "Ville", famille: "Restauration collective", annee: 2024, total: 354_690, ids: ["V24-006", "V24-012", "V24-016", "V24-023", "V24-032", "V24-034", "V24-048"] });
    // A14.R2 in 2025 counts the consultation M25-901 (three lots) once, by its number, never its lots.
    const a14 = j25.indicators["A14.R2"].detail as { numerator: string[]; denominator: string[] };
    expect(a14.numerator.filter((id) => id.startsWith("M25-901"))).toEqual(["M25-901"]);
    expect(a14.denominator.filter((id) => id.startsWith("M25-901"))).toEqual(["M25-901"]);
    // T1.V in 2025: the subsequent contracts M25-903 (180 000) and M25-904 (240 000) are covered by
    // their framework agreement M25-902 (600 000), which is counted: they are left out, with the reason.
    const t1v = j25.indicators["T1.V"].detail as { denominator: string[]; excluded: { id: string; reason: string }[] };
    expect(t1v.excluded.filter((e) => e.id.startsWith("M25-90"))).toEqual([
      { id: "M25-903", reason: "marché subséquent compté sur son accord-cadre « M25-902 »" },
      { id: "M25-904", reason: "marché subséquent compté sur son accord-cadre « M25-902 »" },
    ]);
    // In number, a subsequent contract is a contract like any other (T1 counts all three).
    for (const id of ["M25-902", "M25-903", "M25-904"]) expect(j25.indicators.T1.detail?.denominator).toContain(id);
    // The renewal of V24-006, in progress, names the contract it renews; the concession is typed.
    const byId = new Map(reg.contracts.map((c) => [c.id, c]));
    expect(byId.get("V27-902")?.marchePrecedent).toBe("V24-006");
    expect(byId.get("V27-902")?.dateNotification).toBeNull();
    expect(reg.contracts.filter((c) => c.typeContrat === "concession").map((c) => c.objet)).toEqual(["Délégation de service public pour la gestion de la fourrière automobile"]);
    expect(byId.get("M25-902")?.typeContrat).toBe("accordCadre");
    expect(byId.get("M25-903")?.typeContrat).toBe("subsequent");
  });

  test("the same alerts are 0 in 2025: nothing notified in 2025 was launched after 21/08/2026", async () => {
    const { json: j25 } = await runJson(["indicators", EXAMPLE, "--year", "2025"]);
    // Contracts of 2025 without a launch date are left out and counted.
    const missing = notifiedIn(rows, 2025).filter((r) => !(r.get("Date de lancement") instanceof Date)).length;
    for (const c of ["C7.1", "C7.2", "C7.3"]) {
      expect({ c, value: j25.indicators[c].value }).toEqual({ c, value: 0 });
      expect({ c, excluded: j25.indicators[c].excluded ?? 0 }).toEqual({ c, excluded: missing });
    }
  });

  test("A17.R3: the advance waived by its holder leaves the alert, the one nobody waived stays", async () => {
    // Candidates, counted on the cells: notified in the year, more than 2 months, more than
    // 50 000 € HT, « Avance » = non, and « Renonciation à l'avance » not oui.
    const expected = (year: number) =>
      notifiedIn(rows, year)
        .filter((r) => (r.get("Durée (mois)") as number) > 2 && typeof amount(r) === "number" && (amount(r) as number) > 50_000)
        .filter((r) => r.get("Avance") === "non" && !yes(r.get("Renonciation à l'avance")))
        .map((r) => r.get("N° marché") as string)
        .sort();
    expect(json.indicators["A17.R3"].ids).toEqual(expected(2026));
    expect(json.indicators["A17.R3"].value).toBe(expected(2026).length);
    // L13 holds no advance and no waiver; L2 holds none either, but its holder waived it.
    expect(json.indicators["A17.R3"].ids).toContain(id.L13);
    expect(json.indicators["A17.R3"].ids).not.toContain(id.L2);
    // 2025: one contract whose holder waived the advance (« Avance refusée par le titulaire »).
    const waived25 = notifiedIn(rows, 2025).filter((r) => yes(r.get("Renonciation à l'avance")));
    expect(waived25).toHaveLength(1);
    const { json: j25 } = await runJson(["indicators", EXAMPLE, "--year", "2025"]);
    expect(j25.indicators["A17.R3"].ids).toEqual(expected(2025));
    expect(j25.indicators["A17.R3"].ids).not.toContain(waived25[0].get("N° marché"));
  });

  test("T1.V: the share of the amounts of 2026 that carry an environmental criterion", () => {
    // Σ Montant HT of the contracts of 2026 with « Critère environnemental » = oui / Σ Montant HT of
    // every contract of 2026 (all amounts of 2026 are numbers).
    const y = notifiedIn(rows, 2026);
    expect(y.every((r) => typeof amount(r) === "number")).toBe(true);
    const num = y.filter((r) => yes(r.get("Critère environnemental"))).reduce((s, r) => s + (amount(r) as number), 0);
    const den = y.reduce((s, r) => s + (amount(r) as number), 0);
    const t1v = json.indicators["T1.V"];
    expect(t1v.numerator).toBeCloseTo(num, 2);
    expect(t1v.denominator).toBeCloseTo(den, 2);
    expect(t1v.value).toBeCloseTo(num / den, 12);
    // The hand-written works of late 2026 weigh: L5 (6 200 000, criterion) is in both sums.
    expect(num).toBeGreaterThan(6_200_000);
  });

  test("T1 of each entity, counted on the cells", () => {
    for (const entity of ["Ville", "Métropole"]) {
      const y = notifiedIn(rows, 2026).filter((r) => r.get("Entité") === entity);
      const res = computeIndicators(reg, { year: 2026, entity });
      expect({ entity, n: res.indicators.T1.numerator, d: res.indicators.T1.denominator }).toEqual({ entity, n: y.filter((r) => yes(r.get("Critère environnemental"))).length, d: y.length });
    }
    // Both entities have contracts in 2026, and together they make the whole year.
    const v = notifiedIn(rows, 2026).filter((r) => r.get("Entité") === "Ville").length;
    const m = notifiedIn(rows, 2026).filter((r) => r.get("Entité") === "Métropole").length;
    expect(v).toBeGreaterThan(10);
    expect(m).toBeGreaterThan(10);
    expect(v + m).toBe(70);
  });
});
