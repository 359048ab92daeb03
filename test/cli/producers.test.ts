/**
 * Registers written by openpyxl, pandas and LibreOffice (test/fixtures/producers, written by
 * scripts/make-producer-fixtures.py): sheet names as the user named them, every value as written.
 */
import * as path from "path";
import { loadRegisterFile } from "../../src/files/read-file";
import { EXPECTED, PRODUCER_FILES, summary } from "./producers-expected";
import { runJson } from "./helpers";

const DIR = path.join(__dirname, "..", "fixtures", "producers");

describe.each(PRODUCER_FILES)("%s", (name) => {
  test("reads as written", async () => {
    const { register } = await loadRegisterFile(path.join(DIR, name));
    expect(summary(register)).toEqual(EXPECTED[name]);
  });
});

test("spaser indicators --json names the register sheets of an openpyxl workbook as the user named them", async () => {
  const { code, json } = await runJson(["indicators", path.join(DIR, "openpyxl-registre-par-annee.xlsx")]);
  expect(code).toBe(0);
  expect(json.register.sheet).toBe("Registre 2023, Registre 2024");
  expect(json.issues.map((i) => i.cell)).toEqual(["'Registre 2023'!F5", "'Registre 2023'!C6", "'Registre 2024'!A3", null]);
});
