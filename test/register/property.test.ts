/**
 * Properties of the reader and the engine on arbitrary small workbooks (fast-check).
 */
import fc from "fast-check";
import { computeIndicators } from "../../src/indicators/engine";
import { readWorkbook, RegisterNotFoundError } from "../../src/register/read";
import type { Cell, Grid } from "../../src/register/types";
import { INDICATORS } from "../../src/spaser/referential";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

/** Header words of the register and its side tables, so that random grids often look like real ones. */
const HEADER_WORDS = [
  "N° marché", "Objet", "Titulaire", "Montant HT", "Date de notification", "Procédure", "Actions ciblées", "Clause d'insertion",
  "Critère environnemental", "Titulaire TPE/PME", "Nombre de lots", "Alloti", "Taux d'avance", "Durée (mois)", "Récurrent",
  "Date de cotation", "Anticipé", "Marché réservé", "considerationsSociales", "uid", "id", "Code CPV", "Nature",
  "Action", "Statut", "Date", "Type", "Année", "Heures réalisées", "Genre", "Indicateur", "Valeur", "Paramètre",
  "Étape en cours", "Cible T1 étape 1",
];

/** Cell values, good and bad. */
const VALUE_WORDS = [
  "oui", "non", "x", "peut-être", "MAPA", "AOO", "Concours", "8; 11; 24", "A8 A11", "27", "15/03/2025", "31/02/2025", "2024-07-01",
  "90 000 €", "1,2 M€", "-5", "30 %", "Réalisée", "Programmée", "Annulée", "F", "H", "A22.E1", "Outil", "Officialisation", "45233140",
  "['Clause sociale', 'Critère social']", "#N/A", " ", "", "M1", "M2", "M3", "Entreprise A", "Entreprise B",
];

const valueCell: fc.Arbitrary<Cell> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...VALUE_WORDS) },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -5, max: 60000 }), fc.double({ noNaN: false, min: -1e6, max: 1e6 })) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.date({ min: new Date(Date.UTC(2019, 0, 1)), max: new Date(Date.UTC(2027, 11, 31)), noInvalidDate: true }) },
  { weight: 1, arbitrary: fc.constantFrom<Cell>({ error: "#N/A" }, { error: "#VALUE!" }, undefined) },
);

const cell: fc.Arbitrary<Cell> = fc.oneof({ weight: 1, arbitrary: fc.constantFrom<Cell>(...HEADER_WORDS) }, { weight: 3, arbitrary: valueCell });

const rows = (maxRows: number, maxCols: number) => fc.array(fc.array(cell, { maxLength: maxCols }), { maxLength: maxRows });

const SHEET_NAMES = ["Registre", "Marchés", "Mon registre", "Activités", "Insertion", "Saisies", "Paramètres", "Feuil1", "2025", "Marchés d'Anne"];

const grid: fc.Arbitrary<Grid> = fc.record(
  {
    sheet: fc.constantFrom(...SHEET_NAMES),
    table: fc.constantFrom("TabMarchés", "Activités", "Tableau1"),
    originRow: fc.nat({ max: 40 }),
    originCol: fc.nat({ max: 30 }),
    rows: rows(8, 7),
  },
  { requiredKeys: ["sheet", "rows"] },
);

/** A grid that surely holds a register: a header with N° marché and another known column, somewhere in the first rows. */
const registerGrid: fc.Arbitrary<Grid> = fc
  .record({
    base: grid,
    before: fc.nat({ max: 3 }),
    header: fc.shuffledSubarray(["Objet", "Titulaire", "Montant HT", "Date de notification", "Procédure", "Actions ciblées", "Clause d'insertion", "Nombre de lots", "Titulaire TPE/PME", "Taux d'avance"], { minLength: 1 }),
    // Data rows hold values, not header words: a data row matching more known columns than the header
    // would be taken for the header row (SPEC §2: the header row is the row matching the most).
    data: fc.array(fc.array(valueCell, { minLength: 1, maxLength: 11 }), { maxLength: 10 }),
  })
  .map(({ base, before, header, data }) => {
    const headerRow: Cell[] = ["N° marché", ...header];
    // Not named like a side table (a sheet or table named Activités is read as the activities).
    const sideName = (n: string | undefined) => n !== undefined && ["Activités", "Insertion", "Saisies", "Paramètres"].includes(n);
    const sheetName = sideName(base.sheet) ? "Registre" : base.sheet;
    const tableName = sideName(base.table) ? "TabMarchés" : base.table;
    // Tables have their header on their first row.
    const pre = tableName ? [] : base.rows.slice(0, before).map(() => ["titre"] as Cell[]);
    return { ...base, sheet: sheetName, ...(tableName ? { table: tableName } : {}), rows: [...pre, headerRow, ...data] };
  });

describe("readWorkbook on arbitrary grids", () => {
  test("never throws, except RegisterNotFoundError when no register is present", () => {
    fc.assert(
      fc.property(fc.array(grid, { maxLength: 4 }), (grids) => {
        try {
          readWorkbook(grids);
        } catch (e) {
          if (!(e instanceof RegisterNotFoundError)) throw e;
        }
      }),
      { numRuns: RUNS },
    );
  });

  test("with a register: rows read = rows used + rows rejected + rows merged, and issues are well formed", () => {
    fc.assert(
      fc.property(registerGrid, fc.array(grid, { maxLength: 3 }), (reg, others) => {
        const r = readWorkbook([reg, ...others]);
        const s = r.source;
        expect(s.rowsRead).toBe(s.rowsUsed + s.rowsRejected + s.rowsMerged);
        expect(s.rowsUsed).toBe(r.contracts.length);
        // at most one row per data row of the sheets read as the register (SPEC §2.1: every register sheet)
        const sheetsRead = new Set(r.contracts.map((c) => c.sheet));
        const chosen = [reg, ...others].filter((g) => s.sheet.split(", ").includes(g.sheet));
        for (const name of sheetsRead) expect(s.sheet.split(", ")).toContain(name);
        expect(s.rowsRead).toBeLessThanOrEqual(chosen.reduce((n, g) => n + g.rows.length, 0));
        expect(new Set(r.contracts.map((c) => c.id)).size).toBe(r.contracts.length);
        for (const i of r.issues) {
          expect(["error", "warning", "info"]).toContain(i.severity);
          expect(typeof i.message).toBe("string");
          expect(i.message.length).toBeGreaterThan(0);
          if (i.cell !== null) expect(i.cell).toMatch(/^('([^']|'')+'|[^'!]+)![A-Z]+[1-9][0-9]*$/);
          if (i.row !== null) expect(i.row).toBeGreaterThanOrEqual(1);
        }
        // at most one info summary of merged co-holders per register sheet
        expect(r.issues.filter((i) => i.severity === "info" && /co-titulaires/.test(i.message)).length).toBeLessThanOrEqual(chosen.length);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("computeIndicators on arbitrary registers", () => {
  test("never throws; every indicator is present; value is null exactly when a reason is given", () => {
    fc.assert(
      fc.property(
        registerGrid,
        fc.array(grid, { maxLength: 3 }),
        fc.option(fc.integer({ min: 2018, max: 2030 }), { nil: undefined }),
        fc.option(fc.constantFrom<1 | 2>(1, 2), { nil: undefined }),
        (reg, others, year, etape) => {
          const r = readWorkbook([reg, ...others]);
          const res = computeIndicators(r, { year, etape });
          for (const d of INDICATORS) {
            const ind = res.indicators[d.id];
            expect(ind).toBeDefined();
            expect({ id: d.id, value: ind.value, hasReason: typeof ind.reason === "string" && ind.reason.length > 0 }).toEqual({
              id: d.id,
              value: ind.value,
              hasReason: ind.value === null,
            });
            if (typeof ind.value === "number") expect(Number.isFinite(ind.value)).toBe(true);
            if (d.unit === "percent" && typeof ind.value === "number" && !d.manual && d.kind !== "effet") {
              expect(ind.value).toBeGreaterThanOrEqual(0);
              expect(ind.value).toBeLessThanOrEqual(1);
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
