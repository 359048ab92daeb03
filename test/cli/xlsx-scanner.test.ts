/**
 * The byte scanner of worksheets and shared strings (src/files/xlsx/scan.ts) against saxes: the
 * same rows, cell by cell, on the workbooks of every producer the project has and on workbooks
 * written to exercise the XML the scanner reads or leaves to saxes; the same error on a damaged one.
 */
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { readXlsxFile, XlsxError } from "../../src/files/xlsx/reader";
import { scanPart, Unsupported } from "../../src/files/xlsx/scan";
import { ZipReader } from "../../src/files/xlsx/zip";
import type { Cell } from "../../src/register/types";
import { EXAMPLE, ROOT, tempDir, writeWorkbook } from "./helpers";
import { row, workbookParts, zipParts } from "./xlsx-files";

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

let n = 0;
async function file(bytes: Buffer | Promise<Buffer>): Promise<string> {
  const f = path.join(dir, `classeur-${++n}.xlsx`);
  fs.writeFileSync(f, await bytes);
  return f;
}

type Read = { sheet: string; rows: [number, Cell[]][] }[];

/** Every row of every sheet (index and cells, the holes of sparse rows kept as such). */
async function readAll(f: string, scanner: boolean): Promise<Read> {
  const out: Read = [];
  await readXlsxFile(
    f,
    (sheet) => {
      const s = { sheet, rows: [] as [number, Cell[]][] };
      out.push(s);
      return { row: (i, cells) => void s.rows.push([i, cells]), end: () => undefined };
    },
    { scanner },
  );
  return out;
}

/** Worksheet and shared-strings parts of a workbook that the scanner reads without leaving them to saxes. */
async function scannedParts(f: string): Promise<{ part: string; scanned: boolean }[]> {
  const zip = await ZipReader.open(f);
  try {
    const out: { part: string; scanned: boolean }[] = [];
    for (const part of zip.names().filter((p) => /^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/.test(p))) {
      let scanned = true;
      await scanPart(zip, part, { open: () => undefined, close: () => undefined, text: () => undefined, cell: () => undefined }).catch((e) => {
        if (!(e instanceof Unsupported)) throw e;
        scanned = false;
      });
      out.push({ part, scanned });
    }
    return out;
  } finally {
    zip.close();
  }
}

async function expectSameRows(f: string): Promise<Read> {
  const fast = await readAll(f, true);
  const slow = await readAll(f, false);
  expect(fast).toEqual(slow);
  // Holes stay holes (toEqual does not tell a hole from undefined).
  fast.forEach((s, k) => s.rows.forEach(([, cells], r) => expect(Object.keys(cells)).toEqual(Object.keys(slow[k].rows[r][1]))));
  return fast;
}

describe("the same rows as saxes", () => {
  const producers = path.join(ROOT, "test", "fixtures", "producers");
  const workbooks = [...fs.readdirSync(producers).filter((f) => f.endsWith(".xlsx")).map((f) => path.join(producers, f)), EXAMPLE, path.join(ROOT, "examples", "spaser-ght.xlsx"), path.join(ROOT, "examples", "spaser-departement.xlsx")];

  test.each(workbooks.map((f) => [path.relative(ROOT, f), f]))("%s, every part read by the scanner itself", async (_, f) => {
    const read = await expectSameRows(f);
    expect(read.reduce((k, s) => k + s.rows.length, 0)).toBeGreaterThan(0);
    expect((await scannedParts(f)).filter((p) => !p.scanned)).toEqual([]);
  });

  test("a workbook written by ExcelJS (shared strings, dates, formulas, rich text)", async () => {
    const f = path.join(dir, "exceljs.xlsx");
    await writeWorkbook(f, [
      {
        name: "Registre",
        rows: [
          ["N° marché", "Objet", "Montant HT", "Date", "Total"],
          ["M1", { richText: [{ text: "Voirie " }, { text: "& réseaux <lot 2>", font: { bold: true } }] }, 1000.5, new Date(Date.UTC(2024, 5, 15)), { formula: "C2*2", result: 2001 }],
          ["M2", "Écoles « été »\nligne 2", 2000, null, { formula: "C3*2", result: 4000 }],
        ],
      },
    ]);
    const read = await expectSameRows(f);
    expect(read[0].rows[1][1][1]).toBe("Voirie & réseaux <lot 2>");
    expect((await scannedParts(f)).every((p) => p.scanned)).toBe(true);
  });

  test("every cell type, entities, escapes, line ends, sparse rows, prefixed names, single quotes", async () => {
    const data =
      '<row r="1" spans="1:5"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="str"><f>A1</f><v>a &amp; b &lt;c&gt; &#233;&#xE9; &quot;&apos;</v></c><c r="D1" t="b"><v>1</v></c><c r="E1" t="e"><v>#N/A</v></c></row>' +
      "<row r='3'><c r='B3' s='0' t='inlineStr'><is><r><t xml:space='preserve'>ligne 1\r\nligne 2\rfin </t></r><rPh><t>x</t></rPh><r><t>_x000D_ok</t></r></is></c><c r = \"XFD3\" ><v>1e3</v></c></row>" +
      '<row r="4"><c r="A4"/><c r="B4"><f>1/0</f></c><c r="C4" t="d"><v>2024-06-15T10:30:00</v></c><c r="D4"><v></v></c></row>' +
      '<row><c><v>1</v></c><c><v>2</v></c></row>' +
      "\n\t <row r=\"7\"><c r=\"A7\" t=\"s\"><v>2</v></c></row>";
    const parts = workbookParts({ sheets: [{ name: "S", data }], sharedStrings: ["<si><t>Objet</t></si>", '<si><r><t>Clause </t></r><r><t xml:space="preserve">sociale </t></r></si>', "<si><t>東京 😀</t></si>"] });
    const prefixed = parts["xl/worksheets/sheet1.xml"].replace(/<(\/?)(worksheet|sheetData|row|c|v|f|is|r|t|rPh)([ >/])/g, "<$1x:$2$3").replace("<x:worksheet xmlns=", '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns=');
    for (const sheet of [parts["xl/worksheets/sheet1.xml"], prefixed]) {
      const f = await file(zipParts({ ...parts, "xl/worksheets/sheet1.xml": sheet }));
      const read = await expectSameRows(f);
      // Hand-written: C1's entities decoded; B3's runs joined without the phonetic run, CR LF and CR read as LF, _x000D_ as CR.
      expect(read[0].rows[0][1][2]).toBe("a & b <c> éé \"'");
      expect(read[0].rows[1][1][1]).toBe("ligne 1\nligne 2\nfin \rok");
      expect(read[0].rows[1][1][16383]).toBe(1000);
      expect(read[0].rows[4]).toEqual([6, ["東京 😀"]]);
      expect((await scannedParts(f)).every((p) => p.scanned)).toBe(true);
    }
  });

  test("what the scanner leaves to saxes (comment, CDATA, processing instruction, UTF-16) is read all the same, no row twice", async () => {
    const rows = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => row(from + k, [`M${from + k}`, (from + k) * 10])).join("");
    const parts = workbookParts({ sheets: [{ name: "S", data: "" }] });
    const sheet = (data: string) => parts["xl/worksheets/sheet1.xml"].replace("<sheetData></sheetData>", `<sheetData>${data}</sheetData>`);
    const variants = [
      sheet(rows(1, 50) + "<!-- saisie du 3 mars -->" + rows(51, 100)),
      sheet(rows(1, 50) + '<row r="51"><c r="A51" t="inlineStr"><is><t><![CDATA[a < b]]></t></is></c></row>' + rows(52, 100)),
      sheet(rows(1, 50) + "<?producteur x?>" + rows(51, 100)),
    ];
    for (const v of variants) {
      const read = await expectSameRows(await file(zipParts({ ...parts, "xl/worksheets/sheet1.xml": v })));
      // Rows 1 to 100, each once, in order.
      expect(read[0].rows.map(([i]) => i)).toEqual(Array.from({ length: 100 }, (_, k) => k));
    }
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sheet(rows(1, 3)).replace('encoding="UTF-8"', 'encoding="UTF-16"'), "utf16le")]);
    const read = await expectSameRows(await file(zipParts({ ...parts, "xl/worksheets/sheet1.xml": utf16 })));
    expect(read[0].rows.map(([, c]) => c)).toEqual([["M1", 10], ["M2", 20], ["M3", 30]]);
  });
});

describe("cells in the common form, read in one step by the scanner", () => {
  // Every form a cell takes: the common one (r, s, t, one <v> of ASCII text) and its near misses,
  // which the scanner reads through its general path (formula, inline string, spaces, single quotes,
  // another attribute, a reference or a character outside ASCII in the value, an empty <v>…).
  const forms = (r: number) => [
    `<c r="A${r}" t="s"><v>1</v></c>`,
    `<c r="B${r}" s="1"><v>${r}.25</v></c>`,
    `<c r="C${r}" s="2"><v>45458</v></c>`,
    `<c r="D${r}"/>`,
    `<c r="E${r}" s="1"></c>`,
    `<c r="F${r}" t="str"><f>A1</f><v>calcul</v></c>`,
    `<c r="G${r}" t="inlineStr"><is><t>Écoles</t></is></c>`,
    `<c r='H${r}' t='b'><v>1</v></c>`,
    `<c  r="I${r}"><v>3</v></c>`,
    `<c r="J${r}" cm="1"><v>4</v></c>`,
    `<c r="K${r}" t="str"><v>a &amp; b</v></c>`,
    `<c r="L${r}" t="str"><v>été "x" 'y'</v></c>`,
    `<c r="M${r}" t="e"><v>#N/A</v></c>`,
    `<c r="N${r}"><v></v></c>`,
    `<c t="str" r="O${r}"><v>ordre des attributs</v></c>`,
    `<c s="1"><v>7</v></c>`,
    `<c r="Q${r}" t="d"><v>2024-06-15</v></c>`,
    `<c r="R${r}" t="str"><v>"guillemets" et 'apostrophes'</v></c>`,
    `<c r="S${r}" ><v>8</v></c>`,
    `<c r="T${r}"><v>9</v> </c>`,
  ];
  // A cell inside another (a damaged file): read as saxes reads it.
  const nested = (r: number) => `<c r="A${r}" t="inlineStr"><is><row><c r="B${r}"><v>5</v></c></row><t>dehors</t></is></c><c r="C${r}"><v>6</v></c>`;
  const styles = '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="4"/><xf numFmtId="14"/></cellXfs></styleSheet>';

  test("the same rows as saxes, each form by hand", async () => {
    const parts = workbookParts({ sheets: [{ name: "S", data: `<row r="1">${forms(1).join("")}</row>` }], sharedStrings: ["<si><t>a</t></si>", "<si><t>Objet</t></si>"] });
    const f = await file(zipParts({ ...parts, "xl/styles.xml": styles }));
    const read = await expectSameRows(f);
    const [index, cells] = read[0].rows[0];
    expect(index).toBe(0);
    expect(cells[0]).toBe("Objet");
    expect(cells[1]).toBe(1.25);
    expect(cells[3]).toBeUndefined();
    expect(cells[5]).toBe("calcul");
    expect(cells[6]).toBe("Écoles");
    expect(cells[7]).toBe(true);
    expect(cells[8]).toBe(3);
    expect(cells[9]).toBe(4);
    expect(cells[10]).toBe("a & b");
    expect(cells[11]).toBe(`été "x" 'y'`);
    expect(cells[12]).toEqual({ error: "#N/A" });
    expect(cells[14]).toBe("ordre des attributs");
    // No reference: the cell after O.
    expect(cells[15]).toBe(7);
    expect(cells[17]).toBe(`"guillemets" et 'apostrophes'`);
    expect(cells[18]).toBe(8);
    expect(cells[19]).toBe(9);
    expect((await scannedParts(f)).every((p) => p.scanned)).toBe(true);
  });

  test("a cell in the common form inside another cell: the same rows as saxes", async () => {
    const parts = workbookParts({ sheets: [{ name: "S", data: `<row r="1">${nested(1)}</row><row r="2">${forms(2).join("")}</row>` }], sharedStrings: ["<si><t>a</t></si>", "<si><t>Objet</t></si>"] });
    const f = await file(zipParts({ ...parts, "xl/styles.xml": styles }));
    await expectSameRows(f);
    expect((await scannedParts(f)).every((p) => p.scanned)).toBe(true);
  });

  test("any mix of cells, in or out of the common form: the same rows as saxes (generated workbooks)", async () => {
    const text = fc.stringMatching(/^[A-Za-z0-9 .,'"é_-]{0,12}$/).map((x) => x.replace(/"/g, "&quot;"));
    const value = fc.oneof(fc.integer({ min: -5, max: 100000 }).map(String), fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String), text, fc.constantFrom("1", "0", "#N/A", "2024-06-15", "&amp;", "x&lt;y", "é", " 12 ", " a ", "1e3", ""));
    const attr = fc.record({
      r: fc.option(fc.constantFrom("A", "B", "C", "AA", "XFD", "b", "1", ""), { nil: undefined }),
      s: fc.option(fc.constantFrom("0", "1", "2", "99", "x"), { nil: undefined }),
      t: fc.option(fc.constantFrom("s", "str", "b", "e", "n", "d", "inlineStr", ""), { nil: undefined }),
      quote: fc.constantFrom('"', "'"),
      order: fc.boolean(),
      extra: fc.constantFrom("", "", "", ' cm="1"', "  "),
    });
    const body = fc.oneof(
      value.map((v) => `<v>${v}</v>`),
      fc.constant(""),
      fc.constant("/"),
      value.map((v) => `<f>A1</f><v>${v}</v>`),
      text.map((v) => `<is><t>${v}</t></is>`),
      value.map((v) => `<v>${v}</v> `),
    );
    const cell = fc.tuple(attr, body).map(([a, b]) => {
      const parts = [a.r !== undefined ? `r=${a.quote}${a.r}1${a.quote}` : "", a.s !== undefined ? `s=${a.quote}${a.s}${a.quote}` : "", a.t !== undefined ? `t=${a.quote}${a.t}${a.quote}` : ""].filter(Boolean);
      if (a.order) parts.reverse();
      const attrs = parts.map((x) => " " + x).join("") + a.extra;
      return b === "/" ? `<c${attrs}/>` : `<c${attrs}>${b}</c>`;
    });
    await fc.assert(
      fc.asyncProperty(fc.array(cell, { minLength: 1, maxLength: 12 }), async (cells) => {
        const parts = workbookParts({ sheets: [{ name: "S", data: `<row r="1">${cells.join("")}</row>` }], sharedStrings: ["<si><t>a</t></si>", "<si><t>Objet</t></si>", "<si><t>c</t></si>"] });
        const f = await file(zipParts({ ...parts, "xl/styles.xml": styles }));
        const outcome = (scanner: boolean) =>
          readAll(f, scanner).then(
            (r) => ({ rows: r }),
            (e) => ({ error: e instanceof XlsxError ? e.detail : String(e) }),
          );
        expect(await outcome(true)).toEqual(await outcome(false));
      }),
      { numRuns: 150, seed: 16 },
    );
  }, 60_000);

  test("a value of megabytes in a cell of the common form is read by the scanner itself, as saxes reads it", async () => {
    const long = "7".repeat(3 * 1024 * 1024);
    const parts = workbookParts({ sheets: [{ name: "S", data: `<row r="1"><c r="A1" t="str"><v>${long}</v></c><c r="B1"><v>2</v></c></row>` }] });
    const f = await file(zipParts(parts));
    const read = await expectSameRows(f);
    expect(read[0].rows[0][1]).toEqual([long, 2]);
    expect((await scannedParts(f)).every((p) => p.scanned)).toBe(true);
  });

  test("the same cells when the part's chunks end anywhere inside a cell", async () => {
    const data = Array.from({ length: 3 }, (_, k) => `<row r="${k + 1}">${forms(k + 1).join("")}</row>`).join("");
    const sheet = Buffer.from(workbookParts({ sheets: [{ name: "S", data }] })["xl/worksheets/sheet1.xml"]);
    // The part given in chunks of `size` bytes, as the zip's inflater gives it.
    const events = async (size: number): Promise<string[]> => {
      const zip = { read: async (_: string, onData: (c: Buffer) => void) => { for (let i = 0; i < sheet.length; i += size) onData(sheet.subarray(i, i + size)); } } as unknown as ZipReader;
      const out: string[] = [];
      const text = (t: string) => (out.length && out[out.length - 1].startsWith("text:") ? (out[out.length - 1] += t) : out.push("text:" + t));
      await scanPart(zip, "xl/worksheets/sheet1.xml", {
        open: (name, a) => void out.push(`open:${name}:${JSON.stringify(a)}`),
        close: (name) => void out.push(`close:${name}`),
        text,
        cell: (r, st, t, v) => void out.push(`cell:${JSON.stringify([r, st, t, v])}`),
      });
      return out;
    };
    const whole = await events(sheet.length);
    // Cells in the common form come in one call; the others as events.
    const fast = whole.slice(0, whole.indexOf("close:row")).filter((e) => e.startsWith("cell:")).map((e) => JSON.parse(e.slice(5)) as (string | null)[]);
    expect(fast.map((c) => c[0] ?? "(sans référence)")).toEqual(["A1", "B1", "C1", "D1", "E1", "H1", "M1", "N1", "O1", "(sans référence)", "Q1", "R1"]);
    expect(fast).toContainEqual(["B1", "1", null, "1.25"]);
    expect(fast).toContainEqual(["N1", null, null, ""]);
    expect(fast).toContainEqual(["D1", null, null, null]);
    for (let size = 1; size <= 64; size++) expect(await events(size)).toEqual(whole);
  });
});

describe("the same errors as saxes", () => {
  const parts = workbookParts({ sheets: [{ name: "Registre", data: row(1, ["N° marché", "Objet"]) + row(2, ["M1", "Voirie"]) + row(3, ["M2", "Écoles"]) }], sharedStrings: ["<si><t>x</t></si>"] });
  const sheet = parts["xl/worksheets/sheet1.xml"];
  const damaged: [string, string | Buffer][] = [
    ["cut short", sheet.slice(0, sheet.indexOf('<row r="3">') + 20)],
    ["tags crossed", sheet.replace("</row>", "</rw>")],
    ["an undefined entity", sheet.replace("Voirie", "Voirie &nbsp;")],
    ["a duplicate attribute", sheet.replace('<c r="A2"', '<c r="A2" r="A2"')],
    ["a duplicate attribute of a cell in the common form", sheet.replace("</row>", '<c r="C1" s="0" s="1"><v>1</v></c></row>')],
    ["a control character in a cell's value", sheet.replace("</row>", '<c r="C1"><v>1\u00022</v></c></row>')],
    ["a cell's tags crossed", sheet.replace("</row>", '<c r="C1"><v>1</c></v></row>')],
    ["« < » in a cell's reference", sheet.replace("</row>", '<c r="C<1"><v>1</v></c></row>')],
    ["a bad cell reference in the common form", sheet.replace("</row>", '<c r="12"><v>1</v></c></row>')],
    ["a control character", sheet.replace("Voirie", "Voi\u0001rie")],
    ["a character reference to a control character", sheet.replace("Voirie", "Voi&#1;rie")],
    ["U+FFFE", sheet.replace("Voirie", "Voi\uffferie")],
    ["« ]]> » in text", sheet.replace("Voirie", "Voi]]>rie")],
    ["a second root", sheet + "<worksheet/>"],
    ["text after the root", sheet + "x"],
    ["an unquoted attribute", sheet.replace('r="A2"', "r=A2")],
    ["« < » in an attribute", sheet.replace('r="A2"', 'r="A<2"')],
    ["bytes that are not UTF-8", Buffer.concat([Buffer.from(sheet.slice(0, sheet.indexOf("Voirie"))), Buffer.from([0xe9, 0x20]), Buffer.from(sheet.slice(sheet.indexOf("Voirie")))])],
    ["a shared string that does not exist", sheet.replace('<c r="A2" t="inlineStr"><is><t>M1</t></is></c>', '<c r="A2" t="s"><v>7</v></c>')],
    ["rows out of order", sheet.replace('<row r="3">', '<row r="2">')],
  ];
  test.each(damaged)("%s", async (_, bad) => {
    const f = await file(zipParts({ ...parts, "xl/worksheets/sheet1.xml": bad }));
    const errorOf = (scanner: boolean) =>
      readAll(f, scanner).then(
        () => null,
        (e) => (e instanceof XlsxError ? { kind: e.kind, part: e.part, sheet: e.sheet, detail: e.detail } : String(e)),
      );
    const slow = await errorOf(false);
    expect(slow).toMatchObject({ kind: "xml", part: "xl/worksheets/sheet1.xml", sheet: "Registre" });
    expect(await errorOf(true)).toEqual(slow);
  });
});
