/** Helpers for the command line's end-to-end tests: run `main`, write workbooks and CSV files. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import ExcelJS from "exceljs";
import { main } from "../../src/cli/main";

export const ROOT = path.join(__dirname, "..", "..");
export const EXAMPLE = path.join(ROOT, "examples", "registre-exemple.xlsx");
export const DECP_CSV = require("path").join(__dirname, "../fixtures/decp/decp-2024S2-travaux-cpv4521.csv");

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs `spaser ARGV` in-process, capturing what it writes. */
export async function run(argv: string[]): Promise<Run> {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

/** Runs `spaser ARGV --json` and parses stdout (fails the test with stderr when it is not JSON). */
export async function runJson(argv: string[]): Promise<{ code: number; json: JsonOut; err: string }> {
  const r = await run([...argv, "--json"]);
  let json: JsonOut;
  try {
    json = JSON.parse(r.out) as JsonOut;
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.code}); stderr: ${r.err}\nstdout: ${r.out.slice(0, 500)}`);
  }
  return { code: r.code, json, err: r.err };
}

// The contract of SPEC §5 as the program declares it; the tests check its fields one by one.
export type { JsonIndicator, JsonOutput as JsonOut } from "../../src/indicators/json";
import type { JsonOutput as JsonOut } from "../../src/indicators/json";
export type { Issue as JsonIssue } from "../../src/register/types";

/** A fresh temporary directory, removed by `cleanup`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spaser-cli-"));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export type SheetSpec = { name: string; rows: (ExcelJS.CellValue | undefined)[][] };

/** Writes an .xlsx workbook whose sheets hold the given rows (row 1 first). */
export async function writeWorkbook(file: string, sheets: SheetSpec[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((row, r) => {
      row.forEach((v, c) => {
        if (v === undefined || v === null) return;
        const cell = ws.getCell(r + 1, c + 1);
        cell.value = v;
        if (v instanceof Date) cell.numFmt = "dd/mm/yyyy";
      });
    });
  }
  await wb.xlsx.writeFile(file);
}

/** Encodes text as Windows-1252 (the characters a French register uses). */
export function encodeWindows1252(text: string): Buffer {
  const special: Record<string, number> = { "€": 0x80, "’": 0x92, "œ": 0x9c, "Œ": 0x8c, "«": 0xab, "»": 0xbb };
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else if (special[ch] !== undefined) bytes.push(special[ch]);
    else throw new Error(`no Windows-1252 byte for ${ch}`);
  }
  return Buffer.from(bytes);
}

/** Column letters of a 1-based column number: 1 → A, 28 → AB. */
export function letters(col: number): string {
  let s = "";
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Splits one CSV line (RFC 4180 quotes) on `sep`. */
export function splitCsvLine(line: string, sep: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === sep) {
      out.push(field);
      field = "";
    } else field += ch;
  }
  out.push(field);
  return out;
}

/**
 * An example builder is deterministic and the checked-in workbook is its output: two builds are
 * byte for byte the same, and equal to the file in the repository.
 */
export async function expectDeterministicBuild(build: (output: string) => Promise<unknown>, checkedIn: string, script: string): Promise<void> {
  const { dir, cleanup } = tempDir();
  try {
    const a = path.join(dir, "a.xlsx");
    const b = path.join(dir, "b.xlsx");
    await build(a);
    await build(b);
    const bytes = fs.readFileSync(a);
    expect(fs.readFileSync(b).equals(bytes)).toBe(true);
    // If this fails after a change to the script: run `npm run example` and commit the result.
    if (!fs.readFileSync(checkedIn).equals(bytes)) throw new Error(`${path.basename(checkedIn)} is not what ${script} builds: run « npm run example » and commit the result`);
  } finally {
    cleanup();
  }
}
