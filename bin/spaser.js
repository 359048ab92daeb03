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

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
const INTERRUPTED = "interrompu : aucun fichier n'a été écrit ou remplacé";

function fail(message, e) {
  output.removePendingFiles();
  process.stderr.write(`spaser : ${message}\n`);
  if (process.env.SPASER_DEBUG && e && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exit(2);
}

/**
 * The command runs in a child process; this one only waits for it and answers signals. A
 * JavaScript signal handler runs only when the event loop is free: during a long synchronous
 * computation (a large register, a hostile sheet) Ctrl-C and SIGTERM would wait for its end. The
 * child keeps the default action of the signals (the system ends it at once, whatever it is
 * doing); this process, always idle, says so in French, removes the temporary file the child was
 * writing and ends with status 2.
 */
function supervise() {
  const { spawn } = require("child_process");
  const argv = process.argv.slice(2);
  const child = spawn(process.execPath, [...process.execArgv, __filename, ...argv], { stdio: "inherit", env: { ...process.env, SPASER_COMMAND_PROCESS: "1" } });
  let interrupted = false;
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      interrupted = true;
      // Default action in the child: it ends now, even in the middle of a computation.
      child.kill(signal);
    });
  }
  child.on("error", (e) => fail(`erreur inattendue : ${e && e.message ? e.message : String(e)}`, e));
  child.on("exit", (code, signal) => {
    if (signal || interrupted) {
      removeTemporaryFiles(argv, child.pid);
      // A signal sent by the system (memory exhausted) rather than the user: said as such.
      fail(interrupted || SIGNALS.includes(signal) ? INTERRUPTED : `arrêt anormal du programme (signal ${signal}, mémoire insuffisante ?) : aucun fichier n'a été écrit ou remplacé`);
    }
    process.exit(code);
  });
}

/** The temporary files a command ended by a signal was writing (src/cli/output.ts, writeOutput: `.NAME.PID.*.tmp` beside the output). */
function removeTemporaryFiles(argv, pid) {
  try {
    const args = cli.parseArgs(argv);
    if (!args.output) return;
    const fs = require("fs");
    const path = require("path");
    const dir = path.dirname(args.output);
    const prefix = `.${path.basename(args.output)}.${pid}.`;
    for (const f of fs.readdirSync(dir)) if (f.startsWith(prefix) && f.endsWith(".tmp")) fs.rmSync(path.join(dir, f), { force: true });
  } catch {
    // nothing more can be done here
  }
}

/** The command itself (in the child process, or in this one when it is loaded by another script). */
function run(supervised) {
  let settled = false;
  // A reader that stops early (`spaser … | head`): the output it wanted was written; end quietly.
  process.stdout.on("error", (e) => {
    if (e && e.code === "EPIPE") process.exit(0);
  });
  process.on("uncaughtException", (e) => fail(`erreur inattendue : ${e && e.message ? e.message : String(e)}`, e));
  process.on("unhandledRejection", (e) => fail(`erreur inattendue : ${e && e.message ? e.message : String(e)}`, e));
  // Supervised, the signals keep their default action (see supervise).
  if (!supervised) for (const signal of SIGNALS) process.on(signal, () => fail(INTERRUPTED));
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
}

const supervised = process.env.SPASER_COMMAND_PROCESS === "1";
// Loaded by another script (the bench measures the command in its own process): run here.
if (require.main !== module || supervised) run(supervised);
else supervise();
