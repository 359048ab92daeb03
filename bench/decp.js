"use strict";
/**
 * `npm run bench`, section « DECP » (SPEC §11): `spaser decp` on a register of N contracts (the
 * 50 columns of the benchmark register, plus the columns the DECP format requires), written as a
 * CSV; then the DECP JSON file it wrote (N records) read back by `spaser indicators --json`. Each
 * command runs in its own process (wall time, CPU time, peak memory); the phases of `spaser decp`
 * are also measured in process: reading the register, mapping to DECP records, checking every
 * record against the official schema, writing the file. Prints its figures and asserts nothing.
 *
 *   node bench/decp.js [--contracts 100000] [--keep]
 */
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const LIB = path.join(ROOT, "lib");
const CLI = path.join(ROOT, "bin", "spaser.js");

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const cpuMs = (c0) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const mb = (bytes) => bytes / 1024 / 1024;
const fmt = (x, d = 0) => x.toLocaleString("fr-FR", { minimumFractionDigits: d, maximumFractionDigits: d });

/** A fictitious SIRET for a name (FNV-1a), the same for the same name. */
function siret(name) {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return String(10_000_000_000_000 + ((h >>> 0) % 89_999_999) * 100_003).slice(0, 14);
}

const PUBLICATION = ["SIRET acheteur", "SIRET titulaire", "Code du lieu d'exécution", "Type de code du lieu d'exécution", "CCAG", "Forme du prix", "Types de prix", "Modalités d'exécution", "Marché innovant", "Groupement d'opérateurs", "Sous-traitance déclarée", "Type de contrat"];
const CCAG = { Travaux: "Travaux", Fournitures: "Fournitures courantes et services", Services: "Fournitures courantes et services", "Maîtrise d'œuvre": "Maîtrise d'œuvre" };

/** Writes the benchmark register of `n` contracts, with the publication columns, as a `;` CSV. */
function writeRegisterCsv(file, n) {
  const { buildRows } = require("./run");
  const rows = buildRows(n, 5);
  const header = rows[0];
  const at = (h) => header.indexOf(h);
  const [entite, nature, titulaire, revision] = ["Entité", "Nature", "Titulaire", "Révision des prix"].map(at);
  const dates = new Set(["Date de notification", "Date de cotation"].map(at));
  const EPOCH = Date.UTC(1899, 11, 30);
  const cell = (v, c) => {
    if (v === null || v === undefined) return "";
    if (dates.has(c) && typeof v === "number") {
      const d = new Date(EPOCH + v * 86_400_000);
      return `${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${d.getUTCFullYear()}`;
    }
    const s = String(v);
    return /[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const fd = fs.openSync(file, "w");
  let buf = [...header, ...PUBLICATION].map(cell).join(";") + "\n";
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i];
    const extra = [
      r[entite] === "Ville" ? "21990000100017" : "20000000200019",
      siret(r[titulaire]),
      r[entite] === "Ville" ? "69123" : "69",
      r[entite] === "Ville" ? "Code commune" : "Code département",
      CCAG[r[nature]],
      r[nature] === "Travaux" ? "Forfaitaire" : "Unitaire",
      r[revision] === "oui" ? "Définitif révisable" : "Définitif ferme",
      "Sans objet",
      "non",
      "Pas de groupement",
      "non",
      "",
    ];
    buf += [...r.map(cell), ...extra.map(cell)].join(";") + "\n";
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = "";
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

/** Child: `spaser ARGS` in this process, stdout discarded; its figures written to SPASER_BENCH_OUT at exit. */
function childCli(args) {
  const out = process.env.SPASER_BENCH_OUT;
  const c0 = process.cpuUsage();
  process.on("exit", (code) => fs.writeFileSync(out, JSON.stringify({ code, cpu: cpuMs(c0), peakRss: process.resourceUsage().maxRSS * 1024 })));
  process.stdout.write = () => true;
  process.argv = [process.argv[0], CLI, ...args];
  require(CLI);
}

/** `spaser ARGS` in a child process: wall time, CPU time, peak memory. */
function cli(args) {
  const out = path.join(os.tmpdir(), `spaser-bench-decp-${process.pid}-${Date.now()}.json`);
  const t0 = process.hrtime.bigint();
  const p = spawnSync(process.execPath, [__filename, "--child", "cli", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, SPASER_BENCH_OUT: out } });
  const wall = ms(t0);
  try {
    const r = JSON.parse(fs.readFileSync(out, "utf8"));
    if (r.code !== 0) throw new Error(`spaser ${args.join(" ")} : code ${r.code}\n${p.stderr}`);
    return { wall, ...r };
  } finally {
    fs.rmSync(out, { force: true });
  }
}

/** Child: the phases of `spaser decp`, in process. Prints one JSON line. */
async function childPhases(file) {
  const { loadRegisterFile } = require(path.join(LIB, "files", "read-file.js"));
  const { decpExport } = require(path.join(LIB, "decp", "write.js"));
  const { recordErrors, documentErrors } = require(path.join(LIB, "decp", "validate.js"));
  let t = process.hrtime.bigint();
  const { register } = await loadRegisterFile(file);
  const read = ms(t);
  t = process.hrtime.bigint();
  const exp = decpExport(register, { publicationDate: { y: 2026, m: 12, d: 15, serial: 0 } });
  const map = ms(t);
  t = process.hrtime.bigint();
  let invalid = 0;
  for (const r of exp.document.marches.marche) if (recordErrors(r, false).length) invalid++;
  const validate = ms(t);
  t = process.hrtime.bigint();
  const whole = documentErrors(exp.document).length;
  const validateWhole = ms(t);
  t = process.hrtime.bigint();
  const text = JSON.stringify(exp.document);
  const stringify = ms(t);
  process.stdout.write(JSON.stringify({ read, map, validate, validateWhole, stringify, invalid, whole, written: exp.document.marches.marche.length, leftOut: exp.leftOut.length, bytes: text.length, peakRss: process.resourceUsage().maxRSS * 1024 }) + "\n");
}

/** The section of `npm run bench`. */
function decpReport(n = 100_000, keep = false) {
  console.log(`\nDECP : « spaser decp » sur un registre CSV de ${fmt(n)} contrats (62 colonnes), puis lecture du fichier DECP écrit (« spaser indicators --json »)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spaser-bench-decp-"));
  try {
    const csv = path.join(dir, `registre-${n}.csv`);
    let t0 = process.hrtime.bigint();
    writeRegisterCsv(csv, n);
    console.log(`   Écriture du registre : ${fmt(ms(t0))} ms, ${fmt(mb(fs.statSync(csv).size), 1)} Mo`);
    const json = path.join(dir, `decp-${n}.json`);
    const w = cli(["decp", csv, "--date", "15/12/2026", "-o", json]);
    console.log(`   spaser decp : ${fmt(w.wall)} ms, CPU ${fmt(w.cpu)} ms, RSS max ${fmt(mb(w.peakRss))} Mo ; fichier DECP de ${fmt(mb(fs.statSync(json).size), 1)} Mo`);
    t0 = process.hrtime.bigint();
    const ph = JSON.parse(spawnSync(process.execPath, [__filename, "--child", "phases", csv], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 24 }).stdout.trim());
    console.log(
      `   En processus : lecture du registre ${fmt(ph.read)} ms, enregistrements DECP ${fmt(ph.map)} ms, vérification de chaque enregistrement par le schéma (Ajv) ${fmt(ph.validate)} ms` +
        ` (du document entier : ${fmt(ph.validateWhole)} ms), JSON ${fmt(ph.stringify)} ms ; ${fmt(ph.written)} écrits, ${fmt(ph.leftOut)} laissés de côté, ${ph.invalid} refusés par le schéma`,
    );
    const r = cli(["indicators", json, "--json"]);
    console.log(`   spaser indicators sur le fichier DECP (${fmt(ph.written)} enregistrements) : ${fmt(r.wall)} ms, CPU ${fmt(r.cpu)} ms, RSS max ${fmt(mb(r.peakRss))} Mo`);
  } finally {
    if (keep) console.log(`   Fichiers conservés dans ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { decpReport, writeRegisterCsv };

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv[0] === "--child" && argv[1] === "cli") childCli(argv.slice(2));
  else if (argv[0] === "--child" && argv[1] === "phases")
    childPhases(argv[2]).catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
  else {
    const i = argv.indexOf("--contracts");
    decpReport(i >= 0 ? Number(argv[i + 1]) : 100_000, argv.includes("--keep"));
  }
}
