"use strict";
/**
 * `npm run bench`, section « Colonnes propres au registre » (SPEC §8.1): the in-memory register of
 * section 1 at N contracts with five columns of its own (oui/non, pourcentage, nombre, date, texte)
 * and a Référentiel of 50 indicators over them (taux, part en valeur, somme, moyenne, compte),
 * against the same register with the built-in referential alone. Each case in its own process:
 * read (readWorkbook), compute (computeIndicators) and heap after the read. Target (issue 18): the
 * workbook with 50 own indicators computes within 2 × the built-in referential.
 *
 *   node bench/own-columns.js [N]        (default 100000)
 */
const { spawnSync } = require("child_process");
const path = require("path");

const LIB = path.join(__dirname, "..", "lib");
const OWN_HEADERS = ["Titulaire du territoire", "Produits bio (%)", "Part locale", "Date de réception", "Filière"];
const FILIERES = ["Bio", "Locale", "Conventionnelle", "Équitable"];

/** The register of section 1, with the five own columns when `own` (a bad cell every 1,000 rows). */
function grid(n, own) {
  const { buildRows } = require("./run");
  const rows = buildRows(n);
  if (!own) return rows;
  rows[0] = [...rows[0], ...OWN_HEADERS];
  for (let i = 1; i < rows.length; i++) {
    const k = i * 2654435761;
    rows[i] = [
      ...rows[i],
      i % 1000 === 0 ? "peut-être" : i % 25 === 0 ? null : (k >>> 3) % 3 ? "oui" : "non",
      i % 7 === 0 ? null : `${(k >>> 5) % 101} %`,
      (k >>> 7) % 50_000,
      44927 + ((k >>> 9) % 1096),
      FILIERES[(k >>> 11) % FILIERES.length],
    ];
  }
  return rows;
}

/** 50 indicators over the own columns and a few of §2.1. */
function referential() {
  const rows = [["Id", "Libellé", "Type", "Population", "Condition", "Valeur"]];
  for (let i = 0; i < 10; i++) {
    rows.push([`P${i}T`, `Taux ${i}`, "taux", `[Montant HT] > ${i * 10} 000`, "[Titulaire du territoire] ET [Titulaire TPE/PME]", null]);
    rows.push([`P${i}V`, `Part en valeur ${i}`, "part en valeur", null, `[Produits bio (%)] >= ${i * 10} %`, null]);
    rows.push([`P${i}S`, `Somme ${i}`, "somme", `[Filière] = "${FILIERES[i % 4]}"`, null, "Part locale"]);
    rows.push([`P${i}M`, `Moyenne ${i}`, "moyenne", "Titulaire du territoire", null, "[Produits bio (%)]"]);
    rows.push([`P${i}C`, `Compte ${i}`, "compte", null, `[Date de réception] >= ${String(1 + i).padStart(2, "0")}/06/2024 ET [Part locale] > ${i * 1000}`, null]);
  }
  return rows;
}

/** Child: one case, one JSON line. */
function child(n, kind) {
  const { readWorkbook } = require(path.join(LIB, "register", "read.js"));
  const { computeIndicators } = require(path.join(LIB, "indicators", "engine.js"));
  const gc = () => global.gc && global.gc();
  const own = kind === "own";
  const grids = [{ sheet: "Registre", rows: grid(n, own) }];
  if (own) grids.push({ sheet: "Référentiel", rows: referential() });
  gc();
  const before = process.memoryUsage().heapUsed;
  let t0 = process.hrtime.bigint();
  const reg = readWorkbook(grids, grids.map((g) => g.sheet));
  const read = Number(process.hrtime.bigint() - t0) / 1e6;
  gc();
  const heap = process.memoryUsage().heapUsed - before;
  const c0 = process.cpuUsage();
  t0 = process.hrtime.bigint();
  const res = computeIndicators(reg, { year: 2024 });
  const compute = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  const computed = Object.values(res.indicators).filter((r) => r.value !== null).length;
  const errors = reg.issues.filter((i) => i.severity === "error").length;
  process.stdout.write(JSON.stringify({ read, compute, cpu: (c.user + c.system) / 1000, heap, computed, errors, own: reg.ownColumns ? reg.ownColumns.named().length : 0 }) + "\n");
}

function ownColumnsReport(n = 100_000, runs = 3) {
  const mb = (b) => (b / 1024 / 1024).toFixed(0);
  const fmt = (x) => Math.round(x).toLocaleString("fr-FR");
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  console.log(`\nColonnes propres au registre : ${fmt(n)} contrats, cinq colonnes propres et 50 indicateurs du Référentiel, contre le référentiel intégré seul`);
  const out = { builtin: [], own: [] };
  for (let i = 0; i < runs; i++) {
    for (const kind of ["builtin", "own"]) {
      const p = spawnSync(process.execPath, ["--expose-gc", __filename, "--child", String(n), kind], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
      if (p.status !== 0) throw new Error(p.stderr);
      out[kind].push(JSON.parse(p.stdout.trim()));
    }
  }
  const m = (kind, k) => median(out[kind].map((r) => r[k]));
  for (const kind of ["builtin", "own"]) {
    const r = out[kind][0];
    console.log(
      `   ${kind === "own" ? "50 indicateurs propres" : "référentiel intégré   "} : lecture ${fmt(m(kind, "read"))} ms, calcul ${fmt(m(kind, "compute"))} ms (CPU ${fmt(m(kind, "cpu"))} ms), tas après lecture ${mb(m(kind, "heap"))} Mo ; ${r.computed} indicateurs calculés, ${r.own} colonnes propres lues, ${r.errors} erreurs`,
    );
  }
  const ratio = (m("own", "read") + m("own", "compute")) / (m("builtin", "read") + m("builtin", "compute"));
  console.log(`   Rapport lecture + calcul : ${ratio.toFixed(2).replace(".", ",")} (cible ≤ 2 : ${ratio <= 2 ? "atteinte" : "MANQUÉE"})`);
}

module.exports = { ownColumnsReport, grid, referential };

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv[0] === "--child") child(Number(argv[1]), argv[2]);
  else ownColumnsReport(Number(argv[0] || 100_000));
}
