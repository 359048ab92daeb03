#!/usr/bin/env node
"use strict";
// Command `spaser` (compiled from src/cli by `npm run build:cli`, run by `npm ci` through `prepare`).
let main;
try {
  ({ main } = require("../lib/cli/main.js"));
} catch {
  process.stderr.write("spaser : programme non compilé : lancez « npm ci » (ou « npm run build:cli ») dans le dossier du projet\n");
  process.exit(2);
}
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    // Never a stack trace: a French message and exit 2 (details on demand with SPASER_DEBUG=1).
    process.stderr.write(`spaser : erreur inattendue : ${e && e.message ? e.message : String(e)}\n`);
    if (process.env.SPASER_DEBUG) process.stderr.write(`${e && e.stack}\n`);
    process.exitCode = 2;
  },
);
