import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import ExcelJS from "exceljs";
import { main } from "../../src/cli/main";
import type { Cell } from "../../src/register/types";
import { AT_STAKE_HEADER, SCORE_HEADER, scoreFormula } from "../../src/dashboards/cotation";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spaser-cot-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) } };
};

/** Three recurrent contracts with next awards in 2027 and one outside the window. */
async function register(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Registre");
  const rows: Cell[][] = [
    ["N° marché", "Objet", "Direction", "Nature", "Procédure", "Montant HT", "Durée (mois)", "Date de notification", "Récurrent"],
    ["R-1", "Nettoyage des écoles", "Éducation", "Services", "MAPA", 100000, 24, "15/03/2025", "oui"],
    ["R-2", "Papier", "Moyens", "Fournitures", "AOO", 300000, 24, "10/02/2025", "oui"],
    ["=1+1", "Traiteur", "Protocole", "Services", "MAPA", 20000, 24, "01/06/2025", "oui"],
    ["R-4", "Voirie", "Voirie", "Travaux", "AOO", 1000000, 12, "01/06/2025", "oui"],
  ];
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
}

function table(ws: ExcelJS.Worksheet): { header: number; cols: Map<string, number>; rows: Map<string, ExcelJS.Row> } {
  let header = -1;
  const cols = new Map<string, number>();
  const rows = new Map<string, ExcelJS.Row>();
  ws.eachRow((row, n) => {
    if (header < 0 && row.getCell(1).value === "N° marché") {
      header = n;
      row.eachCell((c, i) => void cols.set(String(c.value), i));
    } else if (header > 0 && n > header && row.getCell(cols.get(SCORE_HEADER)!).formula) {
      rows.set(String(row.getCell(1).value), row);
    }
  });
  return { header, cols, rows };
}

test("spaser cotation lists the recurrent contracts of the window, sorted by score, with a live score formula", async () => {
  const input = path.join(tmp, "reg.xlsx");
  await register(input);
  const out = path.join(tmp, "cot.xlsx");
  const o = io();
  // Reference 01/01/2026: window 01/01/2027 – 01/01/2028. R-1 next 15/03/2027, R-2 10/02/2027,
  // "=1+1" 01/06/2027 are in; R-4 (01/06/2026) is out.
  expect(await main(["cotation", input, "--date", "01/01/2026", "-o", out], o.io)).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const ws = wb.getWorksheet("Cotation CAD")!;
  const t = table(ws);
  // Scores: R-1 40 (below); "=1+1" (traiteur, 20 000 €, MAPA, 24 months): 11 (8) + 12 (2) + 13 (6)
  // + 14 (2) + 17 (3) + 18 (4) + 19 (2) + 20 (3) + 21 (2) + 22 (2) + 24 (2) = 36; R-2 (300 000 €, AOO,
  // 24 months, not below 215 000: no lever 17): 8 (10) + 10 (4) + 12 (2) + 14 (2) + 18 (4) + 19 (2)
  // + 21 (2) + 22 (2) + 24 (2) = 30.
  // Amount at stake (a year): R-2 300 000 × 12 / 24 = 150 000, R-1 50 000, "=1+1" 10 000.
  // Order by score × amount at stake: R-2 4 500 000, R-1 2 000 000, "=1+1" 360 000.
  expect([...t.rows.keys()]).toEqual(["R-2", "R-1", "=1+1"]);
  expect(t.rows.get("R-2")!.getCell(t.cols.get(AT_STAKE_HEADER)!).value).toBe(150_000);
  // The id that looks like a formula is text.
  expect(t.rows.get("=1+1")!.getCell(1).type).toBe(ExcelJS.ValueType.String);
  // 8 (10) + 10 (4) + 12 (2) + 14 (2) + 17 (3) + 18 (4) + 19 (2) + 20 (3) + 21 (2) + 22 (2) + 24 (2) + 25 (4) = 40
  const sc = t.cols.get(SCORE_HEADER)!;
  const r1 = t.rows.get("R-1")!;
  expect(r1.getCell(t.cols.get("Leviers (actions)")!).value).toBe("8; 10; 12; 14; 17; 18; 19; 20; 21; 22; 24; 25");
  const cell = r1.getCell(sc);
  expect(cell.formula).toBe(scoreFormula(Number(r1.number)).slice(1));
  expect(cell.result).toBe(40);
});

test("answers, decisions and comments typed in the sheet survive a refresh (matched by N° marché)", async () => {
  const input = path.join(tmp, "reg2.xlsx");
  await register(input);
  const out = path.join(tmp, "cot2.xlsx");
  expect(await main(["cotation", input, "--date", "01/01/2026", "-o", out], io().io)).toBe(0);
  // A user answers for R-2 and types the CAD's decision, then the register changes order.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const ws = wb.getWorksheet("Cotation CAD")!;
  const t = table(ws);
  const r2 = t.rows.get("R-2")!;
  r2.getCell(t.cols.get("Offre ESS / SIAE / EA / ESAT connue sur le territoire ?")!).value = "oui";
  r2.getCell(t.cols.get("Impact carbone ou environnemental significatif ?")!).value = "oui";
  r2.getCell(t.cols.get("Décision CAD (actions retenues)")!).value = "8; 24";
  r2.getCell(t.cols.get("Commentaire")!).value = "Voir avec la mission ESS";
  await wb.xlsx.writeFile(out);
  const o = io();
  expect(await main(["cotation", input, "--date", "01/01/2026", "-o", out], o.io)).toBe(0);
  expect(o.out.join("")).toMatch(/saisies conservées pour 1/);
  const wb2 = new ExcelJS.Workbook();
  await wb2.xlsx.readFile(out);
  const t2 = table(wb2.getWorksheet("Cotation CAD")!);
  const row = t2.rows.get("R-2")!;
  expect(row.getCell(t2.cols.get("Offre ESS / SIAE / EA / ESAT connue sur le territoire ?")!).value).toBe("oui");
  expect(row.getCell(t2.cols.get("Décision CAD (actions retenues)")!).value).toBe("8; 24");
  expect(row.getCell(t2.cols.get("Commentaire")!).value).toBe("Voir avec la mission ESS");
  // R-2 (300 000 €, AOO, 24 months): 30 (above) + ESS 15 + carbone 15 = 60, first.
  expect([...t2.rows.keys()][0]).toBe("R-2");
  expect(row.getCell(t2.cols.get(SCORE_HEADER)!).result).toBe(60);
});

test("an output workbook holding other sheets is never overwritten", async () => {
  const input = path.join(tmp, "reg3.xlsx");
  await register(input);
  const out = path.join(tmp, "autre.xlsx");
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Mes notes").addRow(["à garder"]);
  await wb.xlsx.writeFile(out);
  const before = fs.readFileSync(out);
  const o = io();
  expect(await main(["cotation", input, "--date", "01/01/2026", "-o", out], o.io)).toBe(2);
  expect(o.err.join("")).toMatch(/n'a pas été écrit par spaser \(feuilles « Mes notes »\)/);
  expect(fs.readFileSync(out).equals(before)).toBe(true);
});
