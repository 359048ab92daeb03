/**
 * Registers written afresh by openpyxl, pandas and LibreOffice (scripts/make-producer-fixtures.py),
 * each read 60 times: every read gives the same register, the one written down by hand (a reader
 * that parses a sheet before the workbook's parts failed at random on such files).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadRegisterFile } from "../../src/files/read-file";
import { EXPECTED, PRODUCER_FILES, summary } from "../cli/producers-expected";

const PYTHON = process.env.SPASER_PYTHON ?? "/usr/bin/python3";
const SCRIPT = path.join(__dirname, "..", "..", "scripts", "make-producer-fixtures.py");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spaser-producers-"));
jest.setTimeout(300_000);

beforeAll(() => {
  execFileSync(PYTHON, [SCRIPT, tmp], { stdio: "pipe", timeout: 240_000 });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.each(PRODUCER_FILES)("%s, written afresh", (name) => {
  test("read 60 times without one failure, always as written", async () => {
    const file = path.join(tmp, name);
    const failures: string[] = [];
    for (let i = 0; i < 60; i++) {
      try {
        const { register } = await loadRegisterFile(file);
        expect(summary(register)).toEqual(EXPECTED[name]);
      } catch (e) {
        failures.push(`lecture ${i + 1} : ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
