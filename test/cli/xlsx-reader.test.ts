/**
 * The .xlsx reader on files as other producers write them, and on damaged files: every cell type,
 * every way of naming sheets and cells, and a whole-file error for any damage (never a partial read).
 */
import * as fs from "fs";
import * as path from "path";
import { loadRegisterFile, readXlsx } from "../../src/files/read-file";
import { InputFileError } from "../../src/files/errors";
import { UNCALCULATED_FORMULA } from "../../src/register/values";
import type { Cell, Grid } from "../../src/register/types";
import { run, tempDir } from "./helpers";
import { breakCentralDirectory, buildXlsx, damageData, flipCrc, lieAboutSize, row, workbookParts, zipParts } from "./xlsx-files";

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

const cellsOf = (g: Grid, r: number): Record<number, Cell> => Object.fromEntries(Object.entries(g.rows[r] ?? {}).map(([k, v]) => [Number(k), v]));

const REGISTER_HEADER = row(1, ["N° marché", "Objet", "Montant HT", "Clause d'insertion"]);

describe("sheets and relationships", () => {
  test.each(["relative", "absolute", "parent"] as const)("sheet names in workbook order, relationship targets written %s", async (targets) => {
    const f = await file(
      buildXlsx({
        targets,
        sheets: [
          { name: "Registre 2023", data: row(1, ["a"]) },
          { name: "Notes & remarques", data: row(1, ["b"]) },
          { name: "Registre 2024", data: row(1, ["c"]) },
        ],
        sharedStrings: ["<si><t>x</t></si>"],
      }),
    );
    const { grids, sheetNames } = await readXlsx(f);
    expect(sheetNames).toEqual(["Registre 2023", "Notes & remarques", "Registre 2024"]);
    expect(grids.map((g) => [g.sheet, g.rows[0][0]])).toEqual([
      ["Registre 2023", "a"],
      ["Notes & remarques", "b"],
      ["Registre 2024", "c"],
    ]);
  });

  test("a chart sheet (no cells) is named but not read", async () => {
    const parts = workbookParts({ sheets: [{ name: "Registre", data: row(1, ["a"]) }, { name: "Graphique", data: "" }] });
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(/relationships\/worksheet" Target="worksheets\/sheet2.xml"/, 'relationships/chartsheet" Target="chartsheets/sheet1.xml"');
    const { grids, sheetNames } = await readXlsx(await file(zipParts(parts)));
    expect(sheetNames).toEqual(["Registre", "Graphique"]);
    expect(grids.map((g) => g.sheet)).toEqual(["Registre"]);
  });
});

describe("cell values", () => {
  test("shared strings: every rich-text run joined, phonetic runs left out, escapes and entities decoded", async () => {
    const f = await file(
      buildXlsx({
        sheets: [{ name: "S", data: '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>' }],
        sharedStrings: [
          '<si><r><rPr><b/></rPr><t>Travaux </t></r><r><t xml:space="preserve">de </t></r><r><t>voirie</t></r></si>',
          "<si><t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh></si>",
          "<si><t>ligne 1_x000D_\nligne 2 _x005F_x000D_</t></si>",
          "<si><t>A &amp; B &lt;C&gt; &#233;t&#xE9;</t></si>",
        ],
      }),
    );
    const g = (await readXlsx(f)).grids[0];
    // Hand-written expectations: the runs of item 0 joined; item 1 without its reading; _x000D_ is CR, _x005F_ a literal underscore.
    expect(g.rows[0]).toEqual(["Travaux de voirie", "東京", "ligne 1\r\nligne 2 _x000D_", "A & B <C> été"]);
  });

  test("inline strings: every run joined (not only the last one)", async () => {
    const f = await file(buildXlsx({ sheets: [{ name: "S", data: '<row r="1"><c r="A1" t="inlineStr"><is><r><t>Clause </t></r><r><rPr><i/></rPr><t>sociale</t></r></is></c></row>' }] }));
    expect((await readXlsx(f)).grids[0].rows[0]).toEqual(["Clause sociale"]);
  });

  test("numbers, booleans, errors, formulas with their cached value, formulas without one", async () => {
    const data =
      '<row r="1">' +
      '<c r="A1"><v>90000.5</v></c>' +
      '<c r="B1" t="b"><v>1</v></c>' +
      '<c r="C1" t="b"><v>0</v></c>' +
      '<c r="D1" t="e"><v>#N/A</v></c>' +
      '<c r="E1"><f>1+1</f><v>2</v></c>' +
      '<c r="F1" t="str"><f>"o"&amp;"ui"</f><v>oui</v></c>' +
      '<c r="G1" t="e"><f>1/0</f><v>#DIV/0!</v></c>' +
      '<c r="H1"><f>SUM(A1:A2)</f></c>' +
      '<c r="I1"><f>SUM(A1:A2)</f><v></v></c>' +
      '<c r="J1" t="str"><f>""</f><v></v></c>' +
      "</row>";
    const g = (await readXlsx(await file(buildXlsx({ sheets: [{ name: "S", data }] })))).grids[0];
    expect(cellsOf(g, 0)).toEqual({
      0: 90000.5,
      1: true,
      2: false,
      3: { error: "#N/A" },
      4: 2,
      5: "oui",
      6: { error: "#DIV/0!" },
      7: { error: UNCALCULATED_FORMULA },
      8: { error: UNCALCULATED_FORMULA },
      // J1: a formula whose value is the empty string: a blank cell, not an error
    });
  });

  test("a workbook that asks Excel to recompute everything on opening: its formulas' stored values are not trusted", async () => {
    // XlsxWriter stores 0 as the value of every formula and sets fullCalcOnLoad.
    const data = '<row r="1"><c r="A1"><f>B1*2</f><v>0</v></c><c r="B1"><v>5</v></c></row>';
    const g = (await readXlsx(await file(buildXlsx({ sheets: [{ name: "S", data }], fullCalcOnLoad: true })))).grids[0];
    expect(g.rows[0]).toEqual([{ error: UNCALCULATED_FORMULA }, 5]);
  });

  test("numbers that are not finite stay text (read later as bad values, never Infinity or NaN)", async () => {
    const data = '<row r="1"><c r="A1"><v>1e309</v></c><c r="B1"><v>INF</v></c><c r="C1"><v>NaN</v></c><c r="D1"><v>-1E+400</v></c></row>';
    const g = (await readXlsx(await file(buildXlsx({ sheets: [{ name: "S", data }] })))).grids[0];
    expect(g.rows[0]).toEqual(["1e309", "INF", "NaN", "-1E+400"]);
  });

  test("dates: built-in and custom date formats give dates, other formats numbers; the 1904 system is honoured", async () => {
    const styles =
      '<numFmts count="4"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="[$-40C]d\\ mmmm\\ yyyy;@"/>' +
      '<numFmt numFmtId="166" formatCode="[Red]#,##0.00"/><numFmt numFmtId="167" formatCode="0&quot; jours&quot;"/></numFmts>' +
      '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/></cellXfs>';
    const data = '<row r="1"><c r="A1" s="1"><v>45366</v></c><c r="B1" s="2"><v>45366</v></c><c r="C1" s="3"><v>45366.75</v></c><c r="D1" s="4"><v>45366</v></c><c r="E1" s="5"><v>12</v></c><c r="F1"><v>45366</v></c></row>';
    const g = (await readXlsx(await file(buildXlsx({ sheets: [{ name: "S", data }], styles })))).grids[0];
    // 45366 days after 1899-12-30 is 2024-03-15.
    const day = new Date(Date.UTC(2024, 2, 15));
    expect(g.rows[0]).toEqual([day, day, new Date(Date.UTC(2024, 2, 15, 18)), 45366, 12, 45366]);
    const g1904 = (await readXlsx(await file(buildXlsx({ sheets: [{ name: "S", data }], styles, date1904: true })))).grids[0];
    // In the 1904 system the same serial is 1462 days later: 2028-03-16.
    expect(g1904.rows[0][0]).toEqual(new Date(Date.UTC(2028, 2, 16)));
  });
});

describe("rows and columns", () => {
  test("cells without a reference follow the previous one; rows without a number follow the previous row", async () => {
    const data = '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c></row><row r="4"><c r="C4"><v>3</v></c><c><v>4</v></c></row><row><c><v>5</v></c></row>';
    const g = (await readXlsx(await file(buildXlsx({ sheets: [{ name: "S", data }] })))).grids[0];
    expect(cellsOf(g, 0)).toEqual({ 0: "a", 1: 1 });
    expect(cellsOf(g, 3)).toEqual({ 2: 3, 3: 4 });
    expect(cellsOf(g, 4)).toEqual({ 0: 5 });
    expect(g.rows[1]).toEqual([]);
  });

  test("a cell at column XFD keeps its column without filling the 16,383 blanks before it", async () => {
    const data = row(1, ["N° marché"]).replace("</row>", '<c r="XFD1" t="inlineStr"><is><t>fin</t></is></c></row>');
    const g = (await readXlsx(await file(buildXlsx({ sheets: [{ name: "S", data }] })))).grids[0];
    expect(g.rows[0].length).toBe(16384);
    expect(g.rows[0][16383]).toBe("fin");
    expect(Object.keys(g.rows[0])).toEqual(["0", "16383"]);
  });

  test("a cell beyond XFD or a row beyond 1,048,576 is damage", async () => {
    await expect(readXlsx(await file(buildXlsx({ sheets: [{ name: "S", data: '<row r="1"><c r="XFE1"><v>1</v></c></row>' }] })))).rejects.toThrow(InputFileError);
    await expect(readXlsx(await file(buildXlsx({ sheets: [{ name: "S", data: '<row r="1048577"><c r="A1048577"><v>1</v></c></row>' }] })))).rejects.toThrow(InputFileError);
  });
});

describe("damaged files: an error for the whole file, never a partial read", () => {
  const good = () =>
    buildXlsx({
      sheets: [
        { name: "Registre", data: REGISTER_HEADER + row(2, ["M1", "Voirie", 1000, "oui"]) + row(3, ["M2", "Écoles", 2000, "non"]) },
        { name: "Notes", data: row(1, ["rien"]) },
      ],
      sharedStrings: ["<si><t>x</t></si>"],
    });

  /** Runs `spaser indicators FILE --json`: exit 2, a French message naming the file, nothing on stdout. */
  async function expectRejected(bytes: Buffer, what: RegExp): Promise<string> {
    const f = await file(bytes);
    const r = await run(["indicators", f, "--json"]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain(path.basename(f));
    expect(r.err).toMatch(what);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    return r.err;
  }

  test("the good file is read (the damaged ones below are this file, damaged)", async () => {
    const r = await run(["indicators", await file(good()), "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).register.rowsUsed).toBe(2);
  });

  test("a CRC-32 that does not match, on a sheet or on any other part", async () => {
    await expectRejected(flipCrc(await good(), "xl/worksheets/sheet1.xml"), /feuille « Registre ».*somme de contrôle/);
    await expectRejected(flipCrc(await good(), "xl/worksheets/sheet2.xml"), /somme de contrôle/);
    await expectRejected(flipCrc(await good(), "[Content_Types].xml"), /somme de contrôle/);
  });

  test("a central directory that cannot be read, a file cut short", async () => {
    const bytes = await good();
    await expectRejected(breakCentralDirectory(bytes), /archive est endommagée/);
    for (const keep of [0.9, 0.5, 0.1]) await expectRejected(bytes.subarray(0, Math.floor(bytes.length * keep)), /archive est endommagée/);
  });

  test("an entry whose announced size is wrong, compressed data damaged", async () => {
    await expectRejected(lieAboutSize(await good(), "xl/worksheets/sheet1.xml", 10), /endommagé/);
    await expectRejected(lieAboutSize(await good(), "xl/worksheets/sheet1.xml", -10), /endommagé/);
    await expectRejected(damageData(await good(), "xl/worksheets/sheet1.xml"), /endommagé/);
  });

  test("a sheet cut short inside a sound zip (valid CRC), or not well-formed", async () => {
    const parts = workbookParts({ sheets: [{ name: "Registre", data: REGISTER_HEADER + row(2, ["M1", "Voirie", 1000, "oui"]) + row(3, ["M2", "Écoles", 2000, "non"]) }] });
    const sheet = parts["xl/worksheets/sheet1.xml"];
    const cut = sheet.slice(0, sheet.indexOf('<row r="3">') + 20);
    const err = await expectRejected(await zipParts({ ...parts, "xl/worksheets/sheet1.xml": cut }), /feuille « Registre ».*n'est pas un XML valide/);
    expect(err).toMatch(/classeur n'est pas lu/);
    await expectRejected(await zipParts({ ...parts, "xl/worksheets/sheet1.xml": sheet.replace("</row>", "</rw>") }), /XML valide/);
    await expectRejected(await zipParts({ ...parts, "xl/worksheets/sheet1.xml": sheet.replace("Voirie", "Voirie &nbsp;") }), /XML valide/);
  });

  test("a shared string that does not exist, a missing workbook part, a sheet part missing", async () => {
    const parts = workbookParts({ sheets: [{ name: "Registre", data: '<row r="1"><c r="A1" t="s"><v>7</v></c></row>' }], sharedStrings: ["<si><t>x</t></si>"] });
    await expectRejected(await zipParts(parts), /XML valide|endommagé/);
    const noWorkbook = workbookParts({ sheets: [{ name: "Registre", data: REGISTER_HEADER }] });
    delete noWorkbook["xl/workbook.xml"];
    await expectRejected(await zipParts(noWorkbook), /workbook/);
    const noSheet = workbookParts({ sheets: [{ name: "Registre", data: REGISTER_HEADER }] });
    delete noSheet["xl/worksheets/sheet1.xml"];
    await expectRejected(await zipParts(noSheet), /Registre/);
  });

  test("every damaged read settles (none hangs, none ends without a word)", async () => {
    const bytes = await good();
    const damaged = [flipCrc(bytes, "xl/workbook.xml"), breakCentralDirectory(bytes), bytes.subarray(0, bytes.length - 30), lieAboutSize(bytes, "xl/sharedStrings.xml", 3), damageData(bytes, "xl/workbook.xml")];
    for (const b of damaged) {
      const f = await file(b);
      let timer: NodeJS.Timeout | undefined;
      const settled = await Promise.race([
        loadRegisterFile(f).then(
          () => "lu",
          (e) => (e instanceof InputFileError ? "erreur" : `autre : ${e}`),
        ),
        new Promise((resolve) => (timer = setTimeout(() => resolve("pendant"), 10_000))),
      ]);
      clearTimeout(timer);
      expect(settled).toBe("erreur");
    }
  });

  test("a file that is not a zip at all, an empty file", async () => {
    await expectRejected(Buffer.from("PK\u0003\u0004 ceci n'est pas une archive"), /archive est endommagée/);
    const empty = path.join(dir, "vide.xlsx");
    fs.writeFileSync(empty, "");
    const r = await run(["indicators", empty]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/vide\.xlsx/);
  });
});

describe("what the register makes of these cells", () => {
  test("the totals row of an Excel table (totalsRowCount) is not a contract; a table without one loses no row", async () => {
    const data = REGISTER_HEADER + row(2, ["M1", "Voirie", 1000, "oui"]) + row(3, ["M2", "Écoles", 2000, "non"]) + row(4, ["Total", null, 3000, null]);
    const table = (ref: string, totals: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="1" name="Registre" displayName="Registre" ref="${ref}"${totals}><autoFilter ref="A1:D3"/><tableColumns count="4"><tableColumn id="1" name="N° marché"/><tableColumn id="2" name="Objet"/><tableColumn id="3" name="Montant HT" totalsRowFunction="sum"/><tableColumn id="4" name="Clause d'insertion"/></tableColumns></table>`;
    const withTable = (xml: string) => ({
      ...workbookParts({ sheets: [{ name: "Registre", data }] }),
      "xl/worksheets/_rels/sheet1.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/table" Target="../tables/table1.xml"/></Relationships>',
      "xl/tables/table1.xml": xml,
    });
    const totalled = (await loadRegisterFile(await file(zipParts(withTable(table("A1:D4", ' totalsRowCount="1"')))))).register;
    // Rows 2 and 3 are the contracts; row 4 (3,000 = 1,000 + 2,000) is the table's totals row.
    expect(totalled.contracts.map((c) => [c.id, c.montant])).toEqual([
      ["M1", 1000],
      ["M2", 2000],
    ]);
    // Without totalsRowCount the reader gives the last row as data; its « Total » label makes the
    // register skip it all the same (SPEC §2.6), and say so in one information.
    const plain = (await loadRegisterFile(await file(zipParts(withTable(table("A1:D4", "")))))).register;
    expect(plain.contracts.map((c) => c.id)).toEqual(["M1", "M2"]);
    expect(plain.issues.filter((i) => i.severity === "info" && /total/i.test(i.message))).toHaveLength(1);
  });

  test("an error cached by a formula and a formula never calculated are errors on their cells, never « non »", async () => {
    const data =
      REGISTER_HEADER +
      row(2, ["M1", "Voirie", 1000, "oui"]) +
      '<row r="3"><c r="A3" t="inlineStr"><is><t>M2</t></is></c><c r="B3" t="inlineStr"><is><t>Écoles</t></is></c><c r="C3"><v>2000</v></c><c r="D3" t="e"><f>VLOOKUP(A3,X:Y,2,0)</f><v>#N/A</v></c></row>' +
      '<row r="4"><c r="A4" t="inlineStr"><is><t>M3</t></is></c><c r="B4" t="inlineStr"><is><t>Stade</t></is></c><c r="C4"><f>C2*3</f></c><c r="D4"><f>IF(C4&gt;0,"oui","non")</f></c></row>';
    const { register: reg } = await loadRegisterFile(await file(buildXlsx({ sheets: [{ name: "Registre", data }] })));
    const byId = new Map(reg.contracts.map((c) => [c.id, c]));
    expect(byId.get("M1")?.clauseInsertion).toBe(true);
    // M2: the cached #N/A makes the insertion clause unknown, not "non".
    expect(byId.get("M2")?.clauseInsertion).toBeNull();
    // M3: neither the amount nor the clause was ever computed.
    expect(byId.get("M3")?.montant).toBeNull();
    expect(byId.get("M3")?.clauseInsertion).toBeNull();
    const errors = reg.issues.filter((i) => i.severity === "error").map((i) => [i.cell, i.message]);
    expect(errors).toEqual([
      ["Registre!D3", expect.stringContaining("#N/A")],
      ["Registre!C4", expect.stringContaining("formule non calculée : ouvrez et enregistrez le classeur dans Excel")],
      ["Registre!D4", expect.stringContaining("formule non calculée : ouvrez et enregistrez le classeur dans Excel")],
    ]);
  });

  test("an amount of 1e309 is a bad cell, never Infinity", async () => {
    const data = REGISTER_HEADER + '<row r="2"><c r="A2" t="inlineStr"><is><t>M1</t></is></c><c r="C2"><v>1e309</v></c></row>';
    const { register: reg } = await loadRegisterFile(await file(buildXlsx({ sheets: [{ name: "Registre", data }] })));
    expect(reg.contracts[0].montant).toBeNull();
    expect(reg.issues.filter((i) => i.severity === "error").map((i) => i.cell)).toEqual(["Registre!C2"]);
  });

  test("a register with a cell at XFD on every row is read as any other", async () => {
    let data = REGISTER_HEADER.replace("</row>", '<c r="XFD1" t="inlineStr"><is><t>Remarque</t></is></c></row>');
    for (let r = 2; r <= 201; r++) data += row(r, [`M${r}`, "Voirie", r * 10, "non"]).replace("</row>", `<c r="XFD${r}"><v>${r}</v></c></row>`);
    const { register: reg } = await loadRegisterFile(await file(buildXlsx({ sheets: [{ name: "Registre", data }] })));
    expect(reg.contracts).toHaveLength(200);
    expect(reg.source.unknownColumns).toEqual(["Remarque"]);
    // Row r holds M<r> with amount 10 r: the sum over r = 2…201 is 10 × (2 + 201) × 200 / 2.
    expect(reg.contracts.reduce((s, c) => s + (c.montant ?? 0), 0)).toBe(203_000);
  });
});
