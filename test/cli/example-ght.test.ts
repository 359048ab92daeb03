/**
 * The second worked example (examples/spaser-ght.xlsx): the SPASER of a hospital group with its
 * own `Référentiel` sheet (SPEC §8). Every expected value below is computed by hand from the
 * contracts written in scripts/build-example-ght.js (CONTRACTS_2026); the comments give the
 * arithmetic, contract by contract (« 001 » stands for GHT26-001).
 *
 * Procedures of the 36 contracts of 2026 (the default year):
 *   formalisée (18): appel d'offres ouvert 001 004 006 007 008 012 015 018 019 020 025 027 028 033,
 *                    procédure avec négociation 002 013 034 036;
 *   adaptée (16): 003 005 010 011 014 017 021 022 023 024 026 029 030 031 032 035;
 *   sans publicité ni mise en concurrence (2): 009 016.
 */
import * as path from "path";
import ExcelJS from "exceljs";
import { expectDeterministicBuild, JsonOut, ROOT, run, runJson, tempDir } from "./helpers";
import { DEFAULT_PLAN } from "../../src/spaser/plan";

const GHT = path.join(ROOT, "examples", "spaser-ght.xlsx");
const { build } = require("../../scripts/build-example-ght.js") as { build: (output?: string) => Promise<{ output: string }> };

jest.setTimeout(60_000);

describe("npm run example (the hospital group's workbook)", () => {
  test("rebuilds exactly the workbook that is checked in", async () => {
    await expectDeterministicBuild(build, GHT, "scripts/build-example-ght.js");
  });

  test("holds a register, its own plan, its own referential and its parameters", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(GHT);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Marchés", "Plan", "Référentiel", "Paramètres"]);
  });
});

describe("spaser indicators on the hospital group's SPASER", () => {
  let json: JsonOut;
  let code: number;
  beforeAll(async () => {
    ({ code, json } = await runJson(["indicators", GHT]));
  });
  const ind = (id: string) => json.indicators[id];

  test("reads the whole workbook without a warning or an error, says which built-ins its plan leaves out, and reports 2026", () => {
    expect(code).toBe(0);
    expect(json.issues.filter((i) => i.severity !== "info")).toEqual([]);
    // With its own Plan, only T1–T6 and the rows of its Référentiel are computed (SPEC §8.1): the
    // city's built-ins other than T1–T6, their value forms T1.V–T6.V and those the sheet names (108 of the 124 the
    // tool writes in a Référentiel) are not, and the user is told so once.
    expect(json.issues).toHaveLength(1);
    expect(json.issues[0]).toMatchObject({ severity: "info", sheet: "Plan" });
    expect(json.issues[0].message).toMatch(/108 indicateurs intégrés/);
    expect(json.register).toEqual({ sheet: "Marchés", headerRow: 4, rowsRead: 48, rowsUsed: 48, rowsRejected: 0, rowsMerged: 0 });
    expect(json.year).toBe(2026);
  });

  test("the text output names the workbook's referential and plan, and the built-ins it leaves out", async () => {
    const r = await run(["indicators", GHT]);
    expect(r.code).toBe(0);
    // Replaced: T1, T5, T6 and the relabelled A14.E2 (4); added H1–H12 (12). Plan: 4 axes, 6 objectives, 10 actions.
    expect(r.out).toContain(
      "Référentiel du classeur (feuille « Référentiel ») : 4 indicateurs remplacés, 12 ajoutés. Plan du classeur (feuille « Plan ») : 4 axes, 6 objectifs, 10 actions ; 108 indicateurs intégrés non calculés (absents de la feuille « Référentiel »).\n",
    );
  });

  test("a mean of « Montant HT » is shown in euros (H9), a mean of offers as a number (H6)", async () => {
    const r = await run(["indicators", GHT]);
    expect(r.out).toMatch(/ {4}H9 .*\n {12}208 727 € HT {2}\(4 592 000 \/ 22\)/);
    expect(r.out).toMatch(/ {4}H6 .*\n {12}3,24 {2}\(55 \/ 17\)/);
  });

  test("T1 redefined: formalised procedures only, with the GHT's targets (60 % at step 1)", () => {
    // Population: the 18 formalised contracts. Without a critère environnemental: 007 (échographes),
    // 013 (pompes à perfusion), 020 (sécurité incendie), 028 (nettoyage des blocs). 18 − 4 = 14.
    expect(ind("T1")).toMatchObject({ label: "% de marchés formalisés avec un critère environnemental", numerator: 14, denominator: 18, target: 0.6, status: "Atteint" });
    expect(ind("T1").value).toBeCloseTo(14 / 18, 12);
  });

  test("a built-in relabelled keeps its definition: A14.E2 over the holders whose size is known", () => {
    // PME = oui: 003 005 008 009 010 011 014 015 017 021 022 023 024 026 027 028 030 031 032 033
    // 035 036 = 22; PME = non: 001 002 004 006 007 012 013 018 019 020 025 034 = 12; unknown: 016,
    // 029 (left out). The register names its holders, so A14.E2 counts enterprises (SPEC §3.x): Bâtisud
    // holds 011 and 024, Propreté Services des Monts 014 and 028 → 22 − 2 = 20 PME among 34 − 2 = 32 holders.
    expect(ind("A14.E2")).toMatchObject({ label: "Part des PME parmi les titulaires des marchés du GHT", numerator: 20, denominator: 32, excluded: 2 });
  });

  test("H1 — a population on an amount: [Montant HT] >= 40 000, with a clause environnementale", () => {
    // Under 40 000 € HT, out of the population: 005 (28 000), 010 (36 000), 023 (22 000),
    // 030 (30 000), 035 (18 000). 36 − 5 = 31. Without a clause environnementale among the 31:
    // 002 007 008 009 016 029 032 = 7. 31 − 7 = 24.
    expect(ind("H1")).toMatchObject({ numerator: 24, denominator: 31, target: 0.5, status: "Atteint" });
    expect(ind("H1").value).toBeCloseTo(24 / 31, 12);
  });

  test("H2 — a procedure class: Procédure = \"adaptée\", negotiated", () => {
    // The 16 MAPA; negotiated: 003 005 010 011 014 017 022 026 031 = 9. 9 / 16 = 0.5625.
    expect(ind("H2")).toMatchObject({ value: 0.5625, numerator: 9, denominator: 16, target: 0.4, status: "Atteint" });
  });

  test("H3 — ciblé(8): a clause d'insertion or a reservation", () => {
    // Targeted for action 8: 004 011 014 018 020 024 027 028 = 8; all but 018 (maintenance CVC)
    // hold a clause d'insertion, none is reserved. 7 / 8.
    expect(ind("H3")).toMatchObject({ value: 0.875, numerator: 7, denominator: 8, target: 0.8, status: "Atteint" });
  });

  test("H4 — a count with the derived predicate: formalised contracts with no social consideration", () => {
    // Among the 18 formalised, a social consideration: clause d'insertion 004 006 020 027 028,
    // clause sociale 020, critère social 015. 18 − 6 (004 006 015 020 027 028) = 12.
    expect(ind("H4").value).toBe(12);
  });

  test("H5 — a sum: purchases from the social economy and sheltered sector, in euros", () => {
    // Titulaire ESS = oui: 005 (28 000), 017 (75 000), 021 (48 000), 031 (85 000), 035 (18 000);
    // reserved: 005 (ESAT), 021 (SIAE), 031 (ESAT), already in. 28 000 + 75 000 + 48 000 + 85 000
    // + 18 000 = 254 000. 032 has « Titulaire ESS » blank (unknown) and is not reserved: unknown OU
    // faux = unknown, left out.
    expect(ind("H5").value).toBe(254_000);
  });

  test("H6 — a mean over a procedure class: offers received by the formalised procedures", () => {
    // Offers of the 18 formalised: 001 4, 002 2, 004 3, 006 3, 007 blank (unknown, left out),
    // 008 6, 012 3, 013 2, 015 3, 018 3, 019 3, 020 4, 025 2, 027 3, 028 4, 033 3, 034 3, 036 4.
    // 4+2+3+3+6+3+2+3+3+3+4+2+3+4+3+3+4 = 55 over 17 contracts.
    expect(ind("H6")).toMatchObject({ numerator: 55, denominator: 17 });
    expect(ind("H6").value).toBeCloseTo(55 / 17, 12);
  });

  test("H7 — a date compared with a parameter, and both derived predicates", () => {
    // [Date de lancement] >= [Date d'application loi Climat] (21/08/2026): 024 (24/08), 025 (31/08),
    // 026 (07/09), 027 (14/09), 028 (02/09), 029 (21/09) = 6; 030 has no launch date: left out
    // (excluded 1). Social and environmental consideration: 024 (insertion, critère env.), 027
    // (insertion, critère and clause env.), 028 (insertion, clause env.); 025 and 026 hold no
    // social consideration, 029 none at all. 3 / 6, below the target of 100 %.
    expect(ind("H7")).toMatchObject({ value: 0.5, numerator: 3, denominator: 6, excluded: 1, target: 1, status: "En cours" });
  });

  test("H8 — a date literal: notified from 01/07/2026, with an environmental or social criterion", () => {
    // Notified on or after 01/07/2026: 019 (06/07), 020 (20/07), 021 (27/07), 022 (31/08),
    // 023 (07/09), 024 (26/10), 025 (10/11), 026 (16/11), 027 (23/11), 028 (30/11), 029 (03/12),
    // 030 (04/12), 031 (13/07) = 13. A critère environnemental: 019 021 022 023 024 025 026 027 = 8;
    // no critère social among the others (020 028 029 030 031). 8 / 13.
    expect(ind("H8")).toMatchObject({ numerator: 8, denominator: 13 });
    expect(ind("H8").value).toBeCloseTo(8 / 13, 12);
    // No target: no status.
    expect(ind("H8").status).toBeUndefined();
  });

  test("H9 — a mean with a filter on a column named by its alias (PME)", () => {
    // Amounts of the 22 contracts held by an SME: 140 000 (003) + 28 000 (005) + 260 000 (008) +
    // 95 000 (009) + 36 000 (010) + 1 200 000 (011) + 180 000 (014) + 380 000 (015) + 75 000 (017)
    // + 48 000 (021) + 120 000 (022) + 22 000 (023) + 340 000 (024) + 95 000 (026) + 450 000 (027)
    // + 390 000 (028) + 30 000 (030) + 85 000 (031) + 60 000 (032) + 260 000 (033) + 18 000 (035)
    // + 280 000 (036) = 4 592 000; 4 592 000 / 22 = 208 727,27 €.
    expect(ind("H9")).toMatchObject({ numerator: 4_592_000, denominator: 22 });
    expect(ind("H9").value).toBeCloseTo(4_592_000 / 22, 6);
  });

  test("H10 — a parameter in the population: supplies and services above the European threshold without a clause d'insertion", () => {
    // [Montant HT] >= [Seuil européen fournitures et services] (216 000) ET Nature ≠ "Travaux":
    // 001 002 004 006 007 008 012 013 015 016 018 019 020 025 027 028 033 034 036 = 19 (the works
    // 011 at 1 200 000 and 024 at 340 000 are left out by their nature). With a clause
    // d'insertion: 004 006 020 027 028. 19 − 5 = 14.
    expect(ind("H10").value).toBe(14);
  });

  test("SPEC §8: a sum or a mean whose filter is unknown for a contract counts it in `excluded`", () => {
    // H5: 032 (Titulaire ESS unknown, not reserved) -> excluded 1. H9: 016 and 029 (PME unknown)
    // -> excluded 2. « a contract whose population or condition is unknown leaves the figure and
    // is counted in `excluded` » holds for every type, not only for rates.
    expect({ id: "H5", excluded: ind("H5").excluded }).toEqual({ id: "H5", excluded: 1 });
    expect({ id: "H9", excluded: ind("H9").excluded }).toEqual({ id: "H9", excluded: 2 });
  });

  test("targets from the GHT's Paramètres; the city's own built-ins are left out, not shown n/a", () => {
    // T3: clause d'insertion among the 18 formalised: 004 006 020 027 028 = 5; Cible T3 étape 1 = 30 %.
    expect(ind("T3")).toMatchObject({ numerator: 5, denominator: 18, target: 0.3, status: "En cours" });
    expect(ind("T2").target).toBe(0.6);
    // The city's own indicators (A2.R1 needs « Récurrent », A14.E1 « Offres de TPE/PME ») are not
    // the GHT's: its Plan leaves them out rather than printing them n/a.
    expect(json.indicators["A2.R1"]).toBeUndefined();
    expect(json.indicators["A14.E1"]).toBeUndefined();
  });

  test("T5 redefined on the GHT's action 4 (réutilisable et reconditionné)", () => {
    // Actions ciblées holding 4 in 2026: 002 011 018 019 034 036 = 6. Économie circulaire: 002
    // (imagerie), 011 (rénovation énergétique) = 2. 2 / 6; Cible T5 étape 1 of the Paramètres.
    expect(ind("T5")).toMatchObject({ numerator: 2, denominator: 6 });
    expect(ind("T5").value).toBeCloseTo(2 / 6, 12);
  });

  test("T6 redefined on the GHT's action 10 (PME), the holder of unknown size left out", () => {
    // Actions ciblées holding 10: 010 014 022 026 029 032 034 = 7; 029 (Médilit) has PME blank:
    // excluded 1. PME = oui: 010 014 022 026 032 = 5; 034 (Cloud Santé France) is not. 5 / 6.
    expect(ind("T6")).toMatchObject({ numerator: 5, denominator: 6, excluded: 1 });
  });

  test("H11 — a value share: sustainable food in euros (EGalim), the GHT's action 6", () => {
    // Segment « Denrées alimentaires » in 2026: 003 (140 000, clause env.), 010 (36 000, none),
    // 026 (95 000, clause env.), 033 (260 000, clause env.). 140 000 + 95 000 + 260 000 = 495 000
    // over 140 000 + 36 000 + 95 000 + 260 000 = 531 000 = 93,2 %, above the 50 % of step 1.
    expect(ind("H11")).toMatchObject({ numerator: 495_000, denominator: 531_000, target: 0.5, status: "Atteint" });
    expect(ind("H11").value).toBeCloseTo(495_000 / 531_000, 12);
  });

  test("H12 — ciblé(7) on the GHT's fair-trade action", () => {
    // Actions ciblées holding 7: 003 010 017 026 033 = 5; Commerce équitable: 010 only. 1 / 5.
    expect(ind("H12")).toMatchObject({ value: 0.2, numerator: 1, denominator: 5 });
  });
  test("the loi Climat alerts of the GHT", () => {
    // Launched from 21/08/2026: 024 025 026 027 028 029 (030: no launch date, excluded).
    // No critère environnemental: 028, 029. No clause environnementale: 029. At or above its
    // European threshold without a clause d'insertion or a clause sociale: 025 (610 000, supplies);
    // 024 is works under 5 404 000, 026 and 029 are under 216 000, 027 and 028 hold a clause
    // d'insertion.
    expect(ind("C7.1")).toMatchObject({ value: 2, ids: ["GHT26-028", "GHT26-029"], excluded: 1 });
    expect(ind("C7.2")).toMatchObject({ value: 1, ids: ["GHT26-029"], excluded: 1 });
    expect(ind("C7.3")).toMatchObject({ value: 1, ids: ["GHT26-025"], excluded: 1 });
  });
});

describe("spaser dashboards on the hospital group's SPASER", () => {
  let texts: Map<string, string[]>;
  let cleanup: () => void;
  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const out = path.join(t.dir, "tdb.xlsx");
    const r = await run(["dashboards", GHT, "-o", out]);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    texts = new Map();
    for (const ws of wb.worksheets) {
      const all: string[] = [];
      ws.eachRow((row) => row.eachCell((cell) => { if (typeof cell.value === "string") all.push(cell.value); }));
      texts.set(ws.name, all);
    }
  });
  afterAll(() => cleanup());
  const joined = (sheet: string) => (texts.get(sheet) ?? []).join("\n");

  test("both boards show the GHT's axes and actions and none of the city's", () => {
    const tdb2 = joined("TdB 2 - Actions");
    expect(tdb2).toContain("Allotir, négocier et suivre la part des PME");
    expect(tdb2).toContain("Acheter des produits durables et de qualité (loi EGalim) : 50 % en valeur");
    const both = joined("TdB 1 - Déploiement") + "\n" + tdb2;
    for (const a of DEFAULT_PLAN.actions) expect({ action: a.n, shown: both.includes(a.title) }).toEqual({ action: a.n, shown: false });
    for (const o of DEFAULT_PLAN.objectives) expect({ objective: o.n, shown: both.includes(o.title) }).toEqual({ objective: o.n, shown: false });
  });

  test("the relabelled A14.E2 and the value share appear under the GHT's actions", () => {
    const tdb2 = texts.get("TdB 2 - Actions") ?? [];
    const at = (s: string) => tdb2.findIndex((t) => t.includes(s));
    const a10 = at("Allotir, négocier et suivre la part des PME");
    const a6 = at("Acheter des produits durables");
    expect(at("Part des PME parmi les titulaires des marchés du GHT")).toBeGreaterThan(a10);
    expect(at("Part en valeur des achats alimentaires")).toBeGreaterThan(a6);
    expect(at("Part en valeur des achats alimentaires")).toBeLessThan(at("Acheter équitable"));
  });

});
