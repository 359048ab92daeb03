#!/usr/bin/env node
"use strict";
// Command `spaser` (compiled from src/cli by `npm run build:cli`, which `npm ci` runs through `prepare`).
// Every failure ends with a French message on stderr and exit status 2, never a stack trace
// (set SPASER_DEBUG=1 to see one).
let cli;
let output;
try {
  cli = require("../lib/cli/main.js");
  output = require("../lib/cli/output.js");
} catch {
  process.stderr.write("spaser : programme non compilé : lancez « npm ci » (ou « npm run build:cli ») dans le dossier du projet\n");
  process.exit(2);
}

function fail(message, e) {
  output.removePendingFiles();
  process.stderr.write(`spaser : ${message}\n`);
  if (process.env.SPASER_DEBUG && e && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exit(2);
}

let settled = false;
// A reader that stops early (`spaser … | head`): the output it wanted was written; end quietly.
process.stdout.on("error", (e) => {
  if (e && e.code === "EPIPE") process.exit(0);
});
process.on("uncaughtException", (e) => fail(`erreur inattendue : ${e && e.message ? e.message : String(e)}`, e));
process.on("unhandledRejection", (e) => fail(`erreur inattendue : ${e && e.message ? e.message : String(e)}`, e));
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => fail("interrompu : aucun fichier n'a été écrit ou remplacé"));
// A read that never settles would let Node exit with status 0 and no output: say so instead.
process.on("beforeExit", () => {
  if (!settled) fail("la lecture du fichier ne s'est pas terminée : le fichier est probablement endommagé ou tronqué");
});

cli.main(process.argv.slice(2)).then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (e) => {
    settled = true;
    fail(`erreur inattendue : ${e && e.message ? e.message : String(e)}`, e);
  },
);
