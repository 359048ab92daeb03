/**
 * The command line fails loudly: exit 2, a French message on stderr, never a stack trace, never a
 * half-written or replaced file that it did not write itself, no temporary file left behind.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import { EXAMPLE, ROOT, run, tempDir, writeWorkbook } from "./helpers";
import { writePlans } from "../../src/cli/xlsx-writer";
import { SheetBuilder } from "../../src/dashboards/builder";
import { a4Landscape } from "../../src/dashboards/rows";

const { dir, cleanup } = tempDir();
afterAll(cleanup);

const STACK = /\n\s+at .+:\d+:\d+/;

function expectLoudFailure(r: { code: number; out: string; err: string }, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/^spaser : /);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(STACK);
}

function leftovers(folder: string): string[] {
  return fs.readdirSync(folder).filter((f) => f.endsWith(".tmp"));
}

describe("help on each subcommand", () => {
  test.each(["indicators", "dashboards", "cotation"])("spaser %s --help prints that command's usage and exits 0", async (cmd) => {
    for (const flag of ["--help", "-h"]) {
      const r = await run([cmd, flag]);
      expect(r.code).toBe(0);
      expect(r.err).toBe("");
      expect(r.out).toContain(`spaser ${cmd} FICHIER`);
      expect(r.out).toContain("Options :");
    }
  });

  test("an option that belongs to another command is refused, with that command's usage", async () => {
    const r = await run(["indicators", EXAMPLE, "--date", "01/01/2026"]);
    expectLoudFailure(r, /l'option --date ne s'applique pas à « spaser indicators »/);
    expect(r.err).toContain("spaser indicators FICHIER");
  });
});

describe("arguments checked before anything is read", () => {
  test.each([
    [["indicators", EXAMPLE, "--year", "1800"], /année invalide : 1800 \(une année de 2000 à 2100/],
    [["indicators", EXAMPLE, "--year=2101"], /année invalide : 2101/],
    [["dashboards", EXAMPLE, "--year", "99"], /année invalide : 99/],
    [["cotation", EXAMPLE, "--date", "1/1/99"], /date de référence invalide : 1\/1\/99 \(attendu : JJ\/MM\/AAAA avec l'année sur quatre chiffres/],
    [["cotation", EXAMPLE, "--date", "31/02/2026"], /date de référence invalide : 31\/02\/2026/],
    [["cotation", EXAMPLE, "--date", "01/01/1999"], /date de référence invalide/],
    [["dashboards", EXAMPLE, "-o"], /l'option -o attend une valeur/],
  ])("%j", async (argv, message) => {
    expectLoudFailure(await run(argv as string[]), message as RegExp);
  });

  test("a four-digit reference date is accepted, in French or ISO form", async () => {
    const out1 = path.join(dir, "cot-fr.xlsx");
    const out2 = path.join(dir, "cot-iso.xlsx");
    expect((await run(["cotation", EXAMPLE, "--date", "01/10/2025", "-o", out1])).code).toBe(0);
    expect((await run(["cotation", EXAMPLE, "--date", "2025-10-01", "-o", out2])).code).toBe(0);
  });
});

describe("outputs that must not be written", () => {
  test("-o a folder: refused before reading, nothing written", async () => {
    const folder = path.join(dir, "dossier");
    fs.mkdirSync(folder);
    const r = await run(["dashboards", EXAMPLE, "-o", folder]);
    expectLoudFailure(r, /est un dossier : donnez un nom de fichier/);
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  test("-o a name that is not .xlsx", async () => {
    expectLoudFailure(await run(["dashboards", EXAMPLE, "-o", path.join(dir, "tableaux.pdf")]), /doit avoir l'extension \.xlsx/);
  });

  test("-o in a folder that does not exist", async () => {
    expectLoudFailure(await run(["dashboards", EXAMPLE, "-o", path.join(dir, "absent", "tdb.xlsx")]), /dossier de sortie introuvable/);
  });

  test("dashboards -o an existing workbook the tool did not write (another register): refused, file untouched", async () => {
    const other = path.join(dir, "autre-registre.xlsx");
    await writeWorkbook(other, [{ name: "Registre", rows: [["N° marché", "Objet"], ["X-1", "Nettoyage"]] }]);
    const before = fs.readFileSync(other);
    const r = await run(["dashboards", EXAMPLE, "-o", other]);
    expectLoudFailure(r, /« autre-registre\.xlsx » existe et n'a pas été écrit par spaser \(feuilles « Registre »\) : il n'est pas remplacé ; choisissez un autre fichier de sortie avec -o/);
    expect(r.out).toBe("");
    expect(fs.readFileSync(other).equals(before)).toBe(true);
  });

  test("dashboards -o an existing file that is not a workbook at all: refused, untouched", async () => {
    const notes = path.join(dir, "notes.xlsx");
    fs.writeFileSync(notes, "mes notes");
    expectLoudFailure(await run(["dashboards", EXAMPLE, "-o", notes]), /n'est pas un classeur écrit par spaser/);
    expect(fs.readFileSync(notes, "utf8")).toBe("mes notes");
  });

  test("the tool's own previous output is replaced", async () => {
    const out = path.join(dir, "tdb.xlsx");
    expect((await run(["dashboards", EXAMPLE, "-o", out])).code).toBe(0);
    const first = fs.statSync(out).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    const again = await run(["dashboards", EXAMPLE, "-o", out]);
    expect(again.code).toBe(0);
    expect(fs.statSync(out).mtimeMs).toBeGreaterThan(first);
    expect(leftovers(dir)).toEqual([]);
  });
});

describe("write failures: exit 2, French message, no stack, no temporary file", () => {
  afterEach(() => jest.restoreAllMocks());

  test.each([
    ["EACCES", /accès refusé \(dossier en lecture seule ou droits insuffisants\)/],
    ["EROFS", /le support est en lecture seule/],
    ["ENOSPC", /le disque est plein/],
    ["EBUSY", /ouvert dans un autre programme \(Excel \?\)/],
  ])("%s while saving", async (code, message) => {
    const folder = fs.mkdtempSync(path.join(dir, "w-"));
    const out = path.join(folder, "tdb.xlsx");
    jest.spyOn(fs.promises, "rename").mockRejectedValue(Object.assign(new Error(`${code}: operation failed, rename`), { code }));
    const r = await run(["dashboards", EXAMPLE, "-o", out]);
    expectLoudFailure(r, message);
    expect(r.err).toMatch(/impossible d'écrire « .*tdb\.xlsx »/);
    expect(r.err).toContain(`  détail : ${code}: operation failed, rename`);
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  test("the register on a read-only share (default output beside it): the message says to choose -o", async () => {
    const folder = fs.mkdtempSync(path.join(dir, "share-"));
    const input = path.join(folder, "registre.xlsx");
    fs.copyFileSync(EXAMPLE, input);
    jest.spyOn(fs.promises, "rename").mockRejectedValue(Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" }));
    const r = await run(["dashboards", input]);
    expectLoudFailure(r, /impossible d'écrire « .*registre - tableaux-de-bord 2026\.xlsx » : accès refusé.*choisissez un autre fichier de sortie avec -o/);
    expect(fs.readdirSync(folder)).toEqual(["registre.xlsx"]);
  });

  test("an unexpected failure inside a command is still a French message and exit 2", async () => {
    const engine = require("../../src/indicators/engine") as typeof import("../../src/indicators/engine");
    jest.spyOn(engine, "computeIndicators").mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    });
    const r = await run(["indicators", EXAMPLE]);
    expectLoudFailure(r, /^spaser : erreur inattendue : /);
    expect(r.out).toBe("");
  });
});

describe("what Excel cannot hold is never written", () => {
  test("text over 32 767 characters is cut, with a warning; a number that is not finite is left blank, with a warning", async () => {
    const b = new SheetBuilder("Essai", "tdb1", [20, 20], a4Landscape("", "Essai", new Date(Date.UTC(2025, 0, 1)), "", 0.4));
    b.plan.cells.push({ r: 0, c: 0, value: "é".repeat(40_000) }, { r: 0, c: 1, value: Infinity }, { r: 1, c: 1, value: Number.NaN }, { r: 1, c: 0, value: 12.5 });
    const file = path.join(dir, "limites.xlsx");
    const warnings = await writePlans([b.plan], file);
    expect(warnings).toEqual([
      "« Essai »!A1 : texte de 40 000 caractères coupé à 32 767 caractères (limite d'une cellule Excel)".replace("40 000", (40_000).toLocaleString("fr-FR")),
      "« Essai »!B1 : nombre hors des limites d'Excel, laissé vide",
      "« Essai »!B2 : nombre hors des limites d'Excel, laissé vide",
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet("Essai")!;
    expect(String(ws.getCell("A1").value).length).toBe(32_767);
    expect(ws.getCell("B1").value).toBeNull();
    expect(ws.getCell("B2").value).toBeNull();
    expect(ws.getCell("A2").value).toBe(12.5);
  });
});

describe("the installed command never ends silently", () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, "lib", "cli", "main.js"))) {
      const tsc = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.cli.json"], { cwd: ROOT, encoding: "utf8" });
      if (tsc.status !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
    }
  }, 180_000);

  test("a read that never settles ends with exit 2 and a French message, not exit 0 without output", () => {
    // A preloaded module makes the command's promise never settle, as a damaged zip once did.
    const hang = path.join(dir, "hang.js");
    fs.writeFileSync(hang, `require(${JSON.stringify(path.join(ROOT, "lib", "cli", "main.js"))}).main = () => new Promise(() => {});\n`);
    const p = spawnSync(process.execPath, ["-r", hang, "bin/spaser.js", "indicators", EXAMPLE], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(p.status).toBe(2);
    expect(p.stdout).toBe("");
    expect(p.stderr).toMatch(/^spaser : la lecture du fichier ne s'est pas terminée/);
  });

  test("an exception thrown outside the command's promise: exit 2, no stack", () => {
    const boom = path.join(dir, "boom.js");
    fs.writeFileSync(boom, `require(${JSON.stringify(path.join(ROOT, "lib", "cli", "main.js"))}).main = () => new Promise(() => { setTimeout(() => { throw new RangeError("Invalid array length"); }, 1); });\n`);
    const p = spawnSync(process.execPath, ["-r", boom, "bin/spaser.js", "indicators", EXAMPLE], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(p.status).toBe(2);
    expect(p.stderr).toBe("spaser : erreur inattendue : Invalid array length\n");
  });
});
