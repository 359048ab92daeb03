/**
 * `npm run build` with a production address: dist/ holds what a static HTTPS host serves, and the
 * manifest points at that address only.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const DIST = path.join(ROOT, "dist");
const PROD = "https://marches.ville-test.fr/spaser/";
 
const webpackConfig = require(path.join(ROOT, "webpack.config.js")) as { rewriteManifest: (xml: string, url: string) => string };

describe("manifest rewriting", () => {
  test("every development URL is replaced, not only the first one, and the bare origin too", () => {
    const xml = `<a v="https://localhost:3000/x.html"/><b v="https://localhost:3000/y.png"/><AppDomain>https://localhost:3000</AppDomain>`;
    const out = webpackConfig.rewriteManifest(xml, "https://h.fr/app/");
    expect(out).toBe(`<a v="https://h.fr/app/x.html"/><b v="https://h.fr/app/y.png"/><AppDomain>https://h.fr</AppDomain>`);
  });

  test("a non-HTTPS production address is refused", () => {
    const r = spawnSync(process.execPath, ["-e", "require('./webpack.config.js').productionUrl()"], { cwd: ROOT, env: { ...process.env, SPASER_URL: "http://intranet/spaser" }, encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("SPASER_URL doit être une adresse https://");
  });
});

describe("npm run build", () => {
  beforeAll(() => {
    execFileSync("npm", ["run", "build"], { cwd: ROOT, env: { ...process.env, SPASER_URL: PROD }, stdio: "pipe", timeout: 280_000 });
  }, 300_000);

  test("emits the page, the bundle, the functions metadata, the manifest and the icons", () => {
    for (const f of ["taskpane.html", "taskpane.js", "functions.json", "manifest.xml", "assets/icon-16.png", "assets/icon-32.png", "assets/icon-80.png"]) {
      expect(fs.existsSync(path.join(DIST, f))).toBe(true);
    }
    const html = fs.readFileSync(path.join(DIST, "taskpane.html"), "utf8");
    // One page for the pane, the functions and the commands: it loads the single bundle and Office.js.
    expect(html).toMatch(/<script[^>]+src="?taskpane\.js"?/);
    expect(html).toContain("https://appsforoffice.microsoft.com/lib/1/hosted/office.js");
    expect(html).toMatch(/<html lang="?fr"?>/);
  });

  test("functions.json describes the custom functions", () => {
    const meta = JSON.parse(fs.readFileSync(path.join(DIST, "functions.json"), "utf8")) as { functions: { id: string; name: string }[] };
    expect(Array.isArray(meta.functions)).toBe(true);
    expect(meta.functions.length).toBeGreaterThan(0);
    for (const f of meta.functions) expect(f.id).toMatch(/^[A-Z0-9_.]+$/);
  });

  test("the manifest points at the production address only", () => {
    const xml = fs.readFileSync(path.join(DIST, "manifest.xml"), "utf8");
    expect(xml).not.toMatch(/localhost/i);
    const urls = [...xml.matchAll(/(?:DefaultValue|Value)="(https?:[^"]+)"/g)].map((m) => m[1]);
    // icon, high-resolution icon, support, source, 3 ribbon icons, script, metadata + fr-FR override, page, help = 12
    expect(urls.length).toBeGreaterThanOrEqual(12);
    for (const u of urls) expect(u.startsWith(PROD)).toBe(true);
    expect(xml).toContain(`<bt:Override Locale="fr-FR" Value="${PROD}functions-fr.json"/>`);
    expect(xml).toContain("<AppDomain>https://marches.ville-test.fr</AppDomain>");
  });
});
