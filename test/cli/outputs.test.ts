/**
 * What the command line writes (SPEC §2.6 "text written back" and "sums", issue 16): it replaces
 * only a workbook it wrote itself (a mark: defined names SPASER_SORTIE_n, one per sheet it wrote), says why a
 * folder cannot be written, removes the characters XML forbids, and never shows a sum that is not a
 * finite number.
 */
import * as fs from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import { EXAMPLE, run, runJson, tempDir, writeWorkbook } from "./helpers";
import { markedSheet, outputMark } from "../../src/cli/output";
import { writePlans, xmlSafeText } from "../../src/cli/xlsx-writer";
import { readInputFile } from "../../src/files/read-file";
import { SheetBuilder } from "../../src/dashboards/builder";
import { a4Landscape } from "../../src/dashboards/rows";

const { dir, cleanup } = tempDir();
afterAll(cleanup);

const STACK = /\n\s+at .+:\d+:\d+/;

function expectRefused(r: { code: number; out: string; err: string }, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.out).toBe("");
  expect(r.err).toMatch(/^spaser : /);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(STACK);
}

describe("-o never replaces a workbook the command line did not write", () => {
  // Before: these workbooks were recognised as outputs by their sheet names alone and replaced (exit 0).
  test.each([
    ["dashboards", "Référentiel"],
    ["dashboards", "TdB 1 - notes du comité"],
    ["cotation", "Cotation CAD 2024"],
    ["referentiel", "Référentiel"],
  ])("spaser %s -o a user's workbook with a sheet « %s »: refused, exit 2, file untouched", async (command, sheet) => {
    const file = path.join(dir, `classeur-${command}-${sheet.length}.xlsx`);
    await writeWorkbook(file, [{ name: sheet, rows: [["Mes notes"], ["à garder"]] }]);
    const before = fs.readFileSync(file);
    const r = await run([command, EXAMPLE, "-o", file, ...(command === "cotation" ? ["--date", "01/10/2025"] : [])]);
    expectRefused(r, /ne porte pas la marque des classeurs écrits par spaser.*il n'est pas remplacé ; choisissez un autre fichier de sortie avec -o/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  test("every workbook written carries the mark, naming its sheets", async () => {
    const tdb = path.join(dir, "tdb-marque.xlsx");
    const cot = path.join(dir, "cotation-marque.xlsx");
    const ref = path.join(dir, "referentiel-marque.xlsx");
    expect((await run(["dashboards", EXAMPLE, "-o", tdb])).code).toBe(0);
    expect((await run(["cotation", EXAMPLE, "--date", "01/10/2025", "-o", cot])).code).toBe(0);
    expect((await run(["referentiel", "-o", ref])).code).toBe(0);
    expect(await outputMark(tdb)).toEqual((await readInputFile(tdb)).sheetNames);
    expect(await outputMark(cot)).toEqual(["Cotation CAD"]);
    expect(await outputMark(ref)).toEqual(["Plan", "Référentiel"]);
    // A workbook from elsewhere has none.
    expect(await outputMark(EXAMPLE)).toBeNull();
  });

  test("the mark's references are read back, quotes and all", () => {
    expect(markedSheet("'TdB 1 - Déploiement'!$A$1")).toBe("TdB 1 - Déploiement");
    expect(markedSheet("'L''été'!$A$1")).toBe("L'été");
    expect(markedSheet("Feuil1!A1")).toBe("Feuil1");
    expect(markedSheet("#REF!")).toBeNull();
    expect(markedSheet("'Registre'!$B$2")).toBeNull();
  });

  test("the tool's own output is replaced; the same output with a sheet the user added is not", async () => {
    const out = path.join(dir, "tdb-ajout.xlsx");
    expect((await run(["dashboards", EXAMPLE, "-o", out])).code).toBe(0);
    expect((await run(["dashboards", EXAMPLE, "-o", out])).code).toBe(0);
    // The user adds a sheet named like ours and saves: the parts are edited by hand, keeping every
    // other one (the defined names of the mark with them), as Excel does.
    const JSZip = (await import("jszip")).default;
    const zip = await JSZip.loadAsync(fs.readFileSync(out));
    const wbXml = await zip.file("xl/workbook.xml")!.async("string");
    const ctypes = await zip.file("[Content_Types].xml")!.async("string");
    const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    const sheet1 = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    zip.file("xl/worksheets/sheet99.xml", sheet1.replace(/<hyperlinks>.*<\/hyperlinks>/s, ""));
    zip.file("xl/workbook.xml", wbXml.replace("</sheets>", '<sheet name="TdB 1 - notes du comité" sheetId="99" r:id="rId99"/></sheets>'));
    zip.file("xl/_rels/workbook.xml.rels", rels.replace("</Relationships>", '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet99.xml"/></Relationships>'));
    zip.file("[Content_Types].xml", ctypes.replace("</Types>", '<Override PartName="/xl/worksheets/sheet99.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'));
    fs.writeFileSync(out, await zip.generateAsync({ type: "nodebuffer" }));
    expect((await readInputFile(out)).sheetNames).toContain("TdB 1 - notes du comité");
    const before = fs.readFileSync(out);
    const r = await run(["dashboards", EXAMPLE, "-o", out]);
    expectRefused(r, /« tdb-ajout\.xlsx » a été écrit par spaser mais contient une feuille qu'il n'a pas écrite \(« TdB 1 - notes du comité »\) : il n'est pas remplacé/);
    expect(fs.readFileSync(out).equals(before)).toBe(true);
  });

  test("an output of an earlier version (same sheets, no mark) is refused with a clear message", async () => {
    const old = path.join(dir, "ancienne-sortie.xlsx");
    await writeWorkbook(old, [
      { name: "TdB 1 - Déploiement", rows: [["SPASER"]] },
      { name: "TdB 2 - Actions", rows: [["SPASER"]] },
    ]);
    const r = await run(["dashboards", EXAMPLE, "-o", old]);
    expectRefused(r, /noms définis SPASER_SORTIE_1.*version précédente de spaser/);
  });

  test("rerunning cotation on its own output replaces it and marks it again (typed decisions kept: test/cotation/sheet.test.ts)", async () => {
    const out = path.join(dir, "cotation-relance.xlsx");
    expect((await run(["cotation", EXAMPLE, "--date", "01/10/2025", "-o", out])).code).toBe(0);
    const again = await run(["cotation", EXAMPLE, "--date", "01/10/2025", "-o", out]);
    expect(again.code).toBe(0);
    expect(await outputMark(out)).toEqual(["Cotation CAD"]);
  });
});

describe("a folder that exists but cannot be written", () => {
  test("-o /proc/x.xlsx: « dossier non accessible en écriture », not « n'existe pas »", async () => {
    // Before: « impossible d'écrire « /proc/x.xlsx » : le dossier n'existe pas ».
    const r = await run(["dashboards", EXAMPLE, "-o", "/proc/x.xlsx"]);
    expectRefused(r, /impossible d'écrire « \/proc\/x\.xlsx » : dossier non accessible en écriture ; choisissez un autre fichier de sortie avec -o/);
    expect(r.err).not.toMatch(/n'existe pas/);
  });
});

describe("text written back: the characters XML 1.0 forbids are removed, with a warning", () => {
  test("xmlSafeText removes C0 controls (but tab, LF, CR), U+FFFE, U+FFFF and lone surrogates, and keeps pairs", () => {
    // "a\u0001b" → "ab" (1 removed); "\uFFFE\uFFFF" → "" (2); "x\uD800y" → "xy" (1); "\uDC00z" → "z" (1);
    // "😀" (a surrogate pair) and "\t\n\r" are kept.
    expect(xmlSafeText("a\u0001b\u000Bc\u000Cd\u001Fe")).toEqual({ text: "abcde", removed: 4 });
    expect(xmlSafeText("\uFFFE\uFFFF")).toEqual({ text: "", removed: 2 });
    expect(xmlSafeText("x\uD800y")).toEqual({ text: "xy", removed: 1 });
    expect(xmlSafeText("\uDC00z")).toEqual({ text: "z", removed: 1 });
    expect(xmlSafeText("😀 \t\n\r é")).toEqual({ text: "😀 \t\n\r é", removed: 0 });
    expect(xmlSafeText("\u0000")).toEqual({ text: "", removed: 1 });
  });

  test("a workbook written with such text is well-formed: every string after the bad one is still there", async () => {
    // Before: U+FFFE in a shared string made the file unreadable (our reader, like openpyxl, refuses it).
    const b = new SheetBuilder("Essai", "tdb1", [20, 20], a4Landscape("", "Essai", new Date(Date.UTC(2025, 0, 1)), "", 0.4));
    b.plan.cells.push(
      { r: 0, c: 0, value: "Nettoyage\uFFFE des locaux" },
      { r: 0, c: 1, value: "Voirie\uD800" },
      { r: 1, c: 0, value: "Espaces\u0007 verts\uFFFF" },
      { r: 1, c: 1, value: "après" },
    );
    const file = path.join(dir, "caracteres.xlsx");
    const warnings = await writePlans([b.plan], file);
    expect(warnings).toEqual([
      "« Essai » : 4 caractères qu'un classeur ne peut pas contenir (caractères de contrôle, U+FFFE, U+FFFF ou demi-paire de substitution) supprimés (texte venu du registre) : A1, B1, A2",
    ]);
    const { grids } = await readInputFile(file);
    expect(grids[0].rows.slice(0, 2)).toEqual([
      ["Nettoyage des locaux", "Voirie"],
      ["Espaces verts", "après"],
    ]);
  });

  test("spaser dashboards on a register whose text holds U+FFFE: a warning on stderr, a readable workbook", async () => {
    const csv = path.join(dir, "registre-fffe.csv");
    fs.writeFileSync(
      csv,
      "N° marché;Objet;Montant HT;Date de notification;Critère environnemental\n" + "M1;Nettoyage\uFFFE des locaux;1000;15/03/2024;oui\n" + "M2;Voirie;2000;16/03/2024;non\n",
      "utf8",
    );
    const out = path.join(dir, "tdb-fffe.xlsx");
    const r = await run(["dashboards", csv, "-o", out]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/\[avertissement\] « Détail des indicateurs » : 1 caractère qu'un classeur ne peut pas contenir .* supprimé \(texte venu du registre\)/);
    const { grids } = await readInputFile(out);
    const detail = grids.find((g) => g.sheet === "Détail des indicateurs")!;
    expect(detail.rows.some((row) => row.includes("Nettoyage des locaux"))).toBe(true);
  });
});

describe("sums that overflow are n/a « montants hors limites », with an error naming the cells", () => {
  const file = path.join(dir, "montants-enormes.xlsx");
  beforeAll(async () => {
    const d = (m: number, day: number) => new Date(Date.UTC(2024, m - 1, day));
    await writeWorkbook(file, [
      {
        name: "Registre",
        rows: [
          ["N° marché", "Objet", "Montant HT", "Date de notification", "Critère environnemental", "Économie circulaire"],
          ["M1", "Voirie", 1e308, d(3, 1), "oui", "oui"], // row 2
          ["M2", "Éclairage", 1e308, d(4, 1), "non", "non"], // row 3
          ["M3", "Nettoyage", 1000, d(5, 1), "oui", "non"], // row 4
        ],
      },
    ]);
  });

  test("indicators --json: T1.V and A24.E1 are n/a, never Infinity or NaN; T1 (a count) still computed", async () => {
    const { code, json } = await runJson(["indicators", file]);
    expect(code).toBe(0);
    // T1 = contracts with an environmental consideration / contracts = 2 / 3 (M1, M3 of M1–M3).
    expect(json.indicators.T1.value).toBeCloseTo(2 / 3, 10);
    // T1.V: Σ montants = 1e308 + 1e308 + 1000 = Infinity in double precision: n/a.
    for (const id of ["T1.V", "A24.E1"]) {
      expect(json.indicators[id].value).toBeNull();
      expect(json.indicators[id].reason).toBe("montants hors limites");
      expect(json.indicators[id].numerator ?? null).toBeNull();
      expect(json.indicators[id].denominator ?? null).toBeNull();
    }
    const errors = json.issues.filter((i) => i.severity === "error" && /hors limites/.test(i.message));
    // The two cells of 1e308: Registre rows 2 and 3, column « Montant HT ».
    expect(errors.map((i) => [i.sheet, i.row, i.column])).toEqual([
      ["Registre", 2, "Montant HT"],
      ["Registre", 3, "Montant HT"],
    ]);
    expect(errors[0].message).toMatch(/Registre ligne 2, colonne « Montant HT », contrat M1 : valeur trop grande \(1,00e\+308\).*T1\.V/);
  });

  test("the dashboards show « — » and never Infinity, NaN or 1e+308", async () => {
    const out = path.join(dir, "tdb-enormes.xlsx");
    const r = await run(["dashboards", file, "-o", out]);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    for (const name of ["TdB 1 - Déploiement", "TdB 2 - Actions", "Détail des indicateurs"]) {
      wb.getWorksheet(name)!.eachRow((row) =>
        row.eachCell((cell) => {
          const v = cell.value;
          // The detail sheet lists each contract's own amount (1e308 as typed); the boards show no sum of them.
          if (typeof v === "number" && name !== "Détail des indicateurs") expect(Math.abs(v)).toBeLessThan(1e300);
          if (typeof v === "string") expect(v).not.toMatch(/Infinity|NaN|e\+30\d/);
        }),
      );
    }
  });
});
