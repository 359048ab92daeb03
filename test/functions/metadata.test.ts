/**
 * The metadata Excel reads: functions.json (English, the manifest's default locale) generated from
 * the JSDoc of functions.ts, functions-fr.json (every French locale) made from it with the table of
 * src/functions/names.json, both by scripts/functions-metadata-plugin.js.
 */
import fs from "fs";
import os from "os";
import path from "path";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata";
import { FRENCH_NAMES, FUNCTION_IDS } from "../../src/functions/names";

 
const plugin = require("../../scripts/functions-metadata-plugin.js") as {
  frenchMetadata(json: Metadata, names?: unknown): Metadata;
  new (options: { input: string; output?: string; french?: string; names?: string }): { apply(compiler: unknown): void };
};

interface Parameter {
  name: string;
  description?: string;
  type: string;
  optional?: boolean;
  dimensionality?: string;
}
interface Fn {
  id: string;
  name: string;
  description?: string;
  parameters: Parameter[];
  result?: unknown;
  options?: unknown;
}
interface Metadata {
  functions: Fn[];
}

const SOURCE = path.resolve(__dirname, "../../src/functions/functions.ts");
const FRENCH = /[éèêàâùûçôî«»]|\b(de|du|des|la|le|les|un|une|l'|d')\b/i;
/** English words of the descriptions (none of them French): "the", "of", "for", "from", "year"… */
const ENGLISH = /\b(the|of|for|from|given|year|contracts?|number|amount)\b/i;

let english: Metadata;
beforeAll(async () => {
  const r = await generateCustomFunctionsMetadata(SOURCE, false);
  expect(r.errors).toEqual([]);
  english = JSON.parse(r.metadataJson) as Metadata;
}, 60_000);

describe("functions.json (from the JSDoc)", () => {
  test("declares the ten functions under their English ids, all streaming", () => {
    expect(english.functions.map((f) => f.id)).toEqual(["RATE", "INDICATOR", "NUMERATOR", "DENOMINATOR", "CONTRACTS", "TARGET", "STATUS", "YEARS", "LEVERS", "SCORE"]);
    expect(english.functions.map((f) => f.name)).toEqual(english.functions.map((f) => f.id));
    for (const f of english.functions) expect({ id: f.id, options: f.options }).toEqual({ id: f.id, options: { stream: true } });
  });

  test("parameters: names, types and which are optional", () => {
    const sig = (f: Fn) => `${f.id}(${f.parameters.map((p) => (p.optional ? `[${p.name}:${p.type}]` : `${p.name}:${p.type}`)).join(", ")})`;
    expect(english.functions.map(sig)).toEqual([
      // The entity comes last: formulas written before the entity existed keep their meaning.
      "RATE(action:number, [year:number], [n:number], [entity:string])",
      "INDICATOR(id:string, [year:number], [entity:string])",
      "NUMERATOR(id:string, [year:number], [entity:string])",
      "DENOMINATOR(id:string, [year:number], [entity:string])",
      "CONTRACTS(id:string, [role:string], [year:number], [entity:string])",
      "TARGET(id:string, [step:number])",
      "STATUS(id:string, [year:number], [entity:string])",
      "YEARS([entity:string])",
      "LEVERS(amount:number, procedure:string, duration:number, [nature:string], [object:string])",
      "SCORE(amount:number, procedure:string, duration:number, [nature:string], [object:string], [ess:string], [reuse:string], [carbon:string], [support:string])",
    ]);
  });

  test("YEARS returns a column (matrix of numbers), CONTRACTS a column of texts: both spill down", () => {
    expect(english.functions.find((f) => f.id === "YEARS")!.result).toEqual({ dimensionality: "matrix", type: "number" });
    expect(english.functions.find((f) => f.id === "CONTRACTS")!.result).toEqual({ dimensionality: "matrix", type: "string" });
  });

  test("the LEVERS example is what the function answers for the case it names", () => {
    // « 50,000 euros, open call for tenders, 6 months »: see test/functions/cotation.test.ts for the levers by hand.
    const { leversOf } = require("../../src/functions/cotation") as typeof import("../../src/functions/cotation");
    const example = /"([\d; ]+)"/.exec(english.functions.find((f) => f.id === "LEVERS")!.description ?? "")?.[1];
    expect(leversOf(null, 50_000, "AOO", 6)).toEqual({ value: example });
    expect(FRENCH_NAMES.LEVERS.description).toContain(`« ${example} » pour 50 000 € HT en appel d'offres ouvert sur 6 mois`);
  });

  test("SCORE's fourth question is the one of the cotation questionnaire; nature lists Concession", () => {
    const { QUESTIONS } = require("../../src/indicators/cotation") as typeof import("../../src/indicators/cotation");
    expect(QUESTIONS[3].label).toBe("Direction volontaire et moyens disponibles pour l'accompagner ?");
    expect(FRENCH_NAMES.SCORE.parameters.support.description).toBe("Direction volontaire et moyens disponibles pour l'accompagner : oui ou non.");
    expect(JSON.stringify(FRENCH_NAMES)).not.toMatch(/déjà.clausé/);
    for (const id of ["LEVERS", "SCORE"] as const) {
      expect(FRENCH_NAMES[id].parameters.nature.description).toMatch(/ou Concession\.$/);
      expect(english.functions.find((f) => f.id === id)!.parameters.find((p) => p.name === "nature")!.description).toMatch(/or Concession\.$/);
    }
  });

  test("every function and parameter is described in English in the JSDoc, and has its French entry in names.json", () => {
    for (const f of english.functions) {
      const fr = FRENCH_NAMES[f.id as keyof typeof FRENCH_NAMES];
      expect(fr).toBeDefined();
      expect({ id: f.id, english: ENGLISH.test(f.description ?? "") }).toEqual({ id: f.id, english: true });
      expect(f.description).not.toBe(fr.description);
      expect(Object.keys(fr.parameters)).toEqual(f.parameters.map((p) => p.name));
      for (const p of f.parameters) {
        expect({ id: f.id, parameter: p.name, described: (p.description ?? "").length > 10 }).toEqual({ id: f.id, parameter: p.name, described: true });
        expect(p.description).not.toBe(fr.parameters[p.name].description);
      }
    }
    expect([...FUNCTION_IDS].sort()).toEqual(english.functions.map((f) => f.id).sort());
  });
});

describe("functions-fr.json (frenchMetadata)", () => {
  test("same ids, parameters, types, options and results; French names", () => {
    const french = plugin.frenchMetadata(english);
    expect(french.functions.map((f) => f.id)).toEqual(english.functions.map((f) => f.id));
    expect(french.functions.map((f) => f.name)).toEqual(["TAUX", "INDICATEUR", "NUMERATEUR", "DENOMINATEUR", "CONTRATS", "CIBLE", "STATUT", "ANNEES", "LEVIERS", "POTENTIEL"]);
    const shape = (m: Metadata) =>
      m.functions.map((f) => ({ id: f.id, options: f.options, result: f.result, parameters: f.parameters.map((p) => ({ type: p.type, optional: p.optional, dimensionality: p.dimensionality })) }));
    expect(shape(french)).toEqual(shape(english));
    expect(french.functions.find((f) => f.id === "RATE")!.parameters.map((p) => p.name)).toEqual(["action", "année", "rang", "entité"]);
    expect(french.functions.find((f) => f.id === "CONTRACTS")!.parameters.map((p) => p.name)).toEqual(["identifiant", "rôle", "année", "entité"]);
    expect(french.functions.find((f) => f.id === "TARGET")!.parameters.map((p) => p.name)).toEqual(["identifiant", "étape"]);
  });

  test("every function and parameter has a French description", () => {
    const french = plugin.frenchMetadata(english);
    for (const f of french.functions) {
      expect(f.description).toMatch(FRENCH);
      for (const p of f.parameters) expect({ fn: f.id, p: p.name, ok: FRENCH.test(p.description ?? "") }).toEqual({ fn: f.id, p: p.name, ok: true });
    }
  });

  test("the input is not modified", () => {
    const before = JSON.stringify(english);
    plugin.frenchMetadata(english);
    expect(JSON.stringify(english)).toBe(before);
  });

  test("a function or parameter missing from the table fails, so the files cannot drift", () => {
    const withNew: Metadata = { functions: [...english.functions, { id: "TREND", name: "TREND", parameters: [{ name: "id", type: "string" }] }] };
    expect(() => plugin.frenchMetadata(withNew)).toThrow(/TREND: no French name/);
    const extraParam: Metadata = { functions: english.functions.map((f) => (f.id === "YEARS" ? { ...f, parameters: [{ name: "from", type: "number" }] } : f)) };
    expect(() => plugin.frenchMetadata(extraParam)).toThrow(/YEARS: parameter "from" has no French name/);
    const fewer: Metadata = { functions: english.functions.filter((f) => f.id !== "STATUS") };
    expect(() => plugin.frenchMetadata(fewer)).toThrow(/names function STATUS, which functions.json does not declare/);
  });
});

describe("the webpack build", () => {
  test("emits functions.json and functions-fr.json side by side, in English and in French", async () => {
    const webpack = require("webpack") as typeof import("webpack");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spaser-functions-"));
    try {
      const entry = path.join(dir, "entry.js");
      fs.writeFileSync(entry, "module.exports = 1;\n");
      const compiler = webpack({
        mode: "development",
        devtool: false,
        context: dir,
        entry,
        output: { path: path.join(dir, "dist"), filename: "main.js" },
        plugins: [new plugin({ input: SOURCE })],
      });
      const stats = await new Promise<import("webpack").Stats>((resolve, reject) => compiler.run((err, s) => (err || !s ? reject(err) : resolve(s))));
      await new Promise((r) => compiler.close(r));
      expect(stats.compilation.errors.map((e) => e.message)).toEqual([]);
      const en = JSON.parse(fs.readFileSync(path.join(dir, "dist", "functions.json"), "utf8")) as Metadata;
      const fr = JSON.parse(fs.readFileSync(path.join(dir, "dist", "functions-fr.json"), "utf8")) as Metadata;
      expect(fr.functions.map((f) => f.id)).toEqual(en.functions.map((f) => f.id));
      expect(fr.functions.map((f) => f.parameters.length)).toEqual(en.functions.map((f) => f.parameters.length));
      expect(fr.functions.map((f) => f.name)).toEqual(["TAUX", "INDICATEUR", "NUMERATEUR", "DENOMINATEUR", "CONTRATS", "CIBLE", "STATUT", "ANNEES", "LEVIERS", "POTENTIEL"]);
      expect(fr).toEqual(plugin.frenchMetadata(en));
      expect(en.functions.map((f) => f.name)).toEqual(en.functions.map((f) => f.id));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
