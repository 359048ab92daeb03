/**
 * Files that are not what they seem: a password-protected workbook, a .xls, an OpenDocument
 * spreadsheet or an .xlsb under any name, a CSV in UTF-16 without byte-order mark, and files built
 * to exhaust memory (whitespace that inflates without end, a CSV line of millions of fields). Each
 * gets a French message naming the file and what to do (exit 2), or is read.
 */
import * as fs from "fs";
import * as path from "path";
import JSZip from "jszip";
import { loadRegisterFile } from "../../src/files/read-file";
import { run, tempDir } from "./helpers";
import { compoundFile, row, workbookParts, zipParts } from "./xlsx-files";

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

let n = 0;
async function file(bytes: string | Buffer | Promise<Buffer>, ext = ".xlsx"): Promise<string> {
  const f = path.join(dir, `fichier-${++n}${ext}`);
  fs.writeFileSync(f, await bytes);
  return f;
}

/** `spaser indicators FILE --json`: exit 2, nothing on stdout, a message naming the file, no stack trace. */
async function expectRefused(f: string, what: RegExp): Promise<string> {
  const r = await run(["indicators", f, "--json"]);
  expect(r.code).toBe(2);
  expect(r.out).toBe("");
  expect(r.err).toContain(path.basename(f));
  expect(r.err).toMatch(what);
  expect(r.err).not.toMatch(/\n\s+at |erreur inattendue/);
  return r.err;
}

const SAVE_AS = /Fichier > Enregistrer sous > Classeur Excel \(\.xlsx\)/;

describe("workbooks of another format, whatever their extension", () => {
  test("a password-protected workbook (compound file with an EncryptedPackage stream): protected, save it without a password", async () => {
    const bytes = compoundFile(["EncryptionInfo", "EncryptedPackage"]);
    const err = await expectRefused(await file(bytes), /protégé par un mot de passe/);
    expect(err).toMatch(/sans mot de passe/);
    // The same file named .xls is still a protected workbook, not a .xls to convert.
    await expectRefused(await file(bytes, ".xls"), /protégé par un mot de passe/);
  });

  test("an Excel 97-2003 workbook (compound file with a Workbook stream), even named .xlsx: save it as .xlsx", async () => {
    const err = await expectRefused(await file(compoundFile(["Workbook", "\u0005SummaryInformation"])), /Excel 97-2003 \(\.xls\)/);
    expect(err).toMatch(SAVE_AS);
  });

  test("an OpenDocument spreadsheet (.ods), named .ods or .xlsx: which format, and how to save it as .xlsx", async () => {
    const zip = new JSZip();
    // ODF 1.2 Part 3 §3.3: the `mimetype` entry first, stored.
    zip.file("mimetype", "application/vnd.oasis.opendocument.spreadsheet", { compression: "STORE" });
    zip.file("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>');
    zip.file("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>');
    const bytes = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    for (const ext of [".ods", ".xlsx"]) {
      const err = await expectRefused(await file(bytes, ext), /OpenDocument \(\.ods/);
      expect(err).toMatch(SAVE_AS);
    }
  });

  test("an Excel binary workbook (.xlsb): which format, and how to save it as .xlsx", async () => {
    const parts = workbookParts({ sheets: [{ name: "Registre", data: row(1, ["N° marché"]) }] });
    delete parts["xl/workbook.xml"];
    parts["_rels/.rels"] = parts["_rels/.rels"].replace("xl/workbook.xml", "xl/workbook.bin");
    const err = await expectRefused(await file(zipParts({ ...parts, "xl/workbook.bin": Buffer.from([0x83, 0x01, 0x00]) }), ".xlsb"), /binaire \(\.xlsb\)/);
    expect(err).toMatch(SAVE_AS);
  });
});

describe("CSV in UTF-16 without byte-order mark", () => {
  const TEXT = "N° marché;Objet;Montant HT\nM1;Œuvre d'art, « Été »;1 000 €\nM2;Voirie;2000\n";
  test.each(["utf-16le", "utf-16be"] as const)("%s is recognised from its NUL bytes and read", async (encoding) => {
    const bytes = Buffer.from(TEXT, "utf16le");
    if (encoding === "utf-16be") bytes.swap16();
    const { register } = await loadRegisterFile(await file(bytes, ".csv"));
    expect(register.contracts.map((c) => [c.id, c.objet, c.montant])).toEqual([
      ["M1", "Œuvre d'art, « Été »", 1000],
      ["M2", "Voirie", 2000],
    ]);
  });

  test("a UTF-8 file with a line of NUL bytes is not taken for UTF-16", async () => {
    const bytes = Buffer.concat([Buffer.from("N° marché;Objet;Montant HT\nM1;Été;1000\n"), Buffer.alloc(40), Buffer.from("\nM2;Voirie;2000\n")]);
    const { register } = await loadRegisterFile(await file(bytes, ".csv"));
    expect(register.contracts.map((c) => c.objet).filter((o) => o === "Été" || o === "Voirie")).toEqual(["Été", "Voirie"]);
  });
});

describe("files built to exhaust memory are bounded", () => {
  test("a sheet whose whitespace between two rows runs to millions of characters: a clear message, not a crash", async () => {
    // 5 × 2^20 spaces between two rows: above the bound of 4 × 2^20 characters between two tags.
    const data = row(1, ["N° marché", "Objet", "Montant HT"]) + " ".repeat(5 * 1024 * 1024) + row(2, ["M1", "Voirie", 1000]);
    const err = await expectRefused(await file(zipParts(workbookParts({ sheets: [{ name: "Registre", data }] }))), /feuille « Registre ».*plus de 4 millions de caractères entre deux balises/);
    expect(err).toMatch(/n'est pas lu/);
  }, 30_000);

  test("the same in the shared strings", async () => {
    const parts = workbookParts({ sheets: [{ name: "Registre", data: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }], sharedStrings: [`<si><t>${"x".repeat(5 * 1024 * 1024)}</t></si>`] });
    await expectRefused(await file(zipParts(parts)), /sharedStrings\.xml.*plus de 4 millions de caractères/);
  }, 30_000);

  test("a CSV line of 20,000 fields is rejected with its line number; the other lines are read", async () => {
    const f = await file(`N° marché;Objet;Montant HT\nM1;Voirie;1000\nM2;${"a;".repeat(20_000)}5\nM3;Écoles;3000\n`, ".csv");
    const { register } = await loadRegisterFile(f);
    expect(register.contracts.map((c) => c.id)).toEqual(["M1", "M3"]);
    const rejected = register.issues.filter((i) => /plus de 16 384 champs/.test(i.message));
    expect(rejected.map((i) => i.message)).toEqual([expect.stringMatching(/^ligne 3 : /)]);
  });
});
