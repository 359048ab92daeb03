/**
 * The third worked example (examples/spaser-departement.xlsx): the SPASER of a département, with its
 * own `Plan` (after the Ille-et-Vilaine schéma 2023-2028, see scripts/build-example-departement.js),
 * its own `Référentiel` (a value share, a sum over the stage, a count over three years, T5 dropped, T6
 * redefined) and register columns of its own. Every expected value below is computed by hand from
 * the contracts written in the builder; the comments give the arithmetic, contract by contract
 * (« 001 » stands for DVR26-001, « 25-006 » for DVR25-006).
 *
 * The 35 contracts of 2026 (the default year), with what the indicators read:
 *   id  procédure  montant     crit.env clause.env éco insertion(heures) réservé  autre social  own columns
 *   001 AO ouvert    460 000   oui      oui        -   -                  -        -             Collèges, denrées, durable 68 %
 *   002 adaptée      190 000   oui      oui        -   -                  -        -             Collèges, denrées, durable 85 %
 *   003 AO ouvert    240 000   oui      -          -   -                  -        -             Collèges, denrées, durable 52 %
 *   004 AO ouvert    310 000   -        oui        -   -                  -        -             Collèges, denrées, durable 30 %
 *   005 adaptée      130 000   oui      -          -   -                  -        -             Collèges, denrées, durable « à vérifier »
 *   006 adaptée       35 000   -        -          -   -                  -        -             Collèges, denrées, durable 20 %
 *   007 AO ouvert    220 000   -        -          -   -                  -        -             Collèges, denrées, durable 10 %
 *   008 AO ouvert  3 100 000   oui      oui        oui oui (1 400)        -        -             Routes, travaux, recyclés 35 %
 *   009 AO ouvert  1 250 000   oui      -          -   oui (400)          -        -             Routes, travaux, recyclés 15 %
 *   010 AO ouvert    860 000   -        oui        -   oui (300)          -        -             Routes, travaux, recyclés 0 %
 *   011 adaptée      640 000   oui      oui        oui oui (250)          -        -             Routes, travaux, recyclés 40 %
 *   012 adaptée      180 000   -        oui        -   -                  -        -             Routes, travaux, recyclés blank
 *   013 adaptée      230 000   -        oui        -   -                  -        -             Routes, services
 *   014 AO ouvert    330 000   -        -          -   -                  -        -             Routes, fournitures
 *   015 AO ouvert    520 000   oui      -          -   -                  -        -             Routes, véhicules oui
 *   016 AO ouvert  2 800 000   oui      oui        oui oui (1 300)        -        -             Collèges, travaux
 *   017 AO ouvert    690 000   oui      oui        -   oui (200)          -        -             Collèges, travaux
 *   018 adaptée      980 000   oui      oui        oui oui (350)          -        -             Collèges, travaux
 *   019 adaptée      260 000   -        -          -   -                  -        -             Collèges, travaux
 *   020 AO ouvert    750 000   oui      oui        -   -                  -        -             Collèges, services
 *   021 adaptée       48 000   -        oui        -   -                  EA       -             Collèges, services
 *   022 AO ouvert  1 400 000   oui      oui        -   -                  -        -             Transport adapté, véhicules oui
 *   023 AO ouvert  1 150 000   oui      -          -   -                  -        -             Transport adapté, véhicules non
 *   024 AO ouvert    980 000   oui      -          -   -                  -        -             Transport adapté, véhicules « à vérifier »
 *   025 AO ouvert    850 000   -        -          -   -                  -        critère social Solidarités
 *   026 adaptée       65 000   -        oui        -   -                  ESAT     -             Solidarités
 *   027 adaptée      140 000   oui      -          -   -                  -        clause sociale Solidarités, restauration, durable 45 %
 *   028 AO ouvert    620 000   -        oui        -   oui (900)          -        -             Moyens généraux
 *   029 AO ouvert    360 000   oui      oui        -   -                  -        -             Moyens généraux, véhicules oui
 *   030 adaptée       55 000   oui      -          oui -                  SIAE     -             Moyens généraux
 *   031 AO ouvert    410 000   -        -          -   oui (150)          -        -             Moyens généraux
 *   032 adaptée       75 000   -        -          -   oui (150)          -        -             Culture et archives
 *   033 adaptée       40 000   oui      oui        -   -                  -        -             Moyens généraux
 *   034 adaptée       30 000   -        -          -   -                  -        -             Moyens généraux
 *   035 sans publicité 95 000  -        -          -   -                  -        -             Routes, travaux, recyclés 0 %
 * Formalised (appel d'offres ouvert; none negotiated in 2026), 19: 001 003 004 007 008 009 010 014 015
 * 016 017 020 022 023 024 025 028 029 031. Sum of the 35 amounts: 20 493 000.
 */
import * as fs from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import { expectDeterministicBuild, JsonOut, ROOT, run, runJson, tempDir } from "./helpers";
import { DEFAULT_PLAN } from "../../src/spaser/plan";
import { readInputFile } from "../../src/files/read-file";

const DEPT = path.join(ROOT, "examples", "spaser-departement.xlsx");
const { build, OWN } = require("../../scripts/build-example-departement.js") as { build: (output?: string) => Promise<{ output: string }>; OWN: Record<string, string> };

jest.setTimeout(60_000);

/** Every text of every cell of a workbook, by sheet. */
async function textsOf(file: string): Promise<Map<string, string[]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const texts = new Map<string, string[]>();
  for (const ws of wb.worksheets) {
    const all: string[] = [];
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value;
        if (typeof v === "string") all.push(v);
        else if (v && typeof v === "object" && "richText" in v) all.push(v.richText.map((t) => t.text).join(""));
      }),
    );
    texts.set(ws.name, all);
  }
  return texts;
}

/** The city's own words: its axes, objectives and actions (the seed's plan). */
const CITY_TITLES = [...DEFAULT_PLAN.axes.map((a) => a.title), ...DEFAULT_PLAN.objectives.map((o) => o.title), ...DEFAULT_PLAN.actions.map((a) => a.title)].filter((t) => t.length > 0);

describe("npm run example (the département's workbook)", () => {
  test("rebuilds exactly the workbook that is checked in", async () => {
    await expectDeterministicBuild(build, DEPT, "scripts/build-example-departement.js");
  });

  test("holds a register, its own plan (citing the SPASER it follows), its own referential and its parameters", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(DEPT);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Marchés", "Plan", "Référentiel", "Paramètres"]);
    const plan = wb.getWorksheet("Plan")!;
    expect(String(plan.getCell("A2").value)).toContain("Département d'Ille-et-Vilaine");
    expect(String(plan.getCell("A2").value)).toContain("https://ille-et-vilaine.fr/espace-presse/session-departementale-des-28-et-29-septembre-2023");
  });

  test("the city's titles appear nowhere in the département's workbook", () => {
    const plan = require("../../scripts/build-example-departement.js").PLAN as (string | number | null)[][];
    const words = plan.flat().filter((v): v is string => typeof v === "string");
    for (const t of CITY_TITLES) expect({ title: t, used: words.includes(t) }).toEqual({ title: t, used: false });
  });
});

describe("spaser indicators on the département's SPASER (2026)", () => {
  let json: JsonOut;
  let code: number;
  beforeAll(async () => {
    ({ code, json } = await runJson(["indicators", DEPT]));
  });
  const ind = (id: string) => json.indicators[id];

  test("reads the 51 contracts, reports 2026, follows the workbook's referential", () => {
    expect(code).toBe(0);
    expect(json.year).toBe(2026);
    expect(json.register).toEqual({ sheet: "Marchés", headerRow: 4, rowsRead: 51, rowsUsed: 51, rowsRejected: 0, rowsMerged: 0 });
    // T6 replaced; D1–D6 added; T5 dropped (Type « aucun »), so neither replaced nor added.
    expect(json.referential).toMatchObject({ kind: "classeur", replacedIds: ["T6"], addedIds: ["D1", "D2", "D3", "D4", "D5", "D6"], sheet: "Référentiel" });
    // With its own Plan: T1–T6 (but T5), their value forms and the Référentiel's rows; nothing of the city's.
    expect(Object.keys(json.indicators)).toEqual(["T1", "T2", "T3", "T4", "T6", "T1.V", "T2.V", "T3.V", "T4.V", "T6.V", "D1", "D2", "D3", "D4", "D5", "D6"]);
  });

  test("the two cells « à vérifier » of its own columns are reported at their sheet, row, column and cell", () => {
    // Header on row 4; the 16 contracts of 2025 on rows 5–20, DVR26-001 on row 21: DVR26-005 on row 25,
    // DVR26-024 on row 44. « Part durable et de qualité (%) » is the 26th column (Z), « Véhicules à
    // faibles émissions » the 28th (AB).
    expect(json.issues.filter((i) => i.severity !== "info")).toEqual([
      {
        severity: "warning",
        sheet: "Marchés",
        row: 25,
        column: OWN.durable,
        cell: "Marchés!Z25",
        message: "« à vérifier » n'est pas un pourcentage (exemples : 30 %, 0,3) ; la colonne « Part durable et de qualité (%) » est lue comme une colonne de pourcentages (la plupart de ses cellules) : valeur inconnue pour ce marché",
      },
      {
        severity: "warning",
        sheet: "Marchés",
        row: 44,
        column: OWN.vfe,
        cell: "Marchés!AB44",
        message: "« à vérifier » n'est pas une réponse oui/non (attendu : oui ou non) ; la colonne « Véhicules à faibles émissions » est lue comme une colonne oui/non (la plupart de ses cellules) : valeur inconnue pour ce marché",
      },
    ]);
    // « Collège » is a column no indicator reads: said once, ignored. The Plan leaves the city's
    // built-ins out: 124 built-in indicators (with the value forms) − T1–T6 and T1.V–T6.V = 112.
    const infos = json.issues.filter((i) => i.severity === "info");
    expect(infos.map((i) => i.cell ?? i.sheet)).toEqual(["Marchés!E4", "Plan"]);
    expect(infos[0].message).toBe("colonne non reconnue : « Collège » (ignorée)");
    expect(infos[1].message).toMatch(/^plan du classeur \(feuille « Plan », 8 actions\) : 112 indicateurs intégrés/);
  });

  test("T1 and T2 (built in, targets of the Paramètres: 50 % and 70 % at step 1)", () => {
    // Critère environnemental: 001 002 003 005 008 009 011 015 016 017 018 020 022 023 024 027 029 030
    // 033 = 19 of 35.
    expect(ind("T1")).toMatchObject({ numerator: 19, denominator: 35, target: 0.5, status: "Atteint" });
    // Plus a clause environnementale or économie circulaire without the criterion: 004 010 012 013
    // 021 026 028 = 7 → 26 of 35.
    expect(ind("T2")).toMatchObject({ numerator: 26, denominator: 35, target: 0.7, status: "Atteint" });
  });

  test("T3 and T4 over the 19 formalised contracts", () => {
    // Clause d'insertion among the formalised: 008 009 010 016 017 028 031 = 7 (011, 018, 032 are MAPA).
    expect(ind("T3")).toMatchObject({ numerator: 7, denominator: 19, target: 0.3, status: "Atteint" });
    // Any social consideration: those 7 and 025 (critère social) = 8 (021, 026, 030 reserved and 027
    // clause sociale are MAPA).
    expect(ind("T4")).toMatchObject({ numerator: 8, denominator: 19, target: 0.4, status: "Atteint" });
  });

  test("T6 redefined on the département's action 3 (TPE et PME du territoire), the target typed « 60 % »", () => {
    // Actions ciblées holding 3 in 2026: 002 006 011 012 013 017 022 023 033 = 9. 012 (Signalisation
    // Bretonne) has TPE/PME blank: excluded. TPE/PME = oui: 002 006 011 013 017 022 033 = 7; 023
    // (Mobilités Ouest) is not. 7 / 8.
    expect(ind("T6")).toMatchObject({ value: 0.875, numerator: 7, denominator: 8, excluded: 1, target: 0.6, status: "Atteint" });
    // In value: 190 000 + 35 000 + 640 000 + 230 000 + 690 000 + 1 400 000 + 40 000 = 3 225 000 over
    // those and 023 (1 150 000) = 4 375 000.
    expect(ind("T6.V")).toMatchObject({ numerator: 3_225_000, denominator: 4_375_000 });
  });

  test("T1.V: T1 in value over the 35 amounts", () => {
    // 460 000 + 190 000 + 240 000 + 130 000 + 3 100 000 + 1 250 000 + 640 000 + 520 000 + 2 800 000
    // + 690 000 + 980 000 + 750 000 + 1 400 000 + 1 150 000 + 980 000 + 140 000 + 360 000 + 55 000
    // + 40 000 = 15 875 000 over 20 493 000.
    expect(ind("T1.V")).toMatchObject({ numerator: 15_875_000, denominator: 20_493_000 });
  });

  test("T5 is dropped (Type « aucun ») with its value form, and no city indicator is computed", () => {
    expect(ind("T5")).toBeUndefined();
    expect(ind("T5.V")).toBeUndefined();
    expect(ind("A8.R1")).toBeUndefined();
    expect(ind("C7.1")).toBeUndefined();
  });

  test("D1 — a value share on two own columns: food of the collèges bought at 50 % or more durable (target « 80 % »)", () => {
    // Population [Compétence] = "Collèges" ET [Famille d'achat] = "Denrées alimentaires": 001 to 007
    // (027 is food for the Solidarités, not the collèges). 005's share is « à vérifier »: unknown,
    // excluded. Denominator: 460 000 (001) + 190 000 (002) + 240 000 (003) + 310 000 (004) + 35 000
    // (006) + 220 000 (007) = 1 455 000. At 50 % or more: 001 (68 %), 002 (85 %), 003 (52 %) =
    // 460 000 + 190 000 + 240 000 = 890 000. 890 000 / 1 455 000 = 61,2 %, below 80 %.
    expect(ind("D1")).toMatchObject({ numerator: 890_000, denominator: 1_455_000, excluded: 1, target: 0.8, status: "En cours" });
    expect(ind("D1").value).toBeCloseTo(890_000 / 1_455_000, 12);
  });

  test("D2 — a sum of an own column over the stage (Période « étape », 2025–2026), target « 8 000 h »", () => {
    // Heures d'insertion of 2025: 25-003 1 200, 25-004 800, 25-007 900, 25-015 300 = 3 200.
    // Of 2026: 008 1 400, 009 400, 010 300, 011 250, 016 1 300, 017 200, 018 350, 028 900, 031 150,
    // 032 150 = 5 400. Cumul of step 1: 3 200 + 5 400 = 8 600 ≥ 8 000. (2026 alone would be 5 400.)
    expect(ind("D2")).toMatchObject({ value: 8_600, target: 8_000, status: "Atteint", comment: "cumul de l'étape 1, 2025–2026 (contrats notifiés de 2025 à 2026)" });
  });

  test("D2 in the text output: hours, the target in hours, the period under the figure", async () => {
    const r = await run(["indicators", DEPT]);
    expect(r.out).toContain("8 600 h  — cible 8 000 h : Atteint\n            Cumul de l'étape 1, 2025–2026 (contrats notifiés de 2025 à 2026)\n");
  });

  test("D3 — a rate on a built-in column: works with a clause d'insertion (target « 80 % »)", () => {
    // Nature = Travaux in 2026: 008 009 010 011 012 016 017 018 019 035 = 10; with the clause: 008 009
    // 010 011 016 017 018 = 7 (not 012 marquage, 019 accessibilité, 035 urgence). 7 / 10.
    expect(ind("D3")).toMatchObject({ value: 0.7, numerator: 7, denominator: 10, target: 0.8, status: "En cours" });
  });

  test("D4 — a count over three years (Période « 3 ans », 2024–2026): reserved contracts", () => {
    // No contract in 2024; 2025: 25-006 (ESAT), 25-013 (SIAE); 2026: 021 (EA), 026 (ESAT), 030 (SIAE) = 5.
    expect(ind("D4")).toMatchObject({ value: 5, comment: "cumul des 3 années 2024–2026 (contrats notifiés de 2024 à 2026)" });
  });

  test("D5 — a rate on an own percentage column: road works with 20 % or more of recycled aggregates", () => {
    // [Compétence] = "Routes" ET Nature = "Travaux": 008 009 010 011 012 035 = 6; 012's share is
    // blank (unknown): excluded. 20 % or more: 008 (35 %), 011 (40 %); not 009 (15 %), 010 (0 %),
    // 035 (0 %). 2 / 5.
    expect(ind("D5")).toMatchObject({ value: 0.4, numerator: 2, denominator: 5, excluded: 1, target: 0.5, status: "En cours" });
  });

  test("D6 — a rate on an own yes/no column, ciblé(8): the cell « à vérifier » leaves the figure", () => {
    // Actions ciblées holding 8 in 2026: 015 (oui), 022 (oui), 023 (non), 024 (« à vérifier »:
    // excluded), 029 (oui). 3 / 4 = 75 % ≥ 60 %.
    expect(ind("D6")).toMatchObject({ value: 0.75, numerator: 3, denominator: 4, excluded: 1, target: 0.6, status: "Atteint" });
  });
});

describe("the periods follow the year and the stage chosen", () => {
  test("--year 2025: the stage cumulates 2025 only, three years are 2023–2025", async () => {
    const { json } = await runJson(["indicators", DEPT, "--year", "2025"]);
    // D2: 3 200 hours (above), below 8 000. D4: 25-006, 25-013 = 2.
    expect(json.indicators.D2).toMatchObject({ value: 3_200, target: 8_000, status: "En cours" });
    expect(json.indicators.D4).toMatchObject({ value: 2, comment: "cumul des 3 années 2023–2025 (contrats notifiés de 2023 à 2025)" });
  });

  test("--etape 2: 2026 is not a year of step 2 (2027–2028): D2 is n/a and says why", async () => {
    const { json } = await runJson(["indicators", DEPT, "--etape", "2"]);
    expect(json.indicators.D2.value).toBeNull();
    expect(json.indicators.D2.reason).toMatch(/^2026 n'est pas une année de l'étape 2 \(2027–2028, paramètre « Années étape 2 »\)/);
    // A yearly indicator takes the target of step 2: D3 70 % below 100 %.
    expect(json.indicators.D3).toMatchObject({ value: 0.7, target: 1, status: "En cours" });
  });

  test("the text report gives the period under the figure", async () => {
    const r = await run(["indicators", DEPT]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("SPASER — indicateurs 2026 — Département du Val-de-Rance");
    expect(r.out).toContain("Cumul de l'étape 1, 2025–2026 (contrats notifiés de 2025 à 2026)");
    expect(r.out).toContain("Axe 3 — Des achats sobres et bas carbone");
  });
});

describe("spaser dashboards on the département's SPASER", () => {
  let texts: Map<string, string[]>;
  let cleanup: () => void;
  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const out = path.join(t.dir, "tdb.xlsx");
    const r = await run(["dashboards", DEPT, "-o", out]);
    expect(r.code).toBe(0);
    texts = await textsOf(out);
  });
  afterAll(() => cleanup());
  const joined = (sheet: string) => (texts.get(sheet) ?? []).join("\n");

  test("the boards show the département's axes, actions and indicators", () => {
    const tdb2 = joined("TdB 2 - Actions");
    expect(tdb2).toContain("Développer les considérations sociales dans les marchés");
    expect(tdb2).toContain("Acheter pour les collèges des denrées durables et de qualité (loi EGalim)");
    expect(tdb2).toContain("Part en valeur des denrées des collèges achetées à 50 % ou plus en produits durables et de qualité");
    expect(tdb2).toContain("Heures d'insertion inscrites dans les marchés notifiés depuis le début de l'étape");
    expect(tdb2).toContain("Cumul de l'étape 1, 2025–2026 (contrats notifiés de 2025 à 2026)");
    expect(joined("TdB 1 - Déploiement")).toContain("Département du Val-de-Rance");
  });

  test("none of the city's titles, on any sheet (« Faire connaître les achats de la Ville et de la Métropole »…)", () => {
    expect(CITY_TITLES).toContain("Faire connaître les achats de la Ville et de la Métropole");
    for (const [sheet, all] of texts) {
      const text = all.join("\n");
      for (const t of CITY_TITLES) expect({ sheet, title: t, shown: text.includes(t) }).toEqual({ sheet, title: t, shown: false });
      expect({ sheet, city: /la Ville et la Métropole|la Ville et de la Métropole/.test(text) }).toEqual({ sheet, city: false });
    }
  });

  test("each of its indicators is under its own action on TdB 2", () => {
    const tdb2 = texts.get("TdB 2 - Actions") ?? [];
    const at = (s: string) => tdb2.findIndex((t) => t.includes(s));
    const a4 = at("Inscrire une clause d'insertion dans les travaux");
    const a5 = at("Réserver des marchés aux ESAT");
    const a6 = at("Acheter pour les collèges des denrées durables");
    const a7 = at("Réemployer et utiliser des matériaux recyclés");
    expect(a4).toBeGreaterThan(0);
    expect(at("Heures d'insertion inscrites")).toBeGreaterThan(a4);
    expect(at("Heures d'insertion inscrites")).toBeLessThan(a5);
    expect(at("Part en valeur des denrées des collèges")).toBeGreaterThan(a6);
    expect(at("Part en valeur des denrées des collèges")).toBeLessThan(a7);
  });
});

describe("spaser methodologie on the département's SPASER", () => {
  let out: string;
  beforeAll(async () => {
    const r = await run(["methodologie", DEPT]);
    expect(r.code).toBe(0);
    out = r.out;
  });

  test("names each own column an indicator reads, with the kind read from its cells", () => {
    expect(out).toContain("« Compétence » (colonne propre au registre, lue comme texte)");
    expect(out).toContain("« Part durable et de qualité (%) » (colonne propre au registre, lue comme pourcentage)");
    expect(out).toContain("« Heures d'insertion » (colonne propre au registre, lue comme nombre)");
    expect(out).toContain("« Agrégats recyclés (%) » (colonne propre au registre, lue comme pourcentage)");
    expect(out).toContain("« Véhicules à faibles émissions » (colonne propre au registre, lue comme oui/non)");
    expect(out).toContain("« Part durable et de qualité (%) » : pourcentage (12 cellules remplies, dont 1 illisible signalée et lue comme inconnue)");
    expect(out).toContain("« Véhicules à faibles émissions » : oui/non (7 cellules remplies, dont 1 illisible signalée et lue comme inconnue)");
  });

  test("lists the targets it sets, not those of its dropped T5", () => {
    expect(out).toContain("Cible T6 étape 1");
    expect(out).not.toContain("Cible T5 étape 1");
  });

  test("follows the département's plan and says the periods; none of the city's titles", () => {
    expect(out).toContain("Développer les considérations sociales dans les marchés");
    expect(out).toContain("- **Période** : les années de l'étape en cours");
    expect(out).toContain("- **Période** : les 3 années jusqu'à l'année suivie incluse");
    for (const t of DEFAULT_PLAN.actions.map((a) => a.title)) expect({ title: t, shown: out.includes(t) }).toEqual({ title: t, shown: false });
  });
});

describe("spaser referentiel on the département's SPASER: its Plan and Référentiel survive a round trip", () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const dashboards = async (file: string, name: string): Promise<string> => {
    const out = path.join(dir, `tdb-${name}.xlsx`);
    expect((await run(["dashboards", file, "-o", out])).code).toBe(0);
    return out;
  };

  test("the sheets written, put in place of the workbook's own, give the same figures", async () => {
    const written = path.join(dir, "referentiel.xlsx");
    const w = await run(["referentiel", DEPT, "-o", written]);
    expect(w.code).toBe(0);
    expect(w.out).toContain("feuille « Plan » : 3 axes, 7 objectifs, 8 actions");
    const grids = (await readInputFile(written)).grids;
    const grid = (name: RegExp) => grids.find((g) => name.test(g.sheet))!;

    // The example with its Plan and Référentiel replaced by the ones written (values, as a user copies them).
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(DEPT);
    for (const name of ["Plan", "Référentiel"]) wb.removeWorksheet(wb.getWorksheet(name)!.id);
    for (const [name, g] of [["Plan", grid(/^plan$/i)], ["Référentiel", grid(/r[ée]f[ée]rentiel/i)]] as const) {
      const ws = wb.addWorksheet(name);
      g.rows.forEach((row, r) =>
        Array.from(row ?? [], (v) => v).forEach((v, c) => {
          if (v === null || v === undefined || (typeof v === "object" && !(v instanceof Date))) return;
          ws.getCell(r + 1, c + 1).value = v as ExcelJS.CellValue;
        }),
      );
    }
    const again = path.join(dir, "departement-2.xlsx");
    await wb.xlsx.writeFile(again);
    expect(fs.existsSync(again)).toBe(true);

    for (const year of [2026, 2025]) {
      const a = (await runJson(["indicators", DEPT, "--year", String(year)])).json;
      const b = (await runJson(["indicators", again, "--year", String(year)])).json;
      expect(Object.keys(b.indicators)).toEqual(Object.keys(a.indicators));
      for (const id of Object.keys(a.indicators)) expect([year, id, b.indicators[id]]).toEqual([year, id, a.indicators[id]]);
      expect(b.referential).toMatchObject({ kind: "classeur", replacedIds: a.referential.replacedIds, addedIds: a.referential.addedIds });
      expect(b.issues).toEqual(a.issues);
    }
    // The same plan (axes, objectives, actions, pilots on the boards) and the same report, line for line.
    expect((await run(["indicators", again])).out).toBe((await run(["indicators", DEPT])).out);
    const [ta, tb] = [await textsOf(await dashboards(DEPT, "a")), await textsOf(await dashboards(again, "b"))];
    // (The boards name the file read.)
    expect(tb.get("TdB 2 - Actions")?.map((t) => t.replace("departement-2.xlsx", "spaser-departement.xlsx"))).toEqual(ta.get("TdB 2 - Actions"));
  });
});
