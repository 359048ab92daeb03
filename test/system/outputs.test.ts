/**
 * Every workbook the command line writes opens in LibreOffice and openpyxl (SPEC §2.6 "text written
 * back"), and the links from TdB 1 / TdB 2 to « Détail des indicateurs » are links inside the
 * workbook as LibreOffice reads them (issue 16): the workbook converted to .fods, the link read.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../src/cli/main";

const PYTHON = process.env.SPASER_PYTHON ?? "/usr/bin/python3";
const EXAMPLE = path.join(__dirname, "..", "..", "examples", "registre-exemple.xlsx");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spaser-outputs-"));
jest.setTimeout(300_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const quiet = { out: () => undefined, err: () => undefined };

/** Converts with LibreOffice (its own profile, so that parallel runs do not collide). */
function toFods(file: string): string {
  const profile = fs.mkdtempSync(path.join(tmp, "lo-"));
  execFileSync("soffice", [`-env:UserInstallation=file://${profile}`, "--headless", "--convert-to", "fods", "--outdir", tmp, file], { stdio: "pipe", timeout: 240_000 });
  return fs.readFileSync(path.join(tmp, path.basename(file).replace(/\.xlsx$/, ".fods")), "utf8");
}

function openpyxl(file: string): string {
  return execFileSync(PYTHON, ["-c", "import sys, openpyxl; wb = openpyxl.load_workbook(sys.argv[1]); print('|'.join(wb.sheetnames))", file], { encoding: "utf8", timeout: 120_000 }).trim();
}

test("the links of the boards point inside the workbook, at the detail sheet, in LibreOffice", async () => {
  const out = path.join(tmp, "tdb.xlsx");
  expect(await main(["dashboards", EXAMPLE, "-o", out], quiet)).toBe(0);
  const fods = toFods(out);
  const links = [...fods.matchAll(/<text:a [^>]*xlink:href="([^"]*)"/g)].map((m) => m[1].replace(/&apos;/g, "'").replace(/&amp;/g, "&"));
  expect(links.length).toBeGreaterThan(10);
  // Before: « …/tdb.xlsx#%23'Détail… » or « #%23'Détail des indicateurs'!A6 »: a link to the file itself.
  for (const l of links) expect(l).toMatch(/^#'?Détail des indicateurs'?[.!]\$?A\$?\d+$/);
});

test("dashboards, cotation and referentiel outputs open in openpyxl and LibreOffice, even with U+FFFE and controls in the register", async () => {
  const csv = path.join(tmp, "registre.csv");
  fs.writeFileSync(
    csv,
    "N° marché;Objet;Montant HT;Date de notification;Critère environnemental;Récurrent;Durée (mois)\n" +
      "M1;Nettoyage\uFFFE des\u0007 locaux\uFFFF;1000;15/03/2025;oui;oui;24\n" +
      "M2;Voirie;2000;16/03/2025;non;oui;24\n",
    "utf8",
  );
  const outs = {
    dashboards: path.join(tmp, "tdb-csv.xlsx"),
    cotation: path.join(tmp, "cot-csv.xlsx"),
    referentiel: path.join(tmp, "ref-csv.xlsx"),
  };
  expect(await main(["dashboards", csv, "-o", outs.dashboards], quiet)).toBe(0);
  expect(await main(["cotation", csv, "--date", "01/10/2026", "-o", outs.cotation], quiet)).toBe(0);
  expect(await main(["referentiel", csv, "-o", outs.referentiel], quiet)).toBe(0);
  expect(openpyxl(outs.dashboards)).toBe("TdB 1 - Déploiement|TdB 2 - Actions|Détail des indicateurs");
  expect(openpyxl(outs.cotation)).toBe("Cotation CAD");
  expect(openpyxl(outs.referentiel)).toBe("Plan|Référentiel");
  // LibreOffice keeps every string: « Voirie » comes after the cleaned text in the shared strings.
  const fods = toFods(outs.dashboards);
  expect(fods).toContain("Nettoyage des locaux");
  expect(fods).toContain("Voirie");
});
