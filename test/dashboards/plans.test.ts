import { readWorkbook } from "../../src/register/read";
import { computeIndicators } from "../../src/indicators/engine";
import { buildDashboardPlans, SheetPlan, uniqueSheetName, validSheetName } from "../../src/dashboards";
import { INDICATORS, TARGET_IDS } from "../../src/spaser/referential";
import { fixtureGrids } from "./fixture";

const NOW = new Date("2026-03-02T09:30:00Z");

function build(opts: Parameters<typeof fixtureGrids>[0] = {}, year?: number) {
  const reg = readWorkbook(fixtureGrids(opts));
  const res = computeIndicators(reg, { year });
  return { reg, res, plans: buildDashboardPlans(reg, res, { now: NOW, source: "registre.xlsx" }) };
}

/** Row of a plan whose first column holds the id. */
function rowOf(plan: SheetPlan, id: string): Map<number, unknown> {
  const r = plan.cells.find((c) => c.c === 0 && c.value === id)?.r;
  if (r === undefined) throw new Error(`${id} absent de ${plan.name}`);
  return new Map(plan.cells.filter((c) => c.r === r).map((c) => [c.c, c.value]));
}

function headerCol(plan: SheetPlan, title: string): number {
  const cell = plan.cells.find((c) => c.value === title);
  if (!cell) throw new Error(`colonne ${title} absente`);
  return cell.c;
}

describe("dashboard plans", () => {
  test("TdB 1 holds T1–T6 and every indicator of actions 1–7 with the engine's value; TdB 2 holds actions 8–26", () => {
    const { res, plans } = build();
    const [tdb1, tdb2] = plans;
    expect(tdb1.name).toBe("TdB 1 - Déploiement");
    expect(tdb2.name).toBe("TdB 2 - Actions");
    const valueCol1 = headerCol(tdb1, "Valeur 2025");
    const valueCol2 = headerCol(tdb2, "Valeur 2025");
    for (const d of INDICATORS) {
      // T1.V … T6.V are shown beside T1–T6 in the column « En valeur » (tested below), N.ENV and N.SOC beside the OECP figures.
      if (d.kind === "valeur" || d.kind === "repere") continue;
      const plan = d.action >= 8 ? tdb2 : tdb1;
      const row = rowOf(plan, d.id);
      const r = res.indicators[d.id];
      const shown = row.get(d.action >= 8 ? valueCol2 : valueCol1);
      // One figure shown once (SPEC §3.x): a repeated measure says where it is.
      if (d.sameAs) expect(shown).toBe(`voir ${d.sameAs}`);
      else if (r.value === null) expect(shown).toBe("—");
      else if (d.unit === "yesno") expect(typeof shown).toBe("string");
      else expect(shown).toBe(r.value);
      // The other dashboard does not hold it.
      expect((d.action >= 8 ? tdb1 : tdb2).cells.some((c) => c.c === 0 && c.value === d.id)).toBe(false);
    }
    for (let n = 1; n <= 26; n++) expect((n <= 7 ? tdb1 : tdb2).cells.some((c) => c.value === `Action ${n}`)).toBe(true);
  });

  test("hand-computed T1 for 2025 appears as 0.5 with 2 / 4, and n/a shows a dash with its reason, never 0 %", () => {
    // 2025: M25-01 oui, M25-02 oui, M25-03 non, M25-04 non -> critère environnemental 2 / 4 = 0.5
    const { plans } = build();
    const tdb1 = plans[0];
    const t1 = rowOf(tdb1, "T1");
    expect(t1.get(headerCol(tdb1, "Valeur 2025"))).toBe(0.5);
    // Headers without hard hyphens.
    expect(t1.get(headerCol(tdb1, "Numérateur"))).toBe(2);
    expect(t1.get(headerCol(tdb1, "Dénominateur"))).toBe(4);
    // A1.R1 needs the Activités sheet, absent here.
    const a1 = rowOf(tdb1, "A1.R1");
    expect(a1.get(headerCol(tdb1, "Valeur 2025"))).toBe("—");
    expect(String(a1.get(headerCol(tdb1, "Commentaire")))).toMatch(/Activités/);
  });

  test("T1–T6 beside their value in amounts, the national reference and nothing invented", () => {
    // 2025, critère environnemental: M25-01 oui (150 000 €), M25-02 oui (2 000 000 €), M25-03 non (20 000 €),
    // M25-04 non (45 000 €) → T1.V = 2 150 000 / 2 215 000.
    const { plans, res } = build();
    const tdb1 = plans[0];
    expect(res.indicators["T1.V"]).toMatchObject({ value: 2_150_000 / 2_215_000, numerator: 2_150_000, denominator: 2_215_000 });
    const enValeur = headerCol(tdb1, "En valeur (montants HT)");
    const reference = headerCol(tdb1, "Référence nationale");
    const rowsOfT1 = tdb1.cells.filter((c) => c.c === 0 && c.value === "T1").map((c) => c.r);
    expect(rowsOfT1).toHaveLength(2);
    const compared = new Map(tdb1.cells.filter((c) => c.r === rowsOfT1[1]).map((c) => [c.c, c.value]));
    expect(compared.get(enValeur)).toBeCloseTo(2_150_000 / 2_215_000, 12);
    // No national reference for T1 by default; 100 % for T2 and 30 % for T4 (PNAD 2025 objectives).
    expect(compared.get(reference)).toBe("—");
    const t2 = tdb1.cells.filter((c) => c.c === 0 && c.value === "T2").map((c) => c.r)[1];
    expect(tdb1.cells.find((c) => c.r === t2 && c.c === reference)?.value).toBe(1);
    const t4 = tdb1.cells.filter((c) => c.c === 0 && c.value === "T4").map((c) => c.r)[1];
    expect(tdb1.cells.find((c) => c.r === t4 && c.c === reference)?.value).toBe(0.3);
    // A reference never changes a status: T2 in 2025 = M25-01 (criterion, clause, circular) and M25-02
    // (criterion) of 4 → 2 / 4 = 50 %, « Atteint » at the 50 % target although the reference says 100 %.
    expect(res.indicators.T2).toMatchObject({ value: 0.5, status: "Atteint" });
  });

  test("with the drill-down, every indicator row links to its block of « Détail des indicateurs », which lists its contracts", () => {
    const reg = readWorkbook(fixtureGrids());
    const res = computeIndicators(reg, { detail: true });
    const plans = buildDashboardPlans(reg, res, { now: NOW, source: "registre.xlsx" });
    expect(plans.map((p) => p.name)).toEqual(["TdB 1 - Déploiement", "TdB 2 - Actions", "Détail des indicateurs"]);
    const [tdb1, tdb2, detail] = plans;
    const link = tdb1.cells.find((c) => c.c === 0 && c.value === "T1" && c.link)?.link;
    expect(link).toMatch(/^'Détail des indicateurs'!A\d+$/);
    const top = Number(/A(\d+)$/.exec(link as string)![1]) - 1;
    expect(detail.cells.find((c) => c.r === top && c.c === 0)?.value).toBe("T1");
    // The block of T1 (2025): M25-01 and M25-02 in the numerator, M25-03 and M25-04 in the denominator only.
    const block: [unknown, unknown][] = [];
    for (let r = top + 2; ; r++) {
      const id = detail.cells.find((c) => c.r === r && c.c === 1)?.value;
      if (typeof id !== "string" || id === "") break;
      block.push([id, detail.cells.find((c) => c.r === r && c.c === 4)?.value]);
    }
    expect(block).toEqual([
      ["M25-01", "numérateur"],
      ["M25-02", "numérateur"],
      ["M25-03", "dénominateur seul"],
      ["M25-04", "dénominateur seul"],
    ]);
    // Objet and Montant of the register beside the N° marché.
    const m2501 = detail.cells.find((c) => c.c === 1 && c.value === "M25-01")!.r;
    expect(detail.cells.find((c) => c.r === m2501 && c.c === 2)?.value).toBe("Mobilier");
    expect(detail.cells.find((c) => c.r === m2501 && c.c === 3)?.value).toBe(150000);
    // TdB 2 rows link too (A8.R1: insertion among contracts targeted for action 8).
    expect(tdb2.cells.some((c) => c.value === "A8.R1" && c.link)).toBe(true);
    // Without the drill-down, no detail sheet and no links.
    const plain = build().plans;
    expect(plain).toHaveLength(2);
    expect(plain[0].cells.some((c) => c.link)).toBe(false);
  });

  test("targets and status follow the step of Paramètres", () => {
    // T1 = 0.5 in 2025: reached at step 1 (30 %), not at step 2 (70 %).
    const step1 = build({ etape: 1 }).plans[0];
    const step2 = build({ etape: 2 }).plans[0];
    const statusCol = (p: SheetPlan) => headerCol(p, "Statut");
    expect(rowOf(step1, "T1").get(statusCol(step1))).toBe("Atteint");
    expect(rowOf(step2, "T1").get(statusCol(step2))).toBe("En cours");
    expect(step1.cells.some((c) => typeof c.value === "string" && c.value.includes("(en cours)") && c.value.includes("1"))).toBe(true);
    expect(step2.cells.some((c) => typeof c.value === "string" && c.value.includes("(en cours)") && c.value.includes("2"))).toBe(true);
    for (const t of TARGET_IDS) expect(rowOf(step2, t).size).toBeGreaterThan(5);
  });

  test("year columns follow the register's years and hold the yearly series", () => {
    const { plans, res } = build();
    const tdb2 = plans[1];
    expect(res.years).toEqual([2024, 2025]);
    const c2024 = headerCol(tdb2, "2024");
    const c2025 = headerCol(tdb2, "2025");
    // A15.E1 mean offers: 2024 (4+3+6+2+5+1)/6 = 3.5 ; 2025 (3+4+2+5)/4 = 3.5
    const row = rowOf(tdb2, "A15.E1");
    expect(row.get(c2024)).toBeCloseTo(3.5, 10);
    expect(row.get(c2025)).toBeCloseTo(3.5, 10);
    // A year with contracts only in 2024: one year column.
    const reg = readWorkbook(fixtureGrids());
    reg.contracts = reg.contracts.filter((c) => c.dateNotification?.y === 2024);
    const res24 = computeIndicators(reg, {});
    const p = buildDashboardPlans(reg, res24, { now: NOW })[1];
    expect(p.cells.some((c) => c.value === "2025")).toBe(false);
    expect(p.cells.some((c) => c.value === "2024")).toBe(true);
  });

  test("points d'attention list the contracts: mandatory advance missing, insertion threshold, price revision", () => {
    const { plans } = build({}, 2024);
    const values = plans[1].cells.map((c) => c.value);
    // Advance missing: M24-03 (18 months, 800 000 €, avance non) only.
    // Above 90 000 € without insertion clause: M24-03.
    // Over 12 months without price revision: M24-02 is 12 months (not over), M24-03 18 months non -> M24-03.
    expect(values.filter((v) => v === "M24-03").length).toBe(3);
    expect(values).not.toContain("M24-02");
  });

  test("a contract id that looks like a formula stays a text value in the plan", () => {
    const { plans } = build({ idPiege: "=1+1" }, 2024);
    const cells = plans[1].cells.filter((c) => c.value === "=1+1");
    expect(cells.length).toBe(3);
    expect(plans[1].styles[cells[0].style as string].numFmt).toBe("@");
  });

  test("print setup: A4 landscape, one page wide, repeated title rows, header and footer", () => {
    const { plans } = build();
    for (const p of plans) {
      expect(p.print).toMatchObject({ orientation: "landscape", paperSize: "A4", fitToWidth: 1, fitToHeight: 0 });
      expect(p.print.titleRows).toBeDefined();
      expect(p.print.header.left).toBe("Ville et Métropole de Test");
      expect(p.print.footer.right).toContain("&P");
      expect(p.freeze?.rows).toBeGreaterThan(0);
    }
    expect(plans[0].charts.length).toBe(1);
  });
});

describe("sheet names", () => {
  test("names are valid in Excel: at most 31 characters, none of : \\ / ? * [ ]", () => {
    expect(validSheetName("Tableau [1]: suivi/2025 ?*")).toBe("Tableau -1-- suivi-2025 --");
    expect(validSheetName("x".repeat(40)).length).toBe(31);
    expect(validSheetName("''")).toBe("Feuille");
  });
  test("a name already taken (case-insensitive) gets a number", () => {
    expect(uniqueSheetName("TdB 1 - Déploiement", ["tdb 1 - déploiement"])).toBe("TdB 1 - Déploiement (2)");
    expect(uniqueSheetName("TdB 1 - Déploiement", ["TdB 1 - Déploiement", "TdB 1 - Déploiement (2)"])).toBe("TdB 1 - Déploiement (3)");
    const long = uniqueSheetName("y".repeat(31), ["y".repeat(31)]);
    expect(long.length).toBeLessThanOrEqual(31);
    expect(long.endsWith("(2)")).toBe(true);
  });
});
