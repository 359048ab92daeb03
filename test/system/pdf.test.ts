/**
 * A real spreadsheet application opens what we write: LibreOffice converts the dashboards to PDF,
 * and the PDF is read back page by page (poppler-utils) as a committee member would.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../src/cli/main";
import { ACTIONS } from "../../src/spaser/referential";

const EXAMPLE = path.join(__dirname, "..", "..", "examples", "registre-exemple.xlsx");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spaser-pdf-"));
jest.setTimeout(180_000);

function toPdf(xlsx: string): string {
  execFileSync("soffice", [`-env:UserInstallation=file://${path.join(tmp, "lo-profile")}`, "--headless", "--convert-to", "pdf", "--outdir", tmp, xlsx], {
    stdio: "pipe",
    timeout: 150_000,
    // French locale: decimal commas and French number groups, as the committee reads them.
    env: { ...process.env, LANG: "fr_FR.UTF-8", LC_ALL: "fr_FR.UTF-8" },
  });
  const pdf = path.join(tmp, path.basename(xlsx).replace(/\.xlsx$/, ".pdf"));
  if (!fs.existsSync(pdf)) throw new Error(`LibreOffice n'a pas produit ${pdf}`);
  return pdf;
}

function pages(pdf: string): string[] {
  const info = execFileSync("pdfinfo", [pdf]).toString();
  const n = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  const out: string[] = [];
  for (let p = 1; p <= n; p++) out.push(execFileSync("pdftotext", ["-layout", "-f", String(p), "-l", String(p), pdf, "-"]).toString());
  return out;
}

test("the example's dashboards open in LibreOffice and print legibly: both boards, every action, no ####", async () => {
  expect(fs.existsSync(EXAMPLE)).toBe(true);
  const out = path.join(tmp, "tableaux-de-bord.xlsx");
  const io = { out: () => undefined, err: (s: string) => process.stderr.write(s) };
  expect(await main(["dashboards", EXAMPLE, "-o", out], io)).toBe(0);
  const text = pages(toPdf(out));
  // Two boards, each at least one A4 page; TdB 1 first.
  expect(text.length).toBeGreaterThanOrEqual(2);
  expect(text[0]).toContain("Tableau de bord 1");
  const firstTdb2 = text.findIndex((t) => t.includes("Tableau de bord 2"));
  expect(firstTdb2).toBeGreaterThan(0);
  const all = text.join("\n");
  for (const a of ACTIONS) expect(all).toMatch(new RegExp(`Action ${a.n}\\b`));
  for (const id of ["T1", "T6", "A3.E1", "A17.R3", "A26.E1"]) expect(all).toContain(id);
  // French number display.
  expect(all).toMatch(/\d,\d %/);
  // Cells too narrow for their number print as ####.
  expect(all).not.toMatch(/#{3,}/);
  // Every page carries the running footer with its page number (numbered through the document).
  text.forEach((t, i) => expect(t).toContain(`Page ${i + 1} / ${text.length}`));
  // TdB 1 compares the targets in value, with the national reference and per entity, and counts the loi Climat alerts.
  const tdb1 = text.slice(0, firstTdb2).join("\n");
  // (headers wrap in their cells: words may be on separate lines)
  for (const t of [/En\s+valeur/, /Source de la référence nationale/, /Ville/, /Métropole/, /Loi Climat et résilience/, /C7\.1/]) expect(tdb1).toMatch(t);
  // The detail sheet follows the boards, in portrait, with its contracts and their roles.
  const firstDetail = text.findIndex((t) => t.includes("Détail des indicateurs — les contrats derrière chaque chiffre"));
  expect(firstDetail).toBeGreaterThan(firstTdb2);
  expect(text.slice(firstDetail).join("\n")).toMatch(/numérateur[\s\S]*dénominateur seul/);
  const size = execFileSync("pdfinfo", ["-f", String(firstDetail + 1), "-l", String(firstDetail + 1), path.join(tmp, "tableaux-de-bord.pdf")]).toString();
  expect(size).toMatch(/Page\s+\d+ size:\s+595\.\d+ x 841\.\d+ pts|Page\s+\d+ size:\s+595 x 842 pts/);
  // Landscape A4: 842 x 595 points.
  const info = execFileSync("pdfinfo", [path.join(tmp, "tableaux-de-bord.pdf")]).toString();
  expect(info).toMatch(/Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)|Page size:\s+842 x 595 pts/);
});
