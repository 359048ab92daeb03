/**
 * The annual report in the application that will open it: Debian's Chromium. The page of the
 * example register has no WCAG 2.2 AA violation (axe-core run in the page), and printed to PDF it
 * is an A4 document of at most 40 pages with its six parts.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../src/cli/main";

const ROOT = path.join(__dirname, "..", "..");
const out = fs.mkdtempSync(path.join(os.tmpdir(), "spaser-rapport-"));
const report = path.join(out, "rapport.html");
jest.setTimeout(240_000);

function chromium(args: string[]): string {
  return execFileSync(
    "chromium",
    ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${path.join(out, "profile")}`, "--virtual-time-budget=15000", ...args],
    { encoding: "utf8", timeout: 180_000, maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "ignore"] },
  );
}

beforeAll(async () => {
  const input = path.join(out, "registre-exemple.xlsx");
  fs.copyFileSync(path.join(ROOT, "examples", "registre-exemple.xlsx"), input);
  const code = await main(["rapport", input, "-o", report], { out: () => undefined, err: (s) => process.stderr.write(s) });
  expect(code).toBe(0);
});

test("the report has no WCAG 2.2 AA violation (axe-core in Chromium)", () => {
  const axe = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const html = fs.readFileSync(report, "utf8");
  // The page itself has no script: axe is added to a copy, and writes its findings into the page.
  const runner =
    `<script>${axe}</script><script>axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } })` +
    `.then((r) => { const p = document.createElement("pre"); p.id = "axe-out"; p.textContent = JSON.stringify(r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }))); document.body.appendChild(p); });</script>`;
  const checked = path.join(out, "axe.html");
  fs.writeFileSync(checked, html.replace("</body>", `${runner}</body>`));
  const dom = chromium(["--dump-dom", `file://${checked}`]);
  const m = dom.match(/<pre id="axe-out">([\s\S]*?)<\/pre>/);
  expect(m).not.toBeNull();
  const violations = JSON.parse((m as RegExpMatchArray)[1].replace(/&quot;/g, '"').replace(/&gt;/g, ">").replace(/&lt;/g, "<").replace(/&amp;/g, "&")) as unknown[];
  expect(violations).toEqual([]);
});

test("printed from Chromium, the report is an A4 PDF of at most 40 pages with its six parts", () => {
  const pdf = path.join(out, "rapport.pdf");
  chromium(["--no-pdf-header-footer", `--print-to-pdf=${pdf}`, `file://${report}`]);
  const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
  const pages = Number((info.match(/Pages:\s+(\d+)/) as RegExpMatchArray)[1]);
  expect(pages).toBeGreaterThanOrEqual(6);
  expect(pages).toBeLessThanOrEqual(40);
  // A4: 595 × 842 points.
  expect(info).toMatch(/Page size:.*\(A4\)/);
  const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
  for (const part of ["1. Les cibles du déploiement", "2. Les actions, par axe et objectif", "3. Loi Climat et résilience", "4. Le comité annuel des achats durables", "5. Qualité des données", "6. Méthode et source"])
    expect(text).toContain(part);
});
