#!/usr/bin/env node
"use strict";
 
/**
 * `npm run demo`: runs the `spaser` command line (lib/, compiled by `npm ci` or `npm run build:cli`)
 * on the three example workbooks, one step after the other, and stops at the first failing step
 * with a non-zero exit status. The city's register runs up to December 2026, so its default year is
 * 2026, the year the loi Climat alerts start; the hospital group's and the département's workbooks
 * bring their own plan and referential (sheets « Plan » and « Référentiel »), the département's
 * register its own columns.
 *
 * A step is a title and the arguments of `spaser`; add a step by adding a line to STEPS.
 */
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const EXAMPLE = path.join("examples", "registre-exemple.xlsx");
const GHT = path.join("examples", "spaser-ght.xlsx");
const DEPT = path.join("examples", "spaser-departement.xlsx");
const CLI = path.join(ROOT, "lib", "cli", "main.js");

/** @type {{ title: string, argv: string[] }[]} */
const STEPS = [
  { title: "Indicateurs du SPASER de la Ville et de la Métropole (2026, alertes loi Climat)", argv: ["indicators", EXAMPLE] },
  { title: "Tableaux de bord du SPASER (nouveau classeur)", argv: ["dashboards", EXAMPLE, "-o", path.join("out", "tableaux-de-bord-exemple.xlsx")] },
  { title: "Cotation CAD des marchés récurrents (au 02/11/2026, avant le CAD du 19/11/2026)", argv: ["cotation", EXAMPLE, "--date", "02/11/2026", "-o", path.join("out", "cotation-cad-exemple.xlsx")] },
  { title: "Rapport annuel 2026 du SPASER (page HTML à publier ou à imprimer en PDF)", argv: ["rapport", EXAMPLE, "-o", path.join("out", "rapport-annuel-exemple.html")] },
  { title: "Données essentielles 2026 au format DECP (action 15), vérifiées par le schéma officiel", argv: ["decp", EXAMPLE, "--year", "2026", "--date", "15/12/2026", "-o", path.join("out", "decp-exemple-2026.json")] },
  { title: "Second exemple : indicateurs du SPASER d'un GHT (plan et référentiel propres)", argv: ["indicators", GHT] },
  { title: "Second exemple : tableaux de bord du GHT", argv: ["dashboards", GHT, "-o", path.join("out", "tableaux-de-bord-ght.xlsx")] },
  { title: "Troisième exemple : indicateurs du SPASER d'un département (plan, référentiel et colonnes propres)", argv: ["indicators", DEPT] },
  { title: "Troisième exemple : tableaux de bord du Département", argv: ["dashboards", DEPT, "-o", path.join("out", "tableaux-de-bord-departement.xlsx")] },
  { title: "Troisième exemple : méthodologie du référentiel du Département (ses colonnes propres)", argv: ["methodologie", DEPT, "-o", path.join("out", "methodologie-departement.md")] },
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
  if (!fs.existsSync(path.join(ROOT, GHT))) {
    process.stdout.write(`Le classeur d'exemple ${GHT} est absent : construction…\n`);
    await require("./build-example-ght.js").build();
  }
  if (!fs.existsSync(path.join(ROOT, DEPT))) {
    process.stdout.write(`Le classeur d'exemple ${DEPT} est absent : construction…\n`);
    await require("./build-example-departement.js").build();
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
