#!/usr/bin/env node
"use strict";

/**
 * `npm run methodologie`: writes docs/methodologie.md, the methodology of the built-in referential
 * with the default parameters, from the compiled lib/ (`npm run methodologie` compiles it first;
 * `npm ci` compiles it too). `--check` writes nothing and exits with status 1 when the document
 * is stale (test/docs/methodology.test.ts checks the same in `npm test`).
 */
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const LIB = path.join(ROOT, "lib", "indicators", "methodology.js");
const DOC = path.join(ROOT, "docs", "methodologie.md");

function main(argv) {
  if (!fs.existsSync(LIB)) {
    process.stderr.write(`methodologie : ${path.relative(process.cwd(), LIB)} est introuvable : compilez avec « npm run build:cli ».\n`);
    return 1;
  }
  const text = require(LIB).defaultMethodology();
  const rel = path.relative(process.cwd(), DOC);
  if (argv.includes("--check")) {
    const current = fs.existsSync(DOC) ? fs.readFileSync(DOC, "utf8").replace(/\r\n/g, "\n") : null;
    if (current === text) {
      process.stdout.write(`${rel} est à jour.\n`);
      return 0;
    }
    process.stderr.write(`${rel} n'est plus à jour : lancez « npm run methodologie » et validez le fichier.\n`);
    return 1;
  }
  fs.mkdirSync(path.dirname(DOC), { recursive: true });
  fs.writeFileSync(DOC, text, "utf8");
  process.stdout.write(`${rel} écrit (${text.split("\n").length} lignes).\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
