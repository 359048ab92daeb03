#!/usr/bin/env node
"use strict";
 
/**
 * `npm run demo`: runs the `spaser` command line (lib/, compiled by `npm ci` or `npm run build:cli`)
 * on the example workbook, one step after the other, and stops at the first failing step with a
 * non-zero exit status.
 *
 * A step is a title and the arguments of `spaser`; add a step by adding a line to STEPS.
 */
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const EXAMPLE = path.join("examples", "registre-exemple.xlsx");
const CLI = path.join(ROOT, "lib", "cli", "main.js");

/** @type {{ title: string, argv: string[] }[]} */
const STEPS = [
  { title: "Indicateurs du SPASER", argv: ["indicators", EXAMPLE] },
  { title: "Tableaux de bord du SPASER (nouveau classeur)", argv: ["dashboards", EXAMPLE, "-o", path.join("out", "tableaux-de-bord-exemple.xlsx")] },
  { title: "Cotation CAD des marchés récurrents (au 01/10/2025)", argv: ["cotation", EXAMPLE, "--date", "01/10/2025", "-o", path.join("out", "cotation-cad-exemple.xlsx")] },
];

async function run(steps = STEPS, io) {
  if (!fs.existsSync(CLI)) {
    process.stderr.write(`demo : ${path.relative(process.cwd(), CLI)} est introuvable : compilez la ligne de commande avec « npm run build:cli ».\n`);
    return 1;
  }
  if (!fs.existsSync(path.join(ROOT, EXAMPLE))) {
    process.stdout.write(`Le classeur d'exemple ${EXAMPLE} est absent : construction…\n`);
    await require("./build-example.js").build();
  }
  fs.mkdirSync(path.join(ROOT, "out"), { recursive: true });
  const { main } = require(CLI);
  for (const [i, step] of steps.entries()) {
    process.stdout.write(`\n=== Étape ${i + 1}/${steps.length} — ${step.title} : spaser ${step.argv.join(" ")}\n\n`);
    let code;
    try {
      code = await main(step.argv, io);
    } catch (e) {
      process.stderr.write(`demo : l'étape « ${step.title} » a échoué : ${e && e.stack ? e.stack : e}\n`);
      return 1;
    }
    if (code !== 0) {
      process.stderr.write(`demo : l'étape « ${step.title} » s'est terminée avec le code ${code}.\n`);
      return code;
    }
  }
  process.stdout.write(`\nDémonstration terminée : ${steps.length} étape${steps.length > 1 ? "s" : ""} réussie${steps.length > 1 ? "s" : ""}.\n`);
  return 0;
}

module.exports = { run, STEPS };

if (require.main === module) {
  // The paths of the steps are relative to the project's root.
  process.chdir(ROOT);
  run().then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`demo : ${e && e.stack ? e.stack : e}\n`);
      process.exitCode = 1;
    },
  );
}
