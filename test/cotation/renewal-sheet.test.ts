/**
 * The « Cotation CAD » sheet after SPEC §9: the amount at stake beside the score and the order by
 * score × amount at stake, the levers the loi Climat makes compulsory at the renewal (« obligatoire »,
 * no point), the compulsory advance as a legal duty, the renewal typed in « Marché de
 * renouvellement » kept on refresh, decisions waiting for their renewal, decisions outside the
 * window kept. Default Paramètres; values worked out by hand in the comments.
 */
import { AT_STAKE_HEADER, DUTIES_HEADER, FOLLOW_UP_HEADER, prepareCotation, SCORE_HEADER } from "../../src/dashboards/cotation";
import type { SheetPlan } from "../../src/dashboards/plan";
import { makeDate } from "../../src/register/values";
import type { DateValue } from "../../src/register/types";
import { readRegister, sheet } from "../helpers/workbook";
import { buildTdb1 } from "../../src/dashboards/tdb1";
import { computeIndicators } from "../../src/indicators/engine";
import { readWorkbook } from "../../src/register/read";

const HEADERS = ["N° marché", "Objet", "Nature", "Procédure", "Montant HT", "Durée (mois)", "Date de notification", "Date prévisionnelle d'attribution", "Récurrent", "Marché précédent"];
const REG = readRegister(HEADERS, [
  { "N° marché": "CANT", Objet: "Restauration scolaire", Nature: "Services", Procédure: "AOO", "Montant HT": 1_560_000, "Durée (mois)": 48, "Date de notification": "15/01/2024", "Date prévisionnelle d'attribution": "01/03/2028", Récurrent: "oui" },
  { "N° marché": "NETT", Objet: "Nettoyage des locaux", Nature: "Services", Procédure: "MAPA", "Montant HT": 133_000, "Durée (mois)": 12, "Date de notification": "01/03/2027", "Date prévisionnelle d'attribution": "01/03/2028", Récurrent: "oui" },
  // OLD was renewed by NEW (notified 2025); OLD is outside the window.
  { "N° marché": "OLD", Objet: "Papier", Nature: "Fournitures", Procédure: "MAPA", "Montant HT": 30_000, "Durée (mois)": 12, "Date de notification": "01/02/2024", Récurrent: "oui" },
  { "N° marché": "NEW", Objet: "Papier", Nature: "Fournitures", Procédure: "MAPA", "Montant HT": 30_000, "Durée (mois)": 12, "Date de notification": "01/02/2025", Récurrent: "oui", "Marché précédent": "OLD" },
]);
const NOW = new Date(2026, 9, 1, 9, 0);
const at = (plan: SheetPlan, r: number, c: number) => plan.cells.find((x) => x.r === r && x.c === c)?.value;
const col = (plan: SheetPlan, title: string) => plan.cells.find((x) => x.value === title)!.c;
const rowOf = (plan: SheetPlan, id: string) => plan.cells.find((c) => c.c === 0 && c.value === id)!.r;
const norm = (v: unknown) => String(v ?? "").replace(/[\u00a0\u202f]/g, " ");

describe("reference 01/10/2026 (after the loi Climat's application date): window 01/10/2027 – 01/10/2028", () => {
  const previous = sheet("Cotation CAD", [
    ["N° marché", "Décision CAD (actions retenues)", "Marché de renouvellement", "Commentaire"],
    ["NETT", "8; 24", "NETT-2028", "vu en CAD"],
    ["OLD", "18", null, null],
  ]);
  const run = prepareCotation(REG, [previous], { now: NOW, reference: makeDate(2026, 10, 1) as DateValue });
  const plan = run.plan;

  test("1.56 M€ of school catering scored lower comes before 133 k€ of cleaning: score × amount at stake", () => {
    // CANT: 8 obligatoire (1 560 000 ≥ 216 000: 0), 10 (4), 12 (2), 13 (6), 14 (2), 18 (4), 19 (48 > 12: 2),
    // 21 (2), 22 (2), 24 obligatoire (0); no 17 (≥ 215 000) → 24. At stake 1 560 000 × 12 / 48 = 390 000.
    // NETT: 8 (133 000 < 216 000: 10), 10 (4), 12 (2), 14 (2), 17 (< 215 000: 3), 18 (4), 20 (MAPA: 3),
    // 21 (2), 22 (2), 24 obligatoire (0), 25 (nettoyage: 4) → 36. At stake 133 000 × 12 / 12 = 133 000.
    // 24 × 390 000 = 9 360 000 > 36 × 133 000 = 4 788 000.
    expect(run.rows.map((r) => r.contract.id).sort()).toEqual(["CANT", "NETT"]);
    const cant = rowOf(plan, "CANT");
    const nett = rowOf(plan, "NETT");
    expect(cant).toBeLessThan(nett);
    expect(at(plan, cant, col(plan, SCORE_HEADER))).toBe(24);
    expect(at(plan, nett, col(plan, SCORE_HEADER))).toBe(36);
    expect(at(plan, cant, col(plan, AT_STAKE_HEADER))).toBe(390_000);
    expect(at(plan, nett, col(plan, AT_STAKE_HEADER))).toBe(133_000);
  });

  test("the levers the loi Climat makes compulsory are marked « obligatoire » and worth no point", () => {
    const cant = rowOf(plan, "CANT");
    expect(at(plan, cant, col(plan, "Leviers (actions)"))).toBe("8 (obligatoire); 10; 12; 13; 14; 18; 19; 21; 22; 24 (obligatoire)");
    expect(norm(at(plan, cant, col(plan, "Motifs")))).toMatch(/8 obligatoire \(0 point\) : loi Climat \(art\. L2112-2-1\)/);
    expect(norm(at(plan, cant, col(plan, DUTIES_HEADER)))).toBe(
      "avance obligatoire (art. R2191-3 : durée > 2 mois et montant > 50 000 € HT) ; loi Climat : clause environnementale d'exécution et critère environnemental (24) ; loi Climat : considération sociale d'exécution, seuil européen atteint (8)",
    );
    // Below the European threshold, 8 stays a choice.
    expect(at(plan, rowOf(plan, "NETT"), col(plan, "Leviers (actions)"))).toBe("8; 10; 12; 14; 17; 18; 20; 21; 22; 24 (obligatoire); 25");
  });

  test("the renewal typed is kept; the decision waits for it; a decision outside the window stays, applied to its renewal", () => {
    const nett = rowOf(plan, "NETT");
    expect(at(plan, nett, col(plan, "Marché de renouvellement"))).toBe("NETT-2028");
    expect(at(plan, nett, col(plan, FOLLOW_UP_HEADER))).toBe("en attente de renouvellement : « NETT-2028 » n'est pas encore au registre");
    const old = rowOf(plan, "OLD");
    expect(old).toBeGreaterThan(nett);
    expect(at(plan, old, col(plan, "Décision CAD (actions retenues)"))).toBe("18");
    expect(at(plan, old, col(plan, FOLLOW_UP_HEADER))).toBe("appliquée au renouvellement NEW (notifié en 2025)");
    const texts = plan.cells.map((c) => String(c.value ?? ""));
    expect(texts).toContain("1 : NETT (décisions prises, marché de renouvellement pas encore au registre)");
  });
});

test("before the application date no lever is compulsory (reference 01/06/2026, window 01/06/2027 – 01/06/2028)", () => {
  const run = prepareCotation(REG, [], { now: NOW, reference: makeDate(2026, 6, 1) as DateValue });
  expect(run.rows.map((r) => r.contract.id).sort()).toEqual(["CANT", "NETT"]);
  for (const r of run.rows) expect(r.levers.some((l) => l.compulsory)).toBe(false);
});

test("TdB 1 lists the decisions waiting for their renewal under action 1", () => {
  // NETT decided, renewal typed « NETT-2028 » not in the register; OLD decided, renewed by NEW: 1 waiting.
  const grid = sheet("Registre", [HEADERS, ["OLD", "Papier", "Fournitures", "MAPA", 30_000, 12, "01/02/2024", null, "oui", null], ["NEW", "Papier", "Fournitures", "MAPA", 30_000, 12, "01/02/2025", null, "oui", "OLD"], ["NETT", "Nettoyage", "Services", "MAPA", 133_000, 12, "01/03/2025", null, "oui", null]]);
  const cot = sheet("Cotation CAD", [["N° marché", "Décision CAD (actions retenues)", "Marché de renouvellement"], ["NETT", "8", "NETT-2028"], ["OLD", "18", null]]);
  const reg = readWorkbook([grid, cot]);
  const plan = buildTdb1(reg, computeIndicators(reg, { year: 2025 }), { now: NOW });
  const label = plan.cells.find((c) => c.value === "Décisions CAD en attente de renouvellement")!;
  const a1 = plan.cells.find((c) => c.value === "A1.E1")!;
  expect(label.r).toBeGreaterThan(a1.r);
  expect(at(plan, label.r, 2)).toBe(1);
  expect(plan.cells.filter((c) => c.r === label.r).map((c) => String(c.value ?? "")).join(" ")).toMatch(/Marchés NETT : décisions prises/);
});
