/**
 * `spaser indicators` end to end (SPEC §2, §5): through `main(argv, io)` on the example workbook,
 * on small workbooks and CSV files written here, on a real DECP export, and through the installed
 * command.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import { AXES, ACTIONS, HOLDER_LABELS, INDICATORS, INDICATOR_BY_ID, OBJECTIVES, TARGET_IDS } from "../../src/spaser/referential";
import { DECP_CSV, EXAMPLE, JsonOut, ROOT, encodeWindows1252, letters, run, runJson, splitCsvLine, tempDir, writeWorkbook } from "./helpers";

jest.setTimeout(60_000);

// ------------------------------------------------------------------ what the example workbook holds

interface ScannedRow {
  row: number;
  values: Map<string, ExcelJS.CellValue>;
}

interface Scan {
  headerRow: number;
  headers: Map<number, string>;
  columnOf: Map<string, number>;
  rows: ScannedRow[];
}

/** Reads the register sheet of the example with ExcelJS alone, to know what the user typed. */
async function scanExample(): Promise<Scan> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(EXAMPLE);
  const ws = wb.getWorksheet("Registre");
  if (!ws) throw new Error("no Registre sheet");
  let headerRow = 0;
  ws.eachRow((row, n) => {
    if (!headerRow && row.getCell(1).value === "N° marché") headerRow = n;
  });
  const headers = new Map<number, string>();
  const columnOf = new Map<string, number>();
  ws.getRow(headerRow).eachCell((cell, col) => {
    headers.set(col, String(cell.value));
    columnOf.set(String(cell.value), col);
  });
  const rows: ScannedRow[] = [];
  ws.eachRow((row, n) => {
    if (n <= headerRow) return;
    const values = new Map<string, ExcelJS.CellValue>();
    row.eachCell((cell, col) => {
      const v = cell.value;
      if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) return;
      values.set(headers.get(col) as string, v);
    });
    if (values.size) rows.push({ row: n, values });
  });
  return { headerRow, headers, columnOf, rows };
}

const text = (v: ExcelJS.CellValue | undefined) => (v === null || v === undefined ? "" : String(v).trim());

/** The contracts a reader must keep: the first row of each N° marché. */
function firstRows(scan: Scan): ScannedRow[] {
  const seen = new Set<string>();
  return scan.rows.filter((r) => {
    const id = text(r.values.get("N° marché"));
    if (!id || seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function notifiedIn(scan: Scan, year: number): number {
  return firstRows(scan).filter((r) => {
    const d = r.values.get("Date de notification");
    return d instanceof Date && d.getUTCFullYear() === year;
  }).length;
}

function findCell(scan: Scan, test: (v: ExcelJS.CellValue, header: string) => boolean): string[] {
  const found: string[] = [];
  for (const r of scan.rows) for (const [h, v] of r.values) if (test(v, h)) found.push(`Registre!${letters(scan.columnOf.get(h) as number)}${r.row}`);
  return found;
}

describe("spaser indicators --json on the example workbook", () => {
  let scan: Scan;
  let json: JsonOut;
  let code: number;
  beforeAll(async () => {
    scan = await scanExample();
    ({ code, json } = await runJson(["indicators", EXAMPLE]));
  });

  test("exits 0 although the register holds bad cells", () => {
    expect(code).toBe(0);
    expect(json.issues.some((i) => i.severity === "error")).toBe(true);
  });

  test("has exactly the fields of SPEC §5 (with §7.3's entities and §8's referential)", () => {
    // The example register holds two buyers (Ville, Métropole): T1–T6 per entity are given.
    expect(Object.keys(json).sort()).toEqual(["entities", "indicators", "issues", "referential", "register", "year"]);
    expect(json.referential).toEqual({ kind: "intégré", replaced: 0, added: 0, replacedIds: [], addedIds: [] });
    expect(Object.keys(json.register).sort()).toEqual(["headerRow", "rowsMerged", "rowsRead", "rowsRejected", "rowsUsed", "sheet"]);
    expect(json.issues.length).toBeGreaterThan(0);
    for (const i of json.issues) {
      expect(Object.keys(i).sort()).toEqual(["cell", "column", "message", "row", "severity", "sheet"]);
      expect(["error", "warning", "info"]).toContain(i.severity);
      expect(typeof i.sheet).toBe("string");
      expect(i.row === null || Number.isInteger(i.row)).toBe(true);
      expect(i.column === null || typeof i.column === "string").toBe(true);
      expect(i.cell === null || typeof i.cell === "string").toBe(true);
      expect(i.message.length).toBeGreaterThan(0);
    }
  });

  test("holds every indicator of the referential, and only those", () => {
    expect(Object.keys(json.indicators).sort()).toEqual(INDICATORS.map((d) => d.id).sort());
    for (const t of TARGET_IDS) expect(json.indicators[t]).toBeDefined();
    // The example register names its holders: A14.E2, A16.E2 and A17.E4 say they count distinct enterprises (SPEC §3.x).
    for (const d of INDICATORS) expect(json.indicators[d.id].label).toBe(HOLDER_LABELS[d.id]?.holders ?? d.label);
  });

  test("value is null exactly when a French reason says why", () => {
    for (const [id, r] of Object.entries(json.indicators)) {
      if (r.value === null) {
        expect({ id, reason: typeof r.reason }).toEqual({ id, reason: "string" });
        expect((r.reason as string).length).toBeGreaterThan(5);
      } else expect({ id, reason: r.reason }).toEqual({ id, reason: undefined });
    }
    // A manual indicator nobody typed in Saisies is n/a and says where to type it.
    expect(json.indicators["A23.E1"].value).toBeNull();
    expect(json.indicators["A23.E1"].reason).toMatch(/Saisies/);
  });

  test("ratios are fractions, numerator / denominator", () => {
    let rates = 0;
    for (const [id, r] of Object.entries(json.indicators)) {
      const def = INDICATOR_BY_ID.get(id);
      if (def?.unit !== "percent" || typeof r.value !== "number") continue;
      expect({ id, inRange: r.value >= 0 && r.value <= 1 }).toEqual({ id, inRange: true });
      if (typeof r.numerator === "number" && typeof r.denominator === "number" && r.denominator > 0) {
        expect(r.value).toBeCloseTo(r.numerator / r.denominator, 12);
        rates++;
      }
    }
    expect(rates).toBeGreaterThan(30);
  });

  test("targets T1–T6 carry the step-1 target of Paramètres and a status consistent with it", () => {
    // Paramètres of the example: Étape en cours = 1, Cible T1 étape 1 = 30 %, T2 50 %, T3 50 %, T4 30 %, T5 50 %, T6 50 %.
    const expected: Record<string, number> = { T1: 0.3, T2: 0.5, T3: 0.5, T4: 0.3, T5: 0.5, T6: 0.5 };
    for (const t of TARGET_IDS) {
      const r = json.indicators[t];
      expect(r.target).toBe(expected[t]);
      const status = r.value === null ? "Non renseigné" : (r.value as number) >= expected[t] ? "Atteint" : "En cours";
      expect({ t, status: r.status }).toEqual({ t, status });
    }
  });

  test("counts rows as the sheet holds them: read = used + rejected + merged", () => {
    const r = json.register;
    expect(r.sheet).toBe("Registre");
    expect(r.headerRow).toBe(scan.headerRow);
    // Every non-blank row below the header is read (the blank row left in the register is not).
    expect(r.rowsRead).toBe(scan.rows.length);
    expect(r.rowsRead).toBe(r.rowsUsed + r.rowsRejected + r.rowsMerged);
    // Planted in the example: a row pasted twice and a row without N° marché are rejected; the
    // co-contractor of a groupement (same N°, other Titulaire) is merged.
    expect(r.rowsRejected).toBe(2);
    expect(r.rowsMerged).toBe(1);
    expect(r.rowsUsed).toBe(firstRows(scan).length);
  });

  test("the year defaults to the latest year with notified contracts", () => {
    const years = firstRows(scan)
      .map((r) => r.values.get("Date de notification"))
      .filter((d): d is Date => d instanceof Date)
      .map((d) => d.getUTCFullYear());
    const latest = Math.max(...years);
    expect(latest).toBe(2026);
    expect(json.year).toBe(latest);
    // T1 reads every contract notified in the year: its denominator is their number.
    expect(json.indicators.T1.denominator).toBe(notifiedIn(scan, 2026));
  });

  test("--year is honoured", async () => {
    const r = await runJson(["indicators", EXAMPLE, "--year", "2024"]);
    expect(r.code).toBe(0);
    expect(r.json.year).toBe(2024);
    // The row whose notification date reads 31/02/2024 is outside every year.
    expect(r.json.indicators.T1.denominator).toBe(notifiedIn(scan, 2024));
    expect(notifiedIn(scan, 2024)).not.toBe(notifiedIn(scan, 2025));
    const eq = await runJson(["indicators", EXAMPLE, "--year=2023"]);
    expect(eq.json.year).toBe(2023);
    expect(eq.json.indicators.T1.denominator).toBe(notifiedIn(scan, 2023));
  });

  test("reports each planted mistake at its cell, and nothing for harmless variations", () => {
    const at = (cell: string) => json.issues.filter((i) => i.cell === cell);
    const expectIssue = (cells: string[], severity: string, message: RegExp) => {
      expect(cells).toHaveLength(1);
      const found = at(cells[0]);
      expect(found.map((i) => i.severity)).toEqual([severity]);
      expect(found[0].message).toMatch(message);
    };
    expectIssue(findCell(scan, (v) => typeof v === "object" && v !== null && (v as { error?: string }).error === "#N/A"), "error", /#N\/A/);
    expectIssue(findCell(scan, (v) => v === "31/02/2024"), "error", /date/);
    expectIssue(findCell(scan, (v, h) => v === "NC" && h === "Nombre d'offres"), "error", /nombre/);
    expectIssue(findCell(scan, (v) => v === "24; 27"), "error", /27/);
    expectIssue(findCell(scan, (v) => v === "Concours restreint"), "warning", /Concours restreint/);

    // The row pasted twice: same N° marché and same Titulaire as an earlier row.
    const byId = new Map<string, ScannedRow>();
    const pasted: number[] = [];
    const coHolder: number[] = [];
    for (const r of scan.rows) {
      const id = text(r.values.get("N° marché"));
      if (!id) continue;
      const first = byId.get(id);
      if (!first) byId.set(id, r);
      else if (text(first.values.get("Titulaire")) === text(r.values.get("Titulaire"))) pasted.push(r.row);
      else coHolder.push(r.row);
    }
    expect(pasted).toHaveLength(1);
    expectIssue([`Registre!A${pasted[0]}`], "error", /double/);
    const blankId = scan.rows.filter((r) => !r.values.has("N° marché")).map((r) => r.row);
    expect(blankId).toHaveLength(1);
    expectIssue([`Registre!A${blankId[0]}`], "error", /vide/);
    expect(coHolder).toHaveLength(1);
    const infos = json.issues.filter((i) => i.severity === "info" && i.message.includes(String(coHolder[0])));
    expect(infos).toHaveLength(1);

    // "oui " with a trailing space and an amount typed "12 500 €" are read without complaint.
    for (const cell of [...findCell(scan, (v) => v === "oui "), ...findCell(scan, (v) => v === "12 500 €")]) expect(at(cell)).toEqual([]);
    expect(findCell(scan, (v) => v === "12 500 €")).toHaveLength(1);
  });

  test("every issue on a register cell names the header and the row of that cell", () => {
    const onCells = json.issues.filter((i) => i.sheet === "Registre" && i.cell !== null);
    expect(onCells.length).toBeGreaterThanOrEqual(7);
    for (const i of onCells) {
      const m = /^Registre!([A-Z]+)(\d+)$/.exec(i.cell as string);
      expect(m).not.toBeNull();
      const [, col, row] = m as RegExpExecArray;
      expect(Number(row)).toBe(i.row);
      const header = [...scan.headers].find(([c]) => letters(c) === col)?.[1];
      expect(i.column).toBe(header);
    }
  });
});

describe("spaser indicators (text) on the example workbook", () => {
  let out: string;
  let json: JsonOut;
  beforeAll(async () => {
    const r = await run(["indicators", EXAMPLE]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    out = r.out;
    json = (await runJson(["indicators", EXAMPLE])).json;
  });

  test("speaks French and names the register and the year", () => {
    expect(out).toMatch(/^SPASER — indicateurs 2026 — Ville et Métropole\n/);
    expect(out).toContain("Registre : feuille « Registre », en-tête ligne 4");
    expect(out).toContain("Contrats notifiés en 2026 :");
    expect(out).toContain("Déploiement échelonné du SPASER (cibles)");
    for (const word of ["undefined", "NaN", "null", "[object", "Infinity", "error", "warning", "true", "false"]) expect({ word, found: out.includes(word) }).toEqual({ word, found: false });
    // French numbers: a decimal comma before " %".
    expect(out).toMatch(/\d+,\d\s%/);
  });

  test("is grouped by axis, then objective, then action, in the order of the SPASER", () => {
    const positions: number[] = [];
    for (const axis of AXES) {
      positions.push(out.indexOf(`Axe ${axis.n} — ${axis.title}\n`));
      for (const o of OBJECTIVES.filter((x) => x.axis === axis.n)) {
        positions.push(out.indexOf(`Objectif ${o.n} — ${o.title}\n`));
        for (const a of ACTIONS.filter((x) => x.objective === o.n)) {
          const at = out.indexOf(`Action ${a.n} — ${a.title}\n`);
          positions.push(at);
          // The action's indicators follow its heading, before the next action.
          for (const d of INDICATORS.filter((x) => x.action === a.n)) expect({ id: d.id, after: out.indexOf(` ${d.id} `, at) > at }).toEqual({ id: d.id, after: true });
        }
      }
    }
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  test("ends with a data-quality summary that counts the issues of the JSON", () => {
    const m = /Qualité des données : (\d+) erreurs?, (\d+) avertissements?, (\d+) informations?\./.exec(out);
    expect(m).not.toBeNull();
    const count = (s: string) => json.issues.filter((i) => i.severity === s).length;
    expect([Number(m![1]), Number(m![2]), Number(m![3])]).toEqual([count("error"), count("warning"), count("info")]);
    expect(out).toMatch(/\[erreur\] Registre!L\d+ \(Date de notification\) : « 31\/02\/2024 »/);
  });
});

// ------------------------------------------------------------------ a small register, values by hand

describe("a small register whose values are computed by hand", () => {
  const { dir, cleanup } = tempDir();
  const file = path.join(dir, "petit-registre.xlsx");
  afterAll(cleanup);
  beforeAll(async () => {
    const H = ["N° marché", "Objet", "Procédure", "Montant HT", "Date de notification", "Critère environnemental", "Clause d'insertion", "Actions ciblées", "Titulaire TPE/PME"];
    const d = (y: number, m: number, day: number) => new Date(Date.UTC(y, m - 1, day));
    await writeWorkbook(file, [
      {
        name: "Marchés",
        rows: [
          ["Registre des marchés 2023-2024"],
          H,
          ["M1", "Rénovation de l'école", "AOO", 250_000, d(2024, 3, 15), "oui", "oui", "8; 14", "oui"], // row 3
          ["M2", "Fournitures de bureau", "MAPA", { error: "#VALUE!" } as ExcelJS.CellErrorValue, d(2024, 6, 3), "non", "non", null, "non"], // row 4
          ["M3", "Nettoyage des locaux", "Appel d'offres ouvert", 300_000, d(2024, 9, 10), "oui", "non", "14", null], // row 5
          ["M4", "Maîtrise d'œuvre du gymnase", "Procédure avec négociation", 120_000, d(2024, 11, 29), "non", "oui", "8", "oui"], // row 6
          [], // row 7: blank, not counted
          ["M5", "Café équitable", "MAPA", 20_000, d(2023, 5, 5), "oui", "non", null, "oui"], // row 8
          ["M6", "Consultation en cours", "AOO", 500_000, null, "oui", "oui", "8", null], // row 9: not notified
          ["M2", "Fournitures de bureau", "MAPA", 45_000, d(2024, 6, 3), "non", "non", null, "non"], // row 10: pasted twice
        ],
      },
    ]);
  });

  test("counts and default year", async () => {
    const { code, json } = await runJson(["indicators", file]);
    expect(code).toBe(0);
    // Rows 3, 4, 5, 6, 8, 9, 10 are read (7); row 10 repeats M2 without a Titulaire column: rejected.
    expect(json.register).toEqual({ sheet: "Marchés", headerRow: 2, rowsRead: 7, rowsUsed: 6, rowsRejected: 1, rowsMerged: 0 });
    // Notified in 2023 (M5) and 2024 (M1–M4); M6 is not notified: the default year is 2024.
    expect(json.year).toBe(2024);
    expect(json.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: "error", sheet: "Marchés", row: 4, column: "Montant HT", cell: "Marchés!D4" }),
        expect.objectContaining({ severity: "error", sheet: "Marchés", row: 10, column: "N° marché", cell: "Marchés!A10" }),
      ]),
    );
  });

  test("indicators of 2024", async () => {
    const I = (await runJson(["indicators", file])).json.indicators;
    // C(2024) = M1, M2, M3, M4. Critère environnemental: M1, M3 → 2 / 4 = 0.5 ≥ 30 %.
    expect(I.T1).toMatchObject({ value: 0.5, numerator: 2, denominator: 4, target: 0.3, status: "Atteint" });
    // Formalised: M1 (AOO), M3 (AOO), M4 (PN); with a clause d'insertion: M1, M4 → 2 / 3.
    expect(I.T3).toMatchObject({ numerator: 2, denominator: 3, status: "Atteint" });
    expect(I.T3.value).toBeCloseTo(2 / 3, 12);
    // Targeted for action 8: M1, M4, both with the clause → 2 / 2.
    expect(I["A8.R1"]).toMatchObject({ value: 1, numerator: 2, denominator: 2 });
    // Above 90 000 €: M1, M3, M4 (M2's amount is a #VALUE! cell: left out) → clause on M1, M4 → 2 / 3.
    expect(I["A8.R2"]).toMatchObject({ numerator: 2, denominator: 3 });
    // Targeted for 14, 16 or 17: M1, M3; M3's TPE/PME cell is blank (unknown) → 1 / 1, one left out.
    expect(I.T6).toMatchObject({ value: 1, numerator: 1, denominator: 1, excluded: 1 });
    // T5 reads Économie circulaire, absent: n/a, naming the column.
    expect(I.T5.value).toBeNull();
    expect(I.T5.reason).toContain("Économie circulaire");
    // A3.E1: T1 0.5 ≥ 0.3, T2 (only Critère environnemental present) 2/4 ≥ 0.5, T3 2/3 ≥ 0.5,
    // T4 (only Clause d'insertion present) 2/3 ≥ 0.3, T6 1 ≥ 0.5; T5 has no value → 5 / 5.
    expect(I["A3.E1"]).toMatchObject({ value: 1, numerator: 5, denominator: 5 });
  });

  test("--year 2023", async () => {
    const { json } = await runJson(["indicators", file, "--year", "2023"]);
    expect(json.year).toBe(2023);
    // C(2023) = M5 only: critère environnemental → 1 / 1; no formalised procedure → T3 n/a.
    expect(json.indicators.T1).toMatchObject({ value: 1, numerator: 1, denominator: 1 });
    expect(json.indicators.T3.value).toBeNull();
    expect(json.indicators.T3.reason).toContain("2023");
  });

  test("the text shows the same values the French way", async () => {
    const { code, out } = await run(["indicators", file]);
    expect(code).toBe(0);
    expect(out).toContain("Contrats notifiés en 2024 : 4.");
    expect(out).toMatch(/T1 .*\n\s+50,0\s%\s+\(2 \/ 4\)\s+— cible 30,0\s% : Atteint/);
    expect(out).toMatch(/7 lignes lues, 6 retenues, 1 rejetées?, 0 fusionnées?/);
  });
});

// ------------------------------------------------------------------ CSV registers

describe("a .csv register", () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  test("Windows-1252, `;` separator, French numbers", async () => {
    const file = path.join(dir, "registre-2025.csv");
    const lines = [
      "N° marché;Objet;Montant HT (€);Date de notification;Critère environnemental;Commerce équitable;Procédure",
      "C-01;Café et thé équitables;12 500,50;15/03/2025;oui;oui;MAPA",
      "C-02;Entretien des espaces verts;1 250 000,00;02/04/2025;non;non;Appel d'offres ouvert",
      "C-03;Travaux de rénovation de l'école;90 000;10/10/2025;Oui;non;Procédure adaptée",
      "C-04;Fournitures de bureau;8 000;12/12/2024;non;oui;MAPA",
    ];
    const bytes = encodeWindows1252(lines.join("\r\n") + "\r\n");
    // Not valid UTF-8: the reader must fall back to Windows-1252.
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    fs.writeFileSync(file, bytes);
    const { code, json } = await runJson(["indicators", file]);
    expect(code).toBe(0);
    expect(json.register).toEqual({ sheet: "registre-2025", headerRow: 1, rowsRead: 4, rowsUsed: 4, rowsRejected: 0, rowsMerged: 0 });
    expect(json.issues.filter((i) => i.severity !== "info")).toEqual([]);
    expect(json.year).toBe(2025);
    // 2025: C-01, C-02, C-03; critère environnemental on C-01 and C-03 → 2 / 3.
    expect(json.indicators.T1).toMatchObject({ numerator: 2, denominator: 3 });
    // Fair trade in 2025: C-01 only, 12 500,50 € → 12 500.5.
    expect(json.indicators["A13.E1"].value).toBe(12_500.5);
    expect(json.indicators["A13.E2"].value).toBe(1);
    // Between 10 000 and 40 000 €: C-01 (12 500,50); C-02 is 1 250 000 and C-03 90 000.
    expect(json.indicators["A11.E4"].value).toBe(1);
    // Formalised: C-02 (AOO) → T3 reads Clause d'insertion, absent.
    expect(json.indicators.T3.reason).toContain("Clause d'insertion");
  });

  test("UTF-8 with BOM and `,` separator", async () => {
    const file = path.join(dir, "export.csv");
    const csv = ["N° marché,Objet,Montant HT,Date de notification", 'A1,"Entretien, élagage",45000,2025-02-01', "A2,Papier,15000.50,2025-03-01"].join("\n");
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, "utf8")]));
    const { code, json } = await runJson(["indicators", file]);
    expect(code).toBe(0);
    expect(json.register.rowsUsed).toBe(2);
    // 10 000 ≤ 15 000.50 ≤ 40 000 (A2); 45 000 is above.
    expect(json.indicators["A11.E4"].value).toBe(1);
  });
});

describe("the real DECP export (works, 2024 S2)", () => {
  // An independent reading of the file: the first row of each uid is the contract; a later row
  // naming a holder not seen yet for that uid is a co-holder (merged), a row repeating a holder
  // already seen (or naming none) a duplicate (rejected).
  const lines = fs.readFileSync(DECP_CSV, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = splitCsvLine(lines[0], ",");
  const col = (name: string) => header.indexOf(name);
  const records = lines.slice(1).map((l) => splitCsvLine(l, ","));
  const first = new Map<string, string[]>();
  const holders = new Map<string, Set<string>>();
  let merged = 0;
  let rejected = 0;
  for (const r of records) {
    const uid = r[col("uid")].trim();
    const holder = r[col("titulaire_nom")].trim();
    const seen = holders.get(uid);
    if (!seen) {
      first.set(uid, r);
      holders.set(uid, new Set([holder]));
    } else if (holder !== "" && !seen.has(holder)) {
      seen.add(holder);
      merged++;
    } else rejected++;
  }

  let json: JsonOut;
  let code: number;
  beforeAll(async () => {
    ({ code, json } = await runJson(["indicators", DECP_CSV]));
  });

  test("is read as a register: one contract per uid, co-holders merged", () => {
    expect(code).toBe(0);
    // The data README: 8,957 rows, 5,180 contracts.
    expect(records.length).toBe(8957);
    expect(first.size).toBe(5180);
    expect(json.register).toEqual({ sheet: "decp-2024S2-travaux-cpv4521", headerRow: 1, rowsRead: 8957, rowsUsed: 5180, rowsRejected: rejected, rowsMerged: merged });
    // Co-holders are summarised once, not one line per row.
    const infos = json.issues.filter((i) => i.severity === "info" && /co-titulaires/.test(i.message));
    expect(infos).toHaveLength(1);
    expect(infos[0].message).toContain(String(merged));
  });

  test("defaults to 2025 (January 2025 notifications) and honours --year 2024", async () => {
    expect(json.year).toBe(2025);
    const r = await runJson(["indicators", DECP_CSV, "--year", "2024"]);
    expect(r.json.year).toBe(2024);
    const of2024 = [...first.values()].filter((x) => x[col("dateNotification")].startsWith("2024-"));
    const offers = of2024.map((x) => x[col("offresRecues")].trim()).filter((v) => /^\d+$/.test(v)).map(Number);
    // A15.E1: mean offresRecues over the 2024 contracts whose count is known.
    expect(r.json.indicators["A15.E1"].denominator).toBe(offers.length);
    expect(r.json.indicators["A15.E1"].value as number).toBeCloseTo(offers.reduce((s, n) => s + n, 0) / offers.length, 10);
    // No SPASER provision column in a DECP export: T1 is n/a and names its column.
    expect(r.json.indicators.T1.value).toBeNull();
    expect(r.json.indicators.T1.reason).toContain("Critère environnemental");
  });
});

// ------------------------------------------------------------------ exit status 2

describe("exit status 2 with a French message on stderr", () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  async function expectRefused(argv: string[], message: RegExp) {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^spaser : /);
    expect(r.err).toMatch(message);
    // The French message; the library's own words of the cause may follow on a « détail » line.
    const french = r.err.split("\n").filter((l) => !l.startsWith("  détail : ")).join("\n");
    expect(french).not.toMatch(/\b(Error|error|not found|missing|unknown|invalid|Cannot|undefined)\b/);
    expect(r.err).not.toMatch(/\n\s+at .+:\d+:\d+/);
    return r;
  }

  test("a missing file", async () => {
    await expectRefused(["indicators", path.join(dir, "absent.xlsx")], /fichier introuvable/);
  });

  test("a file that is not a workbook", async () => {
    const notes = path.join(dir, "notes.xlsx");
    fs.writeFileSync(notes, "Compte rendu du comité annuel des achats durables\n");
    await expectRefused(["indicators", notes], /n'est pas un classeur Excel/);
    const broken = path.join(dir, "abime.xlsx");
    fs.writeFileSync(broken, Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(200, 7)]));
    await expectRefused(["indicators", broken], /abime\.xlsx.*n'est pas un classeur Excel lisible/);
    const old = path.join(dir, "ancien.xls");
    fs.writeFileSync(old, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    await expectRefused(["indicators", old], /97-2003/);
  });

  test("a workbook without a register", async () => {
    const file = path.join(dir, "sans-registre.xlsx");
    await writeWorkbook(file, [
      { name: "Notes", rows: [["Compte rendu du CAD"], ["Date", "Participants"], [new Date(Date.UTC(2025, 10, 20)), 12]] },
      // A sheet with N° marché alone is not a register: one other known column is needed.
      { name: "Liste", rows: [["N° marché", "Commentaire"], ["V25-001", "à revoir"]] },
    ]);
    const r = await expectRefused(["indicators", file], /Aucun registre des marchés trouvé/);
    expect(r.err).toContain("« Notes »");
    expect(r.err).toContain("« Liste »");
  });

  test("bad arguments", async () => {
    await expectRefused([], /commande manquante/);
    await expectRefused(["indicateurs", EXAMPLE], /commande inconnue : indicateurs/);
    await expectRefused(["indicators"], /fichier manquant/);
    await expectRefused(["indicators", EXAMPLE, "--year", "25"], /année invalide : 25/);
    await expectRefused(["indicators", EXAMPLE, "--year"], /l'option --year attend une valeur/);
    await expectRefused(["indicators", EXAMPLE, "--format", "pdf"], /option inconnue : --format/);
    await expectRefused(["indicators", EXAMPLE, EXAMPLE], /argument en trop/);
    const usage = await run(["indicators", EXAMPLE, "--annee", "deux"]);
    expect(usage.err).toContain("Usage :");
  });

  test("--help prints the usage and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("spaser indicators FICHIER");
    expect(r.err).toBe("");
  });
});

// ------------------------------------------------------------------ the installed command

describe("the installed command (bin/spaser.js → lib/)", () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, "lib", "cli", "main.js"))) {
      const tsc = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.cli.json"], { cwd: ROOT, encoding: "utf8" });
      if (tsc.status !== 0) throw new Error(`tsc -p tsconfig.cli.json failed:\n${tsc.stdout}${tsc.stderr}`);
    }
  }, 180_000);

  test("`node bin/spaser.js indicators examples/registre-exemple.xlsx --json`", async () => {
    const p = spawnSync(process.execPath, ["bin/spaser.js", "indicators", "examples/registre-exemple.xlsx", "--json"], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(p.stderr).toBe("");
    expect(p.status).toBe(0);
    const spawned = JSON.parse(p.stdout) as JsonOut;
    const inProcess = (await runJson(["indicators", EXAMPLE])).json;
    expect(spawned.year).toBe(2026);
    expect(spawned.register).toEqual(inProcess.register);
    expect(Object.keys(spawned.indicators).sort()).toEqual(INDICATORS.map((d) => d.id).sort());
  });

  test("exits 2 for a missing file", () => {
    const p = spawnSync(process.execPath, ["bin/spaser.js", "indicators", "absent.xlsx"], { cwd: ROOT, encoding: "utf8" });
    expect(p.status).toBe(2);
    expect(p.stdout).toBe("");
    expect(p.stderr).toContain("fichier introuvable");
  });
});

describe("a DECP file in the 2024 JSON format", () => {
  const { main: run } = require("../../src/cli/main") as typeof import("../../src/cli/main");
  test("is read as a register (one row per holder, uid = buyer + id) and its indicators computed", async () => {
    const out: string[] = [];
    const io = { out: (s: string) => void out.push(s), err: () => undefined };
    expect(await run(["indicators", require("path").join(__dirname, "../fixtures/decp/decp-2024-format-sembreizh.json"), "--json"], io)).toBe(0);
    const o = JSON.parse(out.join(""));
    // 5 contracts notified on 2024-05-30, open tenders, 11 offers each, no advance (attributionAvance false, tauxAvance 0).
    expect(o.register).toMatchObject({ rowsRead: 5, rowsUsed: 5, rowsRejected: 0, rowsMerged: 0 });
    expect(o.year).toBe(2024);
    expect(o.indicators["A15.E1"]).toMatchObject({ value: 11, numerator: 55, denominator: 5 });
    // "Pas de considération environnementale" everywhere: T1 = 0 / 5, T2 = 0 / 5.
    expect(o.indicators.T1).toMatchObject({ value: 0, numerator: 0, denominator: 5, status: "En cours" });
    expect(o.indicators.T2).toMatchObject({ value: 0, numerator: 0, denominator: 5 });
    // The DECP `id` column beside `uid` is only an information, not a warning.
    expect(o.issues.filter((i: { severity: string }) => i.severity !== "info")).toEqual([]);
    // 32 122 + 146 780 = two amounts above 50 000 € ? Only 146 780; 4 months > 2; no advance -> A17.R3 = 1
    expect(o.indicators["A17.R3"]).toMatchObject({ value: 1 });
  });
  test("a JSON file that is not DECP: exit 2 with a French message", async () => {
    const fs = require("fs") as typeof import("fs");
    const os = require("os") as typeof import("os");
    const path = require("path") as typeof import("path");
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "spaser-json-")), "x.json");
    fs.writeFileSync(f, '{"a": 1}');
    const err: string[] = [];
    expect(await run(["indicators", f], { out: () => undefined, err: (s: string) => void err.push(s) })).toBe(2);
    expect(err.join("")).toMatch(/n'est pas un fichier DECP/);
  });
});
