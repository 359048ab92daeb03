/**
 * @jest-environment jsdom
 *
 * The manifest as written (the build only rewrites its addresses, test/build/build.test.ts checks
 * the built one): languages and requirement sets.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const FRENCH_LOCALES = ["fr-FR", "fr-BE", "fr-CA", "fr-CH", "fr-LU"];
const xml = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");
const doc = new DOMParser().parseFromString(xml, "application/xml");
const all = () => [...doc.getElementsByTagName("*")];

describe("manifest.xml", () => {
  test("is well-formed XML", () => {
    expect(doc.getElementsByTagName("parsererror")).toHaveLength(0);
  });

  test("default locale en-US, never overridden; every French area has its override on every localized resource", () => {
    expect(doc.getElementsByTagName("DefaultLocale")[0].textContent).toBe("en-US");
    const overrides = all().filter((e) => e.localName === "Override");
    // Custom functions localization: no override for the default locale.
    expect(overrides.filter((o) => /^en/i.test(o.getAttribute("Locale") ?? ""))).toEqual([]);
    const parents = new Set(overrides.map((o) => o.parentElement as Element));
    for (const p of parents) {
      const locales = [...p.children].filter((c) => c.localName === "Override").map((c) => c.getAttribute("Locale"));
      expect({ resource: p.getAttribute("id") ?? p.localName, locales }).toEqual({ resource: p.getAttribute("id") ?? p.localName, locales: FRENCH_LOCALES });
    }
    const localized = [...parents].map((p) => p.getAttribute("id") ?? p.localName).sort();
    expect(localized).toEqual(
      [
        "Description",
        "DisplayName",
        "Functions.Metadata.Url",
        "GetStarted.Description",
        "GetStarted.Title",
        "Group.Label",
        "RefreshButton.Label",
        "RefreshButton.Tooltip",
        "Taskpane.Title",
        "TaskpaneButton.Label",
        "TaskpaneButton.Tooltip",
      ].sort(),
    );
  });

  test("French Excel gets functions-fr.json (=SPASER.TAUX…), every other one functions.json", () => {
    const meta = all().find((e) => e.localName === "Url" && e.getAttribute("id") === "Functions.Metadata.Url") as Element;
    expect(meta.getAttribute("DefaultValue")).toBe("https://localhost:3000/functions.json");
    expect([...meta.children].map((c) => c.getAttribute("Value"))).toEqual(FRENCH_LOCALES.map(() => "https://localhost:3000/functions-fr.json"));
    const ns = all().find((e) => e.localName === "String" && e.getAttribute("id") === "Functions.Namespace") as Element;
    expect(ns.getAttribute("DefaultValue")).toBe("SPASER");
  });

  test("requires ExcelApi 1.9 and the shared runtime; the custom functions runtime stays optional", () => {
    const sets = [...doc.getElementsByTagName("Set")].map((s) => [s.getAttribute("Name"), s.getAttribute("MinVersion")]);
    expect(sets).toEqual([
      ["ExcelApi", "1.9"],
      ["SharedRuntime", "1.1"],
    ]);
  });

  test("every batch of the adapter waits for a cell edit to end (delayForCellEdit)", () => {
    const run = fs.readFileSync(path.join(ROOT, "src/excel/run.ts"), "utf8");
    expect(run).toMatch(/RUN_OPTIONS[^=]*=\s*Object\.freeze\(\{ delayForCellEdit: true \}\)/);
    // No Excel.run without those options anywhere in the add-in's sources.
    const sources = ["src/excel", "src/commands", "src/taskpane", "src/functions"].flatMap((d) => fs.readdirSync(path.join(ROOT, d)).map((f) => path.join(ROOT, d, f)));
    for (const f of sources.filter((x) => /\.tsx?$/.test(x))) {
      const text = fs.readFileSync(f, "utf8");
      for (const m of text.matchAll(/Excel\.run\(([^,)]*)/g)) expect({ file: path.relative(ROOT, f), firstArgument: m[1] }).toEqual({ file: path.relative(ROOT, f), firstArgument: "options" });
      for (const m of text.matchAll(/(?:this\.run|await run)\(([^,)]*)/g)) expect({ file: path.relative(ROOT, f), firstArgument: m[1] }).toEqual({ file: path.relative(ROOT, f), firstArgument: "RUN_OPTIONS" });
    }
  });
});
