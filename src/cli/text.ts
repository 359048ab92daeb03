/** The readable French report of `spaser indicators` (without --json). */
import type { Register } from "../register/types";
import type { Results } from "../indicators/types";
import { formatRatio, formatTarget, formatValue, referentialText } from "../indicators/format";
import { TARGET_IDS, INDICATOR_BY_ID } from "../spaser/referential";
import { actionsOfObjective, axisHeading, objectiveHeading, objectivesOfAxis, unplaced } from "../spaser/plan";

/** "1 ligne lue", "0 ligne lue", "3 lignes lues" (French: singular below 2). */
function plural(n: number, one: string, many: string): string {
  return `${n} ${n >= 2 ? many : one}`;
}

const SEV: Record<string, string> = { error: "erreur", warning: "avertissement", info: "information" };

function line(id: string, res: Results): string {
  return lineOf(id, res.indicators[id]);
}

function lineOf(id: string, r: Results["indicators"][string]): string {
  const def = INDICATOR_BY_ID.get(id);
  const ratio = formatRatio(r);
  let s = `    ${id.padEnd(7)} ${r.label}\n            ${formatValue(r, def?.yesNo)}${ratio ? `  (${ratio})` : ""}`;
  // A target in the indicator's unit (80 000 h, not 8 000 000 %).
  if (r.status) s += `  — cible ${formatTarget(r.target, r.unit)} : ${r.status}`;
  if (r.value === null && r.reason) s += `  — ${r.reason}`;
  if (r.excluded) s += `  [${r.excluded} contrat${r.excluded > 1 ? "s" : ""} écarté${r.excluded > 1 ? "s" : ""} faute de valeur connue]`;
  // The years a multi-year indicator cumulates, a value entered in « Saisies »… (as on the boards).
  if (r.comment) s += `\n            ${r.comment.charAt(0).toUpperCase()}${r.comment.slice(1)}`;
  if (r.ids && r.ids.length) s += `\n            marchés : ${r.ids.slice(0, 20).join(", ")}${r.ids.length > 20 ? ` … (${r.ids.length})` : ""}`;
  if (r.series && Object.keys(r.series).length > 1) {
    s += `\n            évolution : ${Object.entries(r.series).map(([y, v]) => `${y} ${formatValue({ value: v, unit: r.unit })}`).join(" ; ")}`;
  }
  return s + "\n";
}

export function renderText(reg: Register, res: Results): string {
  const src = reg.source;
  const out: string[] = [];
  out.push(`SPASER — indicateurs ${res.year}${res.parameters.collectivite ? ` — ${res.parameters.collectivite}` : ""}\n`);
  out.push(
    `Registre : feuille « ${src.sheet} »${src.table ? `, tableau « ${src.table} »` : ""}, en-tête ligne ${src.headerRow} ; ` +
      `${plural(src.rowsRead, "ligne lue", "lignes lues")}, ${plural(src.rowsUsed, "retenue", "retenues")}, ${plural(src.rowsRejected, "rejetée", "rejetées")}, ${plural(src.rowsMerged, "fusionnée", "fusionnées")} (co-titulaires).\n`,
  );
  out.push(`Contrats notifiés en ${res.year}${res.entity ? ` (entité « ${res.entity} »)` : ""} : ${res.contractsInYear}. Années du registre : ${res.years.join(", ") || "aucune"}. Étape de déploiement : ${res.parameters.libelleEtape[res.etape - 1]}.\n`);
  out.push(res.referential.kind === "classeur" ? `${referentialText(res.referential)}.\n\n` : "Référentiel intégré du SPASER.\n\n");
  out.push("Déploiement échelonné du SPASER (cibles)\n");
  for (const t of TARGET_IDS) if (res.indicators[t]) out.push(line(t, res));
  const inValue = TARGET_IDS.map((t) => `${t}.V`).filter((id) => res.indicators[id]);
  if (inValue.length) {
    out.push("\nCibles en valeur (montants HT)\n");
    for (const id of inValue) out.push(line(id, res));
  }
  for (const e of res.entities ?? []) {
    out.push(`\nCibles de l'entité « ${e.name} » (${e.contractsInYear} contrat${e.contractsInYear > 1 ? "s" : ""} notifié${e.contractsInYear > 1 ? "s" : ""} en ${res.year})\n`);
    for (const t of TARGET_IDS) if (e.indicators[t]) out.push(lineOf(t, e.indicators[t]));
  }
  const climat = ["C7.1", "C7.2", "C7.3"].filter((id) => res.indicators[id]);
  if (climat.length) {
    out.push("\nLoi Climat et résilience (art. 35) : alertes à vérifier\n");
    for (const id of climat) out.push(line(id, res));
  }
  const plan = res.plan;
  for (const axis of plan.axes) {
    out.push(`\n${axisHeading(axis)}\n`);
    for (const obj of objectivesOfAxis(plan, axis.n)) {
      out.push(`  ${objectiveHeading(obj)}\n`);
      for (const a of actionsOfObjective(plan, obj)) {
        out.push(`   Action ${a.n} — ${a.title}\n`);
        for (const d of res.definitions.filter((x) => x.action === a.n && x.kind !== "cible" && x.kind !== "valeur" && x.kind !== "alerte")) out.push(line(d.id, res));
      }
    }
  }
  const own = unplaced(res.definitions, plan);
  if (own.length) {
    out.push("\nIndicateurs propres à la collectivité\n");
    for (const d of own) out.push(line(d.id, res));
  }
  const issues = [...reg.issues, ...res.notes];
  const counts = { error: 0, warning: 0, info: 0 };
  for (const i of issues) counts[i.severity]++;
  out.push(`\nQualité des données : ${counts.error} erreur${counts.error > 1 ? "s" : ""}, ${counts.warning} avertissement${counts.warning > 1 ? "s" : ""}, ${counts.info} information${counts.info > 1 ? "s" : ""}.\n`);
  const shown = issues.slice(0, 30);
  for (const i of shown) out.push(`  [${SEV[i.severity]}] ${i.cell ?? i.sheet}${i.column ? ` (${i.column})` : ""} : ${i.message}\n`);
  if (issues.length > shown.length) out.push(`  … et ${issues.length - shown.length} autres (voir --json pour la liste complète).\n`);
  return out.join("");
}
