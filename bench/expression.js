"use strict";
/**
 * `npm run bench`, section « Expressions du Référentiel »: the parser of src/register/expression.ts
 * (compiled, lib/) on expressions of Excel's full cell length, 32,767 characters, of several shapes
 * (valid or hostile), and at 8,192 and 16,384 characters to show that the time is linear in the
 * length. Target: each 32,767-character expression parsed in < 50 ms. Every text is new (the
 * parser keeps the results of the texts it has seen).
 */
const path = require("path");

const LIB = path.join(__dirname, "..", "lib");
const MAX = 32_767;

/** Shapes of expressions, each cut to `n` characters (a valid one stays valid whatever the cut). */
const SHAPES = [
  ["termes OU (valide)", (n) => cut("Alloti OU ".repeat(Math.ceil(n / 10)), n, " OU ", "Alloti")],
  ["comparaisons ET (valide)", (n) => cut(Array.from({ length: Math.ceil(n / 20) }, (_, i) => `[Montant HT] > ${i}`).join(" ET "), n, " ET ", "[Montant HT] > 0")],
  ["noms nus, OU (valide)", (n) => cut(Array.from({ length: Math.ceil(n / 20) }, (_, i) => `Montant HT > ${i} 000`).join(" OU "), n, " OU ", "Alloti")],
  ["une suite de mots (colonne inconnue)", (n) => "a ".repeat(n / 2 + 1).slice(0, n)],
  ["mots après un opérateur", (n) => ("[Montant HT] = " + "mot ".repeat(n / 4 + 1)).slice(0, n)],
  ["parenthèses imbriquées (trop profondes)", (n) => ("(".repeat(n / 2) + "Alloti" + ")".repeat(n / 2)).slice(0, n)],
  ["NON enchaînés (trop profonds)", (n) => ("NON ".repeat(n / 4 + 1) + "Alloti").slice(-n)],
  ["guillemet non fermé", (n) => ('[Objet] = "' + "x".repeat(n)).slice(0, n)],
];

/** The longest valid prefix of `s` of at most n characters: cut at the last separator, padded with spaces. */
function cut(s, n, sep, last) {
  const t = s.slice(0, n);
  const k = t.lastIndexOf(sep);
  const v = (k > 0 ? t.slice(0, k) : last).padEnd(n);
  return v.slice(0, n);
}

/** Median CPU time (ms) of parsing `runs` new texts of one shape at length n; the last result. */
function measure(parse, shape, n, runs) {
  const times = [];
  let r;
  for (let i = 0; i < runs; i++) {
    // A new text each run: a leading space more, the same length.
    const text = (" ".repeat(i + 1) + shape(n)).slice(0, n);
    const c0 = process.cpuUsage();
    r = parse(text);
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], result: r };
}

function expressionReport(runs = 7) {
  const { parseExpression } = require(path.join(LIB, "register", "expression.js"));
  const fmt = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1)).replace(".", ",");
  console.log(`\nExpressions du Référentiel : analyse d'une expression de ${MAX.toLocaleString("fr-FR")} caractères (la limite d'une cellule Excel), temps CPU médian de ${runs} analyses ; cible < 50 ms`);
  // Warm-up: the first parse compiles the parser.
  parseExpression("[Montant HT] > 90 000 ET NON formalisée");
  let worst = 0;
  for (const [name, shape] of SHAPES) {
    const sizes = [8_192, 16_384, MAX].map((n) => measure(parseExpression, shape, n, runs));
    const last = sizes[2];
    worst = Math.max(worst, last.ms);
    const outcome = last.result.ok ? "lue" : `erreur : ${last.result.message.slice(0, 70)}${last.result.message.length > 70 ? "…" : ""}`;
    console.log(`   ${name.padEnd(40)} 8 192 : ${fmt(sizes[0].ms).padStart(6)} ms   16 384 : ${fmt(sizes[1].ms).padStart(6)} ms   32 767 : ${fmt(last.ms).padStart(6)} ms   (${outcome})`);
  }
  const big = measure(parseExpression, (n) => "Alloti OU ".repeat(n / 10), 1_000_000, 3);
  console.log(`   1 000 000 caractères : refusée en ${fmt(big.ms)} ms (${big.result.message})`);
  console.log(`   Pire cas à 32 767 caractères : ${fmt(worst)} ms (cible < 50 ms : ${worst < 50 ? "atteinte" : "MANQUÉE"})`);
}

module.exports = { expressionReport };

if (require.main === module) expressionReport(Number(process.argv[2] ?? 7));
