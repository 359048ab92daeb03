/**
 * CSV registers as users and open-data portals write them: separators, title lines, encodings,
 * quotes, lines split by another separator, and files larger than one read chunk.
 */
import * as fs from "fs";
import * as path from "path";
import { loadRegisterFile, readCsv } from "../../src/files/read-file";
import { readWorkbook } from "../../src/register/read";
import type { Register } from "../../src/register/types";
import { encodeWindows1252, run, tempDir } from "./helpers";

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

let n = 0;
function csv(content: string | Buffer, name = `registre-${++n}.csv`): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, content);
  return f;
}

async function load(f: string): Promise<Register> {
  const { register } = await loadRegisterFile(f);
  // The grid path (readCsv then readWorkbook) reads the same register.
  const { grids, sheetNames } = await readCsv(f);
  const viaGrids = readWorkbook(grids, sheetNames);
  // (compared as JSON: a deep comparison of 30,000 contracts is slow)
  expect(JSON.stringify(viaGrids.contracts)).toBe(JSON.stringify(register.contracts));
  expect(viaGrids.issues).toEqual(register.issues);
  expect(viaGrids.source).toEqual(register.source);
  return register;
}

const ids = (reg: Register) => reg.contracts.map((c) => c.id);

describe("separator and header", () => {
  test("a title line above a `;` header (the first line has commas, not semicolons)", async () => {
    const reg = await load(csv("Registre des marchés, Ville de Montreuil, édition 2025\n\nN° marché;Objet;Montant HT\nM1;Voirie, lot 2;1000\nM2;Écoles;2000\n"));
    expect(reg.source.headerRow).toBe(3);
    expect(ids(reg)).toEqual(["M1", "M2"]);
    expect(reg.contracts.map((c) => [c.objet, c.montant, c.row])).toEqual([
      ["Voirie, lot 2", 1000, 4],
      ["Écoles", 2000, 5],
    ]);
  });

  test("tab-separated", async () => {
    const reg = await load(csv("N° marché\tObjet\tMontant HT\nM1\tVoirie; lot 2\t1 000,50\n"));
    expect(reg.contracts.map((c) => [c.id, c.objet, c.montant])).toEqual([["M1", "Voirie; lot 2", 1000.5]]);
  });

  test("quoted fields: separators, line breaks and doubled quotes inside; CRLF, CR and LF line ends", async () => {
    const reg = await load(csv('N° marché;Objet;Montant HT\r\nM1;"Voirie; ""lot 2""\r\nsuite";1000\rM2;Écoles;2000\nM3;"Stade";3000'));
    expect(reg.contracts.map((c) => [c.id, c.objet, c.montant])).toEqual([
      ["M1", 'Voirie; "lot 2"\r\nsuite', 1000],
      ["M2", "Écoles", 2000],
      ["M3", "Stade", 3000],
    ]);
  });

  test("a line split by the other separator is an error naming its line, not a contract", async () => {
    const reg = await load(csv("N° marché;Objet;Montant HT;Titulaire\nM1;Voirie;1000;BTP Martin\nM2,Écoles,2000,Durand SA\nM3;Stade;3000;Durand SA\nM4;Pont\n"));
    expect(ids(reg)).toEqual(["M1", "M3", "M4"]);
    const errors = reg.issues.filter((i) => i.severity === "error");
    expect(errors.map((i) => [i.row, i.message])).toEqual([[3, expect.stringMatching(/ligne 3 : 1 champ séparé par « ; » au lieu des 4 .*semble séparée par « , »/)]]);
    // Counted as read and rejected: read = used + rejected + merged.
    expect(reg.source).toMatchObject({ rowsRead: 4, rowsUsed: 3, rowsRejected: 1, rowsMerged: 0 });
  });

  test("an unterminated quote is an error for the file, naming the line where the quote opened", async () => {
    const f = csv('N° marché;Objet;Montant HT\nM1;Voirie;1000\nM2;"Écoles;2000\nM3;Stade;3000\n');
    const r = await run(["indicators", f, "--json"]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/guillemet ouvert ligne 3/);
    await expect(loadRegisterFile(f)).rejects.toThrow(/ligne 3/);
  });
});

describe("encodings", () => {
  const TEXT = "N° marché;Objet;Montant HT\nM1;Œuvre d'art, « Été »;1 000 €\n";
  const expectRead = (reg: Register) => expect(reg.contracts.map((c) => [c.id, c.objet, c.montant])).toEqual([["M1", "Œuvre d'art, « Été »", 1000]]);

  test("UTF-8 with and without BOM, Windows-1252", async () => {
    expectRead(await load(csv(TEXT)));
    expectRead(await load(csv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]))));
    expectRead(await load(csv(encodeWindows1252(TEXT))));
  });

  test("UTF-16 little- and big-endian with their BOM", async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, "utf16le")]);
    expectRead(await load(csv(le)));
    const be = Buffer.from(le);
    be.swap16();
    expectRead(await load(csv(be)));
  });

  test("a UTF-8 file with one stray Windows-1252 byte: read as UTF-8, the byte as Windows-1252, a warning names the line", async () => {
    const bytes = Buffer.concat([Buffer.from("N° marché;Objet;Montant HT\nM1;Été;1000\nM2;Caf"), Buffer.from([0xe9]), Buffer.from(" du marché;2000\nM3;Œuvre;3000\n")]);
    const reg = await load(csv(bytes));
    expect(reg.contracts.map((c) => c.objet)).toEqual(["Été", "Café du marché", "Œuvre"]);
    const warnings = reg.issues.filter((i) => i.severity === "warning");
    expect(warnings.map((i) => [i.row, i.message])).toEqual([[3, expect.stringMatching(/ligne 3 .*0xE9.*« é »/)]]);
  });
});

describe("files larger than a read chunk (1 MB)", () => {
  test("characters and records across chunk boundaries are read whole", async () => {
    // 30,000 lines of about 60 bytes (≈ 1.8 MB): accented text everywhere, a quoted field with a line break every 1,000 lines.
    let text = "N° marché;Objet;Montant HT;Titulaire\n";
    for (let i = 1; i <= 30_000; i++) text += `M${i};${i % 1000 === 0 ? '"Été\nhiver"' : "Réfection des écoles élémentaires"};${i};Société Générale des Eaux ${i % 7}\n`;
    const reg = await load(csv(text));
    expect(reg.contracts).toHaveLength(30_000);
    expect(reg.issues).toEqual([]);
    // Hand-computed: Σ i for i = 1…30,000 = 30,000 × 30,001 / 2.
    expect(reg.contracts.reduce((s, c) => s + (c.montant ?? 0), 0)).toBe(450_015_000);
    expect(reg.contracts.filter((c) => c.objet === "Été\nhiver")).toHaveLength(30);
    expect(new Set(reg.contracts.map((c) => c.objet))).toEqual(new Set(["Réfection des écoles élémentaires", "Été\nhiver"]));
    // Row numbers follow the records (a quoted line break does not shift them).
    expect(reg.contracts[29_999].row).toBe(30_001);
  });
});

describe("a CSV register of two columns", () => {
  test("is read (a file of one sheet has no other sheet to prefer), a line split by `,` rejected", async () => {
    const reg = await load(csv("N° marché;Montant HT\nM1;1000\nM2,2000\nM3;3000\n"));
    expect(reg.contracts.map((c) => [c.id, c.montant])).toEqual([
      ["M1", 1000],
      ["M3", 3000],
    ]);
    expect(reg.source).toMatchObject({ rowsRead: 3, rowsRejected: 1 });
  });
});
