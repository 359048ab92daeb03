/**
 * The annual report (spaser rapport): one self-contained page, six parts, charts with their text
 * alternative and their figures as tables, every number equal to the JSON of `spaser indicators`
 * for the same file, year and entity, and the SHA-256 of the file read.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { EXAMPLE, ROOT, run, runJson, tempDir } from "../cli/helpers";
import { markdownToHtml } from "../../src/report/markdown";
import { methodologyExtract } from "../../src/report/html";

jest.setTimeout(60_000);

interface Figure {
  id: string;
  field: string;
  value: number | null;
}

function figures(html: string): Figure[] {
  const out: Figure[] = [];
  for (const m of html.matchAll(/data-i="([^"]+)" data-f="([^"]+)" data-v="([^"]+)"/g)) out.push({ id: m[1], field: m[2], value: m[3] === "null" ? null : Number(m[3]) });
  return out;
}

async function report(args: string[]): Promise<{ html: string; file: string; input: string }> {
  const { dir } = tempDir();
  const input = path.join(dir, "registre.xlsx");
  fs.copyFileSync(EXAMPLE, input);
  const file = path.join(dir, "rapport.html");
  const r = await run(["rapport", input, "-o", file, ...args]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  expect(r.out).toContain(`écrit dans : ${file}`);
  return { html: fs.readFileSync(file, "utf8"), file, input };
}

describe("the annual report of the example register", () => {
  let html: string;
  let input: string;
  beforeAll(async () => {
    ({ html, input } = await report(["--year", "2025"]));
  });

  test("is one self-contained page: no script, no request, no external style or font", () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link /i);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).toMatch(/^<!doctype html>\n<html lang="fr">/);
  });

  test("has the six parts of the report, in order", () => {
    const parts = [...html.matchAll(/<h2 id="h-[^"]+">([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(parts).toEqual([
      "1. Les cibles du déploiement",
      "2. Les actions, par axe et objectif",
      "3. Loi Climat et résilience",
      "4. Le comité annuel des achats durables",
      "5. Qualité des données",
      "6. Méthode et source",
    ]);
  });

  test("every chart is an image with a title and a description, and at least three are drawn", () => {
    const svgs = [...html.matchAll(/<svg [^>]*role="img" aria-labelledby="([^" ]+) ([^"]+)"[^>]*><title id="([^"]+)">([^<]+)<\/title><desc id="([^"]+)">([^<]+)<\/desc>/g)];
    expect(svgs.length).toBeGreaterThanOrEqual(3);
    expect(svgs.length).toBe((html.match(/<svg /g) ?? []).length);
    for (const s of svgs) {
      expect(s[1]).toBe(s[3]);
      expect(s[2]).toBe(s[5]);
    }
    // The figures drawn are also given as tables.
    expect(html).toContain("<caption>Cibles de déploiement en 2025</caption>");
    expect(html).toContain("<caption>Évolution par année des cibles T1 à T6");
  });

  test("every number equals the JSON of spaser indicators for the same file and year", async () => {
    const { json } = await runJson(["indicators", input, "--year", "2025"]);
    const figs = figures(html);
    expect(figs.length).toBeGreaterThan(100);
    for (const f of figs) {
      const ind = json.indicators[f.id];
      expect(ind).toBeDefined();
      const expected = (ind as unknown as Record<string, unknown>)[f.field];
      if (f.value === null) expect(typeof expected === "number" ? expected : null).toBeNull();
      else expect([f.id, f.field, f.value]).toEqual([f.id, f.field, expected]);
    }
    // T1–T6 and their value forms are all there.
    for (const id of ["T1", "T2", "T3", "T4", "T5", "T6", "T1.V", "T6.V"]) expect(figs.some((f) => f.id === id && f.field === "value")).toBe(true);
  });

  test("names the file read and its SHA-256", () => {
    const sha = createHash("sha256").update(fs.readFileSync(input)).digest("hex");
    expect(html).toContain(sha);
    expect(html).toContain("registre.xlsx");
  });

  test("the methodology annex keeps the principles and the index of indicators", () => {
    expect(html).toContain("Principes de calcul");
    expect(html).toContain("Index des indicateurs");
    expect(html).toContain('id="m-principes"');
  });
});

test("--entity restricts every figure to one buyer, like the JSON", async () => {
  const { html, input } = await report(["--year", "2025", "--entity", "Ville"]);
  const { json } = await runJson(["indicators", input, "--year", "2025", "--entity", "Ville"]);
  expect(html).toContain("Ville");
  for (const f of figures(html).filter((x) => x.field === "value" && x.value !== null)) expect([f.id, f.value]).toEqual([f.id, json.indicators[f.id].value]);
});

test("never replaces a page spaser did not write; replaces its own", async () => {
  const { dir } = tempDir();
  const input = path.join(dir, "registre.xlsx");
  fs.copyFileSync(EXAMPLE, input);
  const page = path.join(dir, "page.html");
  fs.writeFileSync(page, "<!doctype html><title>Page du service communication</title>");
  const r = await run(["rapport", input, "-o", page]);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/n'a pas été écrit par spaser/);
  expect(fs.readFileSync(page, "utf8")).toContain("service communication");
  const own = path.join(dir, "rapport.html");
  expect((await run(["rapport", input, "-o", own])).code).toBe(0);
  expect((await run(["rapport", input, "-o", own])).code).toBe(0);
  const bad = await run(["rapport", input, "-o", path.join(dir, "rapport.xlsx")]);
  expect(bad.code).toBe(2);
  expect(bad.err).toMatch(/\.html/);
});

test("the default report is written beside the file read, named after it and the year", async () => {
  const { dir } = tempDir();
  const input = path.join(dir, "Registre 2025.xlsx");
  fs.copyFileSync(EXAMPLE, input);
  const r = await run(["rapport", input, "--year", "2025"]);
  expect(r.code).toBe(0);
  expect(fs.existsSync(path.join(dir, "Registre 2025 - rapport annuel 2025.html"))).toBe(true);
});

test("the annex's Markdown: headings shifted, tables with headers, nested lists, escaped text", () => {
  const md = ['<a id="principes"></a>', "", "## 1. Principes", "", "- a **gras** et `code`", "  - sous <b>point</b>", "- b", "", "| A | B |", "|---|---|", "| 1 | [T1](#T1) |", "", '<a id="colonnes"></a>', "## 2. Colonnes"].join("\n");
  const h = markdownToHtml(methodologyExtract(md), { shift: 1, idPrefix: "m-" });
  expect(h).toContain("<h3>1. Principes</h3>");
  expect(h).toContain("<ul><li>a <strong>gras</strong> et <code>code</code><ul><li>sous &lt;b&gt;point&lt;/b&gt;</li></ul></li><li>b</li></ul>");
  expect(h).toContain('<th scope="col">A</th>');
  expect(h).toContain('<a href="#m-T1">T1</a>');
  expect(h).not.toContain("Colonnes");
});

test("the report of a buyer's own plan (the département): its actions, each indicator's kind in French and its period", async () => {
  const { dir } = tempDir();
  const file = path.join(dir, "rapport.html");
  const r = await run(["rapport", path.join(ROOT, "examples", "spaser-departement.xlsx"), "-o", file]);
  expect(r.code).toBe(0);
  const html = fs.readFileSync(file, "utf8");
  expect(html).toContain("Action 4 — Inscrire une clause d&#39;insertion");
  expect(html).toContain('<span class="reason">indicateur d\'effet</span>');
  expect(html).not.toContain("indicateur de effet");
  // D2 cumulates the stage 2025–2026, D4 three years.
  expect(html).toContain('<span class="reason">Cumul de l&#39;étape 1, 2025–2026 (contrats notifiés de 2025 à 2026)</span>');
  expect(html).toContain('<span class="reason">Cumul des 3 années 2024–2026 (contrats notifiés de 2024 à 2026)</span>');
  expect(html).not.toContain("Faire connaître les achats de la Ville et de la Métropole");
});
