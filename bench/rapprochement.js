#!/usr/bin/env node
"use strict";
/**
 * `npm run bench`, section « Rapprochement »: `spaser rapprochement REGISTRE.csv DECP.json` on
 * 100,000 contracts (compiled code, lib/). The register (a CSV of 14 columns) and the DECP 2024 JSON
 * of what was "published" are generated, never kept: every contract published except 1 %, 1 % of
 * records published and absent from the register, and 1 % each of a changed amount, date, procedure
 * and social consideration; 5 % of the ids published with the year in front and 5 % with the lot at
 * the end (matched by the looser rules), 20 % of the records with two holders. Reported: the command
 * (text, then --json) in its own process — wall time, CPU, peak memory — and, in another, its
 * phases: reading the register, reading the DECP file, the comparison itself. Asserts nothing;
 * the differences found are checked against those made (a wrong count is said).
 *
 *   node bench/rapprochement.js [--size 100000] [--runs 3] [--keep]
 */
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const LIB = path.join(ROOT, "lib");
const RUN = path.join(__dirname, "run.js");

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OBJETS = ["Entretien des espaces verts", "Restauration scolaire", "Fournitures de bureau", "Nettoyage des locaux", "Travaux de voirie", "Maintenance du chauffage", "Vêtements de travail", "Transport en autocar"];
/** [register's words, DECP's words] */
const PROCEDURES = [
  ["MAPA", "Procédure adaptée"],
  ["MAPA", "Procédure adaptée"],
  ["AOO", "Appel d'offres ouvert"],
  ["Appel d'offres restreint", "Appel d'offres restreint"],
  ["PN", "Procédure avec négociation"],
  ["Sans publicité ni mise en concurrence", "Marché passé sans publicité ni mise en concurrence préalable"],
];
const SIRET = { Ville: "21690123100011", Métropole: "24690002100014" };
const HEADER = ["N° marché", "Objet", "Entité", "Montant HT", "Date de notification", "Procédure", "N° lot", "Clause d'insertion", "Clause sociale (hors insertion)", "Critère social (hors insertion)", "Marché réservé", "Critère environnemental", "Clause environnementale", "Titulaire"];

/**
 * Writes the register (CSV) and its DECP (JSON), streamed; returns the differences made, by kind.
 */
function writeFiles(dir, n, seed = 7) {
  const rnd = mulberry32(seed);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const csv = path.join(dir, `registre-${n}.csv`);
  const json = path.join(dir, `decp-${n}.json`);
  const fc = fs.openSync(csv, "w");
  const fj = fs.openSync(json, "w");
  let bc = HEADER.join(";") + "\n";
  let bj = '{"marches":{"marche":[';
  let first = true;
  const made = { missingFromDecp: 0, missingFromRegister: 0, montant: 0, dateNotification: 0, procedure: 0, considerationsSociales: 0, annee: 0, lot: 0 };
  const flush = (force) => {
    if (force || bc.length > 1 << 20) {
      fs.writeSync(fc, bc);
      bc = "";
    }
    if (force || bj.length > 1 << 20) {
      fs.writeSync(fj, bj);
      bj = "";
    }
  };
  const publish = (rec) => {
    bj += (first ? "" : ",") + JSON.stringify(rec);
    first = false;
  };
  for (let i = 0; i < n; i++) {
    const y = 2023 + Math.floor(rnd() * 3);
    const m = 1 + Math.floor(rnd() * 12);
    const d = 1 + Math.floor(rnd() * 28);
    const entite = rnd() < 0.55 ? "Ville" : "Métropole";
    // Every contract at or above 40 000 € HT: its absence from the DECP is a difference.
    const montant = Math.round((40_000 + Math.exp(rnd() * 14)) * 100) / 100;
    const [procR, procD] = pick(PROCEDURES);
    const lot = rnd() < 0.3 ? String(1 + Math.floor(rnd() * 6)) : "";
    const id = `${entite === "Ville" ? "V" : "M"}${String(y).slice(2)}-${String(i + 1).padStart(6, "0")}`;
    const yn = (p) => (rnd() < p ? "oui" : "non");
    const ins = yn(0.2);
    const cs = yn(0.1);
    const cr = yn(0.05);
    const res = rnd() < 0.05 ? "ESAT" : "non";
    const ce = yn(0.35);
    const cl = yn(0.45);
    const titulaire = `Entreprise ${Math.floor(rnd() * 20000)}`;
    bc += [id, pick(OBJETS), entite, String(montant).replace(".", ","), `${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y}`, procR, lot, ins, cs, cr, res, ce, cl, titulaire].join(";") + "\n";

    const r = rnd();
    if (r < 0.01) {
      made.missingFromDecp++;
      flush(false);
      continue;
    }
    const social = [];
    if (ins === "oui" || cs === "oui") social.push("Clause sociale");
    if (cr === "oui") social.push("Critère social");
    if (res !== "non") social.push("Marché réservé");
    const env = [];
    if (cl === "oui") env.push("Clause environnementale");
    if (ce === "oui") env.push("Critère environnemental");
    const rec = {
      id,
      acheteur: { id: SIRET[entite] },
      nature: "Marché",
      objet: "Objet publié",
      procedure: procD,
      dateNotification: `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`,
      montant,
      titulaires: [{ titulaire: { typeIdentifiant: "SIRET", id: titulaire } }],
      considerationsSociales: { considerationSociale: social.length ? social : ["Pas de considération sociale"] },
      considerationsEnvironnementales: { considerationEnvironnementale: env.length ? env : ["Pas de considération environnementale"] },
    };
    if (rnd() < 0.2) rec.titulaires.push({ titulaire: { typeIdentifiant: "SIRET", id: `${titulaire} bis` } });
    const idForm = rnd();
    if (idForm < 0.05) {
      rec.id = `${y}${id.replace(/-/g, "")}`;
      made.annee++;
    } else if (idForm < 0.1 && lot) {
      rec.id = `${id}-L${lot}`;
      made.lot++;
    }
    if (r < 0.02) {
      rec.montant = Math.round(montant * 1.1 * 100) / 100;
      made.montant++;
    } else if (r < 0.03) {
      rec.dateNotification = `${y}-${String(m).padStart(2, "0")}-${String(d === 28 ? 1 : d + 1).padStart(2, "0")}`;
      made.dateNotification++;
    } else if (r < 0.04) {
      rec.procedure = procD === "Procédure adaptée" ? "Appel d'offres ouvert" : "Procédure adaptée";
      made.procedure++;
    } else if (r < 0.05) {
      const had = social.some((w) => w !== "Marché réservé");
      rec.considerationsSociales = { considerationSociale: had ? ["Pas de considération sociale"] : ["Clause sociale"] };
      if (res !== "non") rec.considerationsSociales.considerationSociale.push("Marché réservé");
      made.considerationsSociales++;
    }
    publish(rec);
    if (rnd() < 0.01) {
      publish({ ...rec, id: `X${String(i + 1).padStart(7, "0")}`, titulaires: rec.titulaires.slice(0, 1) });
      made.missingFromRegister++;
    }
    flush(false);
  }
  bj += "]}}";
  flush(true);
  fs.closeSync(fc);
  fs.closeSync(fj);
  return { csv, json, made };
}

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const mb = (bytes) => bytes / 1024 / 1024;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const fmt = (x, d = 0) => x.toLocaleString("fr-FR", { minimumFractionDigits: d, maximumFractionDigits: d });

/** `spaser ARGS` in a child process (bench/run.js's « cli » child): wall, CPU, peak memory, stdout discarded. */
function cli(args) {
  const out = path.join(os.tmpdir(), `spaser-bench-rappro-${process.pid}-${Date.now()}.json`);
  const t0 = process.hrtime.bigint();
  const p = spawnSync(process.execPath, [RUN, "--child", "cli", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, SPASER_BENCH_OUT: out } });
  const wall = ms(t0);
  try {
    const r = JSON.parse(fs.readFileSync(out, "utf8"));
    if (r.code !== 0) throw new Error(`spaser ${args.join(" ")} : code ${r.code}\n${p.stderr}`);
    return { wall, ...r };
  } finally {
    fs.rmSync(out, { force: true });
  }
}

/** Child: the command's phases in one process; prints one JSON line. */
async function childPhases(csv, json) {
  const { loadRegisterFile } = require(path.join(LIB, "files", "read-file.js"));
  const { reconcile } = require(path.join(LIB, "decp", "reconcile.js"));
  let t = process.hrtime.bigint();
  const reg = (await loadRegisterFile(csv)).register;
  const readRegister = ms(t);
  t = process.hrtime.bigint();
  const decp = (await loadRegisterFile(json)).register;
  const readDecp = ms(t);
  // The comparison three times (the first one compiles it): each time, and with --year.
  const compare = [];
  const compareCpu = [];
  let r;
  for (let k = 0; k < 3; k++) {
    t = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    r = reconcile(reg, decp);
    compare.push(ms(t));
    const c = process.cpuUsage(c0);
    compareCpu.push((c.user + c.system) / 1000);
  }
  t = process.hrtime.bigint();
  const again = reconcile(reg, decp, { year: 2024 });
  const compareYear = ms(t);
  const found = {};
  for (const d of r.differences) found[d.kind] = (found[d.kind] ?? 0) + 1;
  process.stdout.write(
    JSON.stringify({
      readRegister,
      readDecp,
      compare,
      compareCpu,
      compareYear,
      contracts: reg.contracts.length,
      published: decp.contracts.length,
      matched: r.matched,
      matchedBy: r.matchedBy,
      found,
      count: r.differences.length,
      countYear: again.differences.length,
      peakRss: process.resourceUsage().maxRSS * 1024,
    }) + "\n",
  );
}

function rapprochementReport(options = {}) {
  const n = options.size ?? 100_000;
  const runs = options.runs ?? 3;
  console.log(`\nRapprochement : « spaser rapprochement REGISTRE.csv DECP.json » sur ${fmt(n)} contrats (registre CSV de 14 colonnes, DECP 2024 en JSON)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spaser-bench-rappro-"));
  try {
    let t0 = process.hrtime.bigint();
    const { csv, json, made } = writeFiles(dir, n);
    console.log(`   Fichiers générés en ${fmt(ms(t0))} ms : registre ${fmt(mb(fs.statSync(csv).size), 1)} Mo, DECP ${fmt(mb(fs.statSync(json).size), 1)} Mo`);
    const text = [];
    const asJson = [];
    for (let i = 0; i < runs; i++) {
      text.push(cli(["rapprochement", csv, json]));
      asJson.push(cli(["rapprochement", csv, json, "--json"]));
    }
    const w = (xs, k) => median(xs.map((x) => x[k]));
    console.log(`   Texte  : ${fmt(w(text, "wall"))} ms (${fmt(text[0].wall)}), CPU ${fmt(w(text, "cpu"))} ms, RSS max ${fmt(mb(w(text, "peakRss")))} Mo`);
    console.log(`   --json : ${fmt(w(asJson, "wall"))} ms (${fmt(asJson[0].wall)}), CPU ${fmt(w(asJson, "cpu"))} ms, RSS max ${fmt(mb(w(asJson, "peakRss")))} Mo`);
    t0 = process.hrtime.bigint();
    const p = spawnSync(process.execPath, [__filename, "--child", csv, json], { cwd: ROOT, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
    if (p.status !== 0) throw new Error(`phases : ${p.stderr}`);
    const ph = JSON.parse(p.stdout.trim().split("\n").pop());
    console.log(
      `   Par phase : lecture du registre ${fmt(ph.readRegister)} ms, lecture de la DECP ${fmt(ph.readDecp)} ms, comparaison ${fmt(median(ph.compare))} ms, CPU ${fmt(median(ph.compareCpu))} ms (première : ${fmt(ph.compare[0])} ms)` +
        `, avec --year 2024 : ${fmt(ph.compareYear)} ms ; RSS max ${fmt(mb(ph.peakRss))} Mo`,
    );
    console.log(
      `   ${fmt(ph.contracts)} marchés, ${fmt(ph.published)} contrats publiés, ${fmt(ph.matched)} rapprochés (${Object.entries(ph.matchedBy)
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join(", ")}) ; ${fmt(ph.count)} écarts (${fmt(ph.countYear)} en 2024)`,
    );
    const expected = { ...made };
    delete expected.annee;
    delete expected.lot;
    const found = Object.fromEntries(Object.keys(expected).map((k) => [k, ph.found[k] ?? 0]));
    const same = Object.keys(expected).every((k) => expected[k] === found[k]) && ph.matchedBy.annee === made.annee && ph.matchedBy.lot === made.lot;
    console.log(
      `   Écarts faits / trouvés : ${Object.keys(expected)
        .map((k) => `${k} ${fmt(expected[k])}/${fmt(found[k])}`)
        .join(", ")} ; ids avec l'année ${fmt(made.annee)}/${fmt(ph.matchedBy.annee)}, avec le lot ${fmt(made.lot)}/${fmt(ph.matchedBy.lot)} (${same ? "identiques" : "DIFFÉRENTS"})`,
    );
  } finally {
    if (options.keep) console.log(`   Fichiers conservés dans ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { rapprochementReport, writeFiles };

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv[0] === "--child") {
    childPhases(argv[1], argv[2]).catch((e) => {
      console.error(e && e.stack ? e.stack : String(e));
      process.exitCode = 1;
    });
  } else {
    const opt = (name, def) => {
      const i = argv.indexOf(name);
      return i >= 0 ? argv[i + 1] : def;
    };
    rapprochementReport({ size: Number(opt("--size", "100000")), runs: Number(opt("--runs", "3")), keep: argv.includes("--keep") });
  }
}
