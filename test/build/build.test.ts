/**
 * @jest-environment jsdom
 *
 * `npm run build` with a production address: dist/ holds what a static HTTPS host serves, the
 * manifest points at that address only, every French Excel gets the French resources, and the
 * bundle runs where the custom functions runtime is absent.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const DIST = path.join(ROOT, "dist");
const PROD = "https://marches.ville-test.fr/spaser/";
/** The French areas of Office, each with its own Override (the bare "fr" is not supported everywhere). */
const FRENCH_LOCALES = ["fr-FR", "fr-BE", "fr-CA", "fr-CH", "fr-LU"];

const webpackConfig = require(path.join(ROOT, "webpack.config.js")) as { rewriteManifest: (xml: string, url: string) => string };

interface Fn {
  id: string;
  name: string;
  parameters: { name: string }[];
}

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
  let xml = "";
  let doc: Document;
  beforeAll(() => {
    execFileSync("npm", ["run", "build"], { cwd: ROOT, env: { ...process.env, SPASER_URL: PROD }, stdio: "pipe", timeout: 280_000 });
    xml = fs.readFileSync(path.join(DIST, "manifest.xml"), "utf8");
    doc = new DOMParser().parseFromString(xml, "application/xml");
  }, 300_000);

  test("emits the page, the bundle, the functions metadata in both languages, the manifest and the icons", () => {
    for (const f of ["taskpane.html", "taskpane.js", "functions.json", "functions-fr.json", "manifest.xml", "assets/icon-16.png", "assets/icon-32.png", "assets/icon-80.png", "assets/aide.html"]) {
      expect({ f, exists: fs.existsSync(path.join(DIST, f)) }).toEqual({ f, exists: true });
    }
    const html = fs.readFileSync(path.join(DIST, "taskpane.html"), "utf8");
    // One page for the pane, the functions and the commands: it loads the single bundle and Office.js.
    expect(html).toMatch(/<script[^>]+src="?taskpane\.js"?/);
    expect(html).toContain("https://appsforoffice.microsoft.com/lib/1/hosted/office.js");
    expect(html).toMatch(/<html lang="?fr"?>/);
  });

  test("functions.json has the English names (the ids), functions-fr.json the French ones, same ids and parameters", () => {
    const en = JSON.parse(fs.readFileSync(path.join(DIST, "functions.json"), "utf8")) as { functions: Fn[] };
    const fr = JSON.parse(fs.readFileSync(path.join(DIST, "functions-fr.json"), "utf8")) as { functions: Fn[] };
    // The build declares CONTRACTS / CONTRATS (the drill-down function, a column that spills).
    expect(en.functions.map((f) => f.name)).toEqual(["RATE", "INDICATOR", "NUMERATOR", "DENOMINATOR", "CONTRACTS", "TARGET", "STATUS", "YEARS", "LEVERS", "SCORE"]);
    expect(fr.functions.map((f) => f.name)).toEqual(["TAUX", "INDICATEUR", "NUMERATEUR", "DENOMINATEUR", "CONTRATS", "CIBLE", "STATUT", "ANNEES", "LEVIERS", "POTENTIEL"]);
    expect(en.functions.find((f) => f.id === "CONTRACTS")).toMatchObject({ result: { type: "string", dimensionality: "matrix" }, options: { stream: true } });
    expect(fr.functions.map((f) => f.id)).toEqual(en.functions.map((f) => f.id));
    expect(fr.functions.map((f) => f.parameters.length)).toEqual(en.functions.map((f) => f.parameters.length));
  });

  test("the manifest points at the production address only", () => {
    expect(xml).not.toMatch(/localhost/i);
    const urls = [...xml.matchAll(/(?:DefaultValue|Value)="(https?:[^"]+)"/g)].map((m) => m[1]);
    for (const u of urls) expect(u.startsWith(PROD)).toBe(true);
    expect(xml).toContain("<AppDomain>https://marches.ville-test.fr</AppDomain>");
  });

  test("default locale en-US without an override of it; every localized resource has one override per French area, in French", () => {
    expect(doc.getElementsByTagName("parsererror")).toHaveLength(0);
    expect(doc.getElementsByTagName("DefaultLocale")[0].textContent).toBe("en-US");
    const overrides = [...doc.getElementsByTagName("*")].filter((e) => e.localName === "Override");
    expect(overrides.length).toBeGreaterThan(0);
    expect(overrides.some((o) => o.getAttribute("Locale")?.toLowerCase() === "en-us")).toBe(false);
    // Group the overrides by their parent resource: each must list exactly the five French areas.
    const byParent = new Map<Element, string[]>();
    for (const o of overrides) {
      const parent = o.parentElement as Element;
      byParent.set(parent, [...(byParent.get(parent) ?? []), o.getAttribute("Locale") ?? ""]);
    }
    const label = (e: Element) => e.getAttribute("id") ?? e.localName;
    for (const [parent, locales] of byParent) expect({ resource: label(parent), locales }).toEqual({ resource: label(parent), locales: FRENCH_LOCALES });
    // Every string resource is localized (the namespace SPASER is the same in every language).
    const strings = [...doc.getElementsByTagName("*")].filter((e) => e.localName === "String");
    for (const s of strings) if (s.getAttribute("id") !== "Functions.Namespace") expect({ id: s.getAttribute("id"), localized: byParent.has(s) }).toEqual({ id: s.getAttribute("id"), localized: true });
    for (const tag of ["DisplayName", "Description"]) expect(byParent.has(doc.getElementsByTagName(tag)[0])).toBe(true);
    // French text for the French areas, English by default.
    const refresh = strings.find((s) => s.getAttribute("id") === "RefreshButton.Label") as Element;
    expect(refresh.getAttribute("DefaultValue")).toBe("Refresh the dashboards");
    expect([...refresh.children].map((c) => c.getAttribute("Value"))).toEqual(FRENCH_LOCALES.map(() => "Actualiser les tableaux de bord"));
    // The functions metadata: functions.json by default, functions-fr.json for every French area.
    const meta = [...doc.getElementsByTagName("*")].find((e) => e.localName === "Url" && e.getAttribute("id") === "Functions.Metadata.Url") as Element;
    expect(meta.getAttribute("DefaultValue")).toBe(`${PROD}functions.json`);
    expect([...meta.children].map((c) => c.getAttribute("Value"))).toEqual(FRENCH_LOCALES.map(() => `${PROD}functions-fr.json`));
  });

  test("the manifest requires ExcelApi 1.9 (the highest set used without a check) and the shared runtime", () => {
    const sets = [...doc.getElementsByTagName("Set")].map((s) => `${s.getAttribute("Name")} ${s.getAttribute("MinVersion")}`);
    expect(sets).toEqual(["ExcelApi 1.9", "SharedRuntime 1.1"]);
  });

  test("the bundle registers the functions once, guarded: no bare CustomFunctions.associate", () => {
    const js = fs.readFileSync(path.join(DIST, "taskpane.js"), "utf8");
    expect(js).not.toMatch(/CustomFunctions\.associate\(/);
    expect(js).toContain("delayForCellEdit");
  });

  describe("the bundle in a page", () => {
    const associated: string[] = [];
    const ribbon: string[] = [];
    let errors: unknown[] = [];
    const run = () => {
      errors = [];
      const onError = (e: ErrorEvent) => errors.push(e.error ?? e.message);
      window.addEventListener("error", onError);
      // As the page loads it: a <script> in this document (jest's jsdom runs scripts).
      const script = document.createElement("script");
      script.textContent = fs.readFileSync(path.join(DIST, "taskpane.js"), "utf8");
      document.body.appendChild(script);
      window.removeEventListener("error", onError);
    };

    beforeAll(() => {
      document.body.innerHTML = '<div id="container"></div>';
      (globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
        observe(): void {}
        unobserve(): void {}
        disconnect(): void {}
      };
      // Office.js of an Excel without custom functions: commands and requirements, no CustomFunctions.
      (globalThis as Record<string, unknown>).Office = {
        onReady: (cb?: (i: unknown) => void) => Promise.resolve({ host: "Excel" }).then((i) => (cb?.(i), i)),
        actions: { associate: (id: string) => ribbon.push(id) },
        addin: { showAsTaskpane: () => Promise.resolve() },
        context: { requirements: { isSetSupported: () => true }, document: { url: "" }, displayLanguage: "fr-FR" },
        HostType: { Excel: "Excel" },
      };
      (globalThis as Record<string, unknown>).Excel = { run: () => Promise.reject(Object.assign(new Error("pas d'Excel ici"), { code: "GeneralException" })) };
    });

    test("without CustomFunctions: no error, the ribbon command is associated and the pane shows", async () => {
      delete (globalThis as Record<string, unknown>).CustomFunctions;
      run();
      await new Promise((r) => setTimeout(r, 300));
      expect(errors).toEqual([]);
      expect(ribbon).toEqual(["refreshDashboards"]);
      expect(document.body.textContent).toContain("Suivi du SPASER");
    });

    test("with CustomFunctions: every function id is associated exactly once", async () => {
      (globalThis as Record<string, unknown>).CustomFunctions = { associate: (id: string) => associated.push(id) };
      run();
      await new Promise((r) => setTimeout(r, 100));
      expect(errors).toEqual([]);
      expect([...associated].sort()).toEqual(["CONTRACTS", "DENOMINATOR", "INDICATOR", "LEVERS", "NUMERATOR", "RATE", "SCORE", "STATUS", "TARGET", "YEARS"]);
    });
  });
});
