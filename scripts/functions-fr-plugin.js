/**
 * Webpack 5 plugin: once custom-functions-metadata-plugin has emitted functions.json, emits
 * functions-fr.json from it — same ids, parameters, types and options — with the French names and
 * descriptions of src/functions/names.json. The manifest points a French Excel to that file with
 * <bt:Override Locale="fr-FR" Value=".../functions-fr.json"/> on the metadata URL.
 *
 *   new FunctionsFrPlugin()                       // functions.json -> functions-fr.json
 *   new FunctionsFrPlugin({ input, output, names }) // other asset names, another table
 *
 * A function or parameter missing from the table fails the build, so the two files never drift.
 */
const fs = require("fs");
const path = require("path");

const PLUGIN = "FunctionsFrPlugin";
const NAMES = path.join(__dirname, "..", "src", "functions", "names.json");

function readNames(file = NAMES) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/**
 * The French metadata for a functions.json object (not modified). Throws when the table lacks a
 * function or a parameter of the metadata, or names one the metadata does not declare.
 */
function frenchMetadata(functionsJson, names = readNames()) {
  const problems = [];
  const declared = new Set();
  const functions = functionsJson.functions.map((f) => {
    declared.add(f.id);
    const fr = names[f.id];
    if (!fr) {
      problems.push(`function ${f.id}: no French name in names.json`);
      return f;
    }
    const params = f.parameters || [];
    for (const p of Object.keys(fr.parameters || {})) {
      if (!params.some((q) => q.name === p)) problems.push(`function ${f.id}: names.json describes parameter "${p}", which the function does not have`);
    }
    return {
      ...f,
      name: fr.name,
      description: fr.description,
      parameters: params.map((p) => {
        const fp = (fr.parameters || {})[p.name];
        if (!fp) {
          problems.push(`function ${f.id}: parameter "${p.name}" has no French name in names.json`);
          return p;
        }
        return { ...p, name: fp.name, description: fp.description };
      }),
    };
  });
  for (const id of Object.keys(names)) if (!declared.has(id)) problems.push(`names.json names function ${id}, which functions.json does not declare`);
  if (problems.length) throw new Error(`${PLUGIN}: ${problems.join("; ")}`);
  return { ...functionsJson, functions };
}

class FunctionsFrPlugin {
  constructor(options = {}) {
    this.input = options.input || "functions.json";
    this.output = options.output || "functions-fr.json";
    this.names = options.names || NAMES;
  }

  apply(compiler) {
    const { Compilation, sources, WebpackError } = compiler.webpack;
    compiler.hooks.thisCompilation.tap(PLUGIN, (compilation) => {
      // Rebuild when the table changes (dev server).
      compilation.fileDependencies.add(this.names);
      compilation.hooks.processAssets.tap({ name: PLUGIN, stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONS }, () => {
        const asset = compilation.getAsset(this.input);
        if (!asset) {
          // custom-functions-metadata-plugin reports its own errors; otherwise the setup is wrong.
          if (compilation.errors.length === 0) compilation.errors.push(new WebpackError(`${PLUGIN}: ${this.input} was not emitted (is custom-functions-metadata-plugin configured with output "${this.input}"?)`));
          return;
        }
        try {
          const english = JSON.parse(asset.source.source().toString());
          const french = frenchMetadata(english, readNames(this.names));
          compilation.emitAsset(this.output, new sources.RawSource(JSON.stringify(french, null, 4)));
        } catch (e) {
          compilation.errors.push(new WebpackError(e instanceof Error ? e.message : String(e)));
        }
      });
    });
  }
}

module.exports = FunctionsFrPlugin;
module.exports.FunctionsFrPlugin = FunctionsFrPlugin;
module.exports.frenchMetadata = frenchMetadata;
module.exports.readNames = readNames;
