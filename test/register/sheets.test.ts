/**
 * Registers kept one sheet per year (SPEC §2.1, amendment of 30 November 2026): every register sheet
 * read, in workbook order, as one register; and the row-by-row reader giving what the grid reader gives.
 */
import { readWorkbook, WorkbookReader } from "../../src/register/read";
import type { Cell, Grid, Register } from "../../src/register/types";
import { contract, issuesOf, sheet, table } from "../helpers/workbook";

const HEADER = ["N° marché", "Objet", "Montant HT", "Titulaire", "Clause d'insertion"];

const y2023 = sheet("Registre 2023", [
  ["Marchés notifiés en 2023"],
  HEADER,
  ["M1", "Voirie", 1000, "BTP Martin", "oui"],
  ["M2", "Écoles", 2000, "Durand SA", null],
]);
const y2024 = sheet("Registre 2024", [
  HEADER,
  ["M3", "Stade", 3000, "BTP Martin", "non"],
  ["M1", "Voirie (bis)", 1000, "BTP Martin", "oui"], // same id and holder as 2023 row 3: a duplicate
  ["M2", "Écoles", 2000, "Lefèvre & fils", null], // same id, another holder: a co-holder of M2
  ["M4", "Pont", "beaucoup", "Durand SA", "peut-être"],
]);

describe("a register kept one sheet per year", () => {
  let reg: Register;
  beforeAll(() => {
    reg = readWorkbook([y2023, y2024, sheet("Notes", [["rien à signaler"]])], ["Registre 2023", "Registre 2024", "Notes"]);
  });

  test("every register sheet is read, in workbook order; each contract knows its sheet and row", () => {
    expect(reg.contracts.map((c) => [c.id, c.sheet, c.row])).toEqual([
      ["M1", "Registre 2023", 3],
      ["M2", "Registre 2023", 4],
      ["M3", "Registre 2024", 2],
      ["M4", "Registre 2024", 5],
    ]);
    expect(reg.source.sheet).toBe("Registre 2023, Registre 2024");
    // The header row of the first sheet.
    expect(reg.source.headerRow).toBe(2);
  });

  test("ids are unique across the sheets: a repeat is a duplicate naming the first sheet; another holder is a co-holder", () => {
    const errors = issuesOf(reg, "error");
    expect(errors.find((i) => i.cell === "'Registre 2024'!A3")?.message).toBe("N° marché « M1 » en double (déjà feuille « Registre 2023 », ligne 3) : ligne ignorée");
    expect(contract(reg, "M2").cotitulaires).toEqual(["Lefèvre & fils"]);
    // Hand count: 2 rows read in 2023, 4 in 2024; used M1 M2 M3 M4; rejected the M1 repeat; merged the M2 co-holder.
    expect(reg.source).toMatchObject({ rowsRead: 6, rowsUsed: 4, rowsRejected: 1, rowsMerged: 1 });
  });

  test("issues keep naming their own sheet", () => {
    expect(issuesOf(reg, "error").map((i) => i.cell)).toEqual(["'Registre 2024'!A3", "'Registre 2024'!C5", "'Registre 2024'!E5"]);
    expect(issuesOf(reg, "info").map((i) => i.sheet)).toEqual(["Registre 2024"]);
  });

  test("Office.js gives the tables first: the sheets are still read in workbook order", () => {
    const t2024 = table("Registre 2024", "T2024", y2024.rows);
    const t2023 = table("Registre 2023", "T2023", y2023.rows.slice(1), 1, 0);
    const r = readWorkbook([t2024, t2023], ["Registre 2023", "Registre 2024"]);
    expect(r.contracts.map((c) => c.sheet)).toEqual(["Registre 2023", "Registre 2023", "Registre 2024", "Registre 2024"]);
    expect(contract(r, "M1").sheet).toBe("Registre 2023");
  });

  test("a column present on one sheet only: its blank means « non » on that sheet, unknown on the other", () => {
    const r = readWorkbook([
      sheet("2023", [["N° marché", "Objet", "Montant HT"], ["A1", "x", 1]]),
      sheet("2024", [["N° marché", "Objet", "Montant HT", "Clause d'insertion"], ["B1", "y", 2, null]]),
    ]);
    expect(contract(r, "A1").clauseInsertion).toBeNull();
    expect(contract(r, "B1").clauseInsertion).toBe(false);
    expect(r.present.has("clauseInsertion")).toBe(true);
  });
});

describe("a sheet that matches the register only weakly", () => {
  test("is not read when a register sheet names three columns or more, and an info issue names it", () => {
    const r = readWorkbook([sheet("Liste", [["N° marché", "Objet"], ["L1", "liste"]]), y2024]);
    expect(r.source.sheet).toBe("Registre 2024");
    expect(r.contracts.some((c) => c.id === "L1")).toBe(false);
    const info = issuesOf(r, "info").find((i) => i.sheet === "Liste");
    expect(info?.message).toMatch(/feuille « Liste » non lue comme registre : seules 2 colonnes du registre y sont reconnues \(« N° marché », « Objet »\)/);
  });

  test("is read when no sheet names more (the first such sheet), the others named", () => {
    const r = readWorkbook([sheet("A", [["N° marché", "Objet"], ["A1", "x"]]), sheet("B", [["N° marché", "Montant"], ["B1", 5]])]);
    expect(r.contracts.map((c) => c.id)).toEqual(["A1"]);
    expect(issuesOf(r, "info").map((i) => i.sheet)).toEqual(["B"]);
  });
});

describe("the sheets this tool writes are never read as the register", () => {
  test("dashboards, cotation and the indicators' detail", () => {
    const detail = sheet("Détail des indicateurs", [["Indicateur", "N° marché", "Objet", "Montant HT"], ["T1", "M1", "Voirie", 1000]]);
    const cad = sheet("Cotation CAD", [["N° marché", "Objet", "Montant HT"], ["M1", "Voirie", 1000]]);
    const r = readWorkbook([y2023, detail, cad]);
    expect(r.source.sheet).toBe("Registre 2023");
    expect(issuesOf(r, "error")).toEqual([]);
  });
});

describe("rows given one by one give what the grids give", () => {
  /** Feeds grids to the row-by-row reader, one row at a time, blank rows left out. */
  function streamed(grids: Grid[], names?: string[]): Register {
    const reader = new WorkbookReader();
    for (const g of grids) {
      const sink = reader.sheet(g);
      g.rows.forEach((r: Cell[], i: number) => {
        if (r.some((v) => v !== null && v !== undefined && v !== "")) sink.row(i, r);
      });
      sink.end();
    }
    return reader.finish(names).register;
  }

  test("a register of 100 rows below title rows, with side tables and a weak sheet", () => {
    const rows: Cell[][] = [["Registre"], [], HEADER];
    // Row i: id M<i mod 90> (ids 0…9 come back: duplicates or co-holders), an amount i, a bad value every 17 rows.
    for (let i = 0; i < 100; i++) rows.push([`M${i % 90}`, `objet ${i}`, i % 17 === 0 ? "n/c" : i, i % 2 ? "BTP Martin" : "Durand SA", i % 3 ? "oui" : "non"]);
    const grids = [sheet("Registre", rows), sheet("Activités", [["Action", "Statut", "Date"], [4, "Réalisée", "01/02/2025"]]), sheet("Liste", [["N° marché", "Objet"], ["L1", "x"]])];
    const a = readWorkbook(grids);
    const b = streamed(grids);
    expect(JSON.stringify(b.contracts)).toBe(JSON.stringify(a.contracts));
    expect(b.issues).toEqual(a.issues);
    expect(b.source).toEqual(a.source);
    expect(b.activities).toEqual(a.activities);
    expect(a.contracts).toHaveLength(90);
  });
});

describe("a mistake repeated on a great many rows", () => {
  test("the first 10,000 issues of a column are listed, the others summed up in one issue", () => {
    const rows: Cell[][] = [["N° marché", "Objet", "Montant HT"]];
    // 10,050 rows, each with a bad amount: 10,050 errors on column « Montant HT ».
    for (let i = 1; i <= 10_050; i++) rows.push([`M${i}`, "x", "n/c"]);
    const r = readWorkbook([sheet("Registre", rows)]);
    const errors = issuesOf(r, "error");
    expect(errors.filter((i) => i.cell !== null)).toHaveLength(10_000);
    const summary = errors.filter((i) => i.cell === null);
    expect(summary).toHaveLength(1);
    // The rows not listed start at sheet row 10,002 (header on row 1, the 10,000 listed on rows 2…10,001).
    expect(summary[0].message).toMatch(/^50 autres erreurs sur la colonne « Montant HT » de la feuille « Registre » non détaillées .*lignes 10002, 10003/);
    expect(r.contracts).toHaveLength(10_050);
  });
});

describe("a sheet that matches nothing", () => {
  test("is not kept beyond its first rows by the row-by-row reader, and changes nothing to the register", () => {
    const reader = new WorkbookReader();
    const data = reader.sheet({ sheet: "Données brutes" });
    for (let i = 0; i < 1000; i++) data.row(i, [`ligne ${i}`, i]);
    data.end();
    const reg = reader.sheet({ sheet: "Registre" });
    y2023.rows.forEach((r, i) => reg.row(i, r));
    reg.end();
    const { register, grids } = reader.finish();
    expect(register.contracts.map((c) => c.id)).toEqual(["M1", "M2"]);
    // The first 30 rows were looked at for a header; the other 970 were let go.
    expect(grids.find((g) => g.sheet === "Données brutes")?.rows).toHaveLength(30);
  });
});
