/** Tableau de bord 2 — Suivi des actions du SPASER: actions 8–26, yearly evolution, points d'attention. */
import type { Register } from "../register/types";
import type { Results } from "../indicators/types";
import { indicatorsOfAction } from "../spaser/referential";
import { actionRangeText, actionsOfObjective, axisHeading, objectiveHeading, objectivesOfAxis, unplaced } from "../spaser/plan";
import { SheetBuilder, wrappedHeight } from "./builder";
import type { SheetPlan } from "./plan";
import type { DetailAnchors } from "./detail";
import { a4Landscape, actionRow, legendRow, Columns, columnHeader, DashboardOptions, headerBlock, indicatorRow, sectionRow, tableFormats } from "./rows";
import { frNumber } from "../indicators/format";

export const TDB2_NAME = "TdB 2 - Actions";
export const TDB2_TITLE = "Tableau de bord 2 — Suivi des actions du SPASER";

/** At least this many contract numbers a row of the points d'attention. */
const MIN_ID_COLUMNS = 6;

export function buildTdb2(reg: Register, res: Results, opts: DashboardOptions, anchors: DetailAnchors = new Map()): SheetPlan {
  const p = res.parameters;
  const years = res.years.length ? res.years : [res.year];
  const yearCols = years.map((_, i) => 8 + i);
  const comment = 8 + years.length;
  // The target of the current step beside the status it gives (indicators the Référentiel sheet retargets).
  const cols: Columns = { id: 0, label: 1, value: 2, num: 3, den: 4, target: 5, status: 6, bar: 7, years: yearCols, comment, last: comment };
  const widths = [9, 44, 13, 10, 10, 11, 12, 11, ...years.map(() => 10), 33];
  const b = new SheetBuilder(TDB2_NAME, "tdb2", widths, a4Landscape(p.collectivite, `Tableau de bord 2 — Suivi des actions — ${res.year}`, opts.now, "SPASER — comité annuel des achats durables"));
  b.plan.tabColor = "#2F5496";
  const t = b.next();
  b.merged(t, 0, cols.last, TDB2_TITLE, "title");
  b.height(t, 30);
  const s = b.next();
  const plan = res.plan;
  const axes = plan.axes.filter((x) => !plan.tdb1Axes.includes(x.n));
  const onBoard = { ...plan, actions: plan.actions.filter((a) => axes.some((x) => x.n === a.axis)) };
  b.merged(s, 0, cols.last, `${p.collectivite ? `${p.collectivite} — ` : ""}Année ${res.year} — actions ${actionRangeText(onBoard)} ; évolution sur ${years.length > 1 ? `${years[0]}–${years[years.length - 1]}` : years[0]}`, "subtitle");
  b.height(s, 20);
  b.next();
  headerBlock(b, reg, res, opts, cols.last);

  // A header row over the year columns
  const yr = b.next();
  b.merged(yr, yearCols[0], yearCols[yearCols.length - 1], "Évolution par année", "colHeader");
  const header = columnHeader(b, cols, `Valeur ${res.year}`, res.etape, years, p.libelleEtape);
  b.plan.freeze = { rows: header + 1, cols: 0 };
  b.plan.print.titleRows = [yr, header];

  let evolutionRow: number | null = null;
  for (const axis of axes) {
    sectionRow(b, cols.last, axisHeading(axis));
    for (const obj of objectivesOfAxis(plan, axis.n)) {
      sectionRow(b, cols.last, objectiveHeading(obj), "objective", 18);
      const r1 = b.row;
      for (const a of actionsOfObjective(plan, obj)) {
        actionRow(b, cols, a.n, a.title, a.pilot);
        for (const d of indicatorsOfAction(a.n, res.definitions)) {
          const row = indicatorRow(b, cols, res.indicators[d.id], { effect: d.kind === "effet" && !d.custom, years: d.evolution ? years : undefined, link: anchors.get(d.sameAs ?? d.id), sameAs: d.sameAs });
          if (d.id === "A15.E1") evolutionRow = row;
        }
      }
      tableFormats(b, cols, r1, b.row - 1);
    }
  }
  // Indicators placed under no action of the plan (added by the `Référentiel` sheet without an action).
  const own = unplaced(res.definitions, plan);
  if (own.length) {
    sectionRow(b, cols.last, "Indicateurs propres à la collectivité (feuille « Référentiel » du classeur)");
    const r1 = b.row;
    for (const d of own) indicatorRow(b, cols, res.indicators[d.id], { link: anchors.get(d.sameAs ?? d.id), years: d.evolution ? years : undefined, sameAs: d.sameAs });
    tableFormats(b, cols, r1, b.row - 1);
  }
  if (evolutionRow !== null && years.length > 1) {
    b.chart({
      type: "line",
      title: "Évolution du nombre moyen de soumissionnaires par consultation",
      series: [{ name: "A15.E1", categories: { r1: header, c1: yearCols[0], r2: header, c2: yearCols[yearCols.length - 1] }, values: { r1: evolutionRow, c1: yearCols[0], r2: evolutionRow, c2: yearCols[yearCols.length - 1] } }],
      // Below the repeated header rows, as on TdB 1.
      anchor: { r1: header + 2, c1: cols.last + 2, r2: header + 18, c2: cols.last + 9 },
    });
  }

  // Points d'attention
  b.next();
  sectionRow(b, cols.last, `Points d'attention — contrats notifiés en ${res.year}`);
  const a17 = res.indicators["A17.R3"];
  const alerts: [string, string[], string][] = [
    [
      `Avance obligatoire non prévue, à vérifier (A17.R3) : durée > ${p.dureeAvanceObligatoire} mois et montant > ${frNumber(p.seuilAvanceObligatoire)} € HT sans avance ni renonciation du titulaire (accord-cadre : l'obligation s'apprécie par bon de commande)`,
      res.alerts.avanceObligatoire,
      a17 && a17.value === null ? a17.reason ?? "" : "",
    ],
    [
      `Marchés au-dessus du seuil d'insertion (${frNumber(p.seuilClauseInsertion)} € HT) sans clause d'insertion`,
      res.alerts.insertionSansClause,
      !reg.present.has("montant") || !reg.present.has("clauseInsertion") ? "colonnes « Montant HT » et « Clause d'insertion » nécessaires" : "",
    ],
    [
      `Marchés de plus de ${p.dureeRevisionPrix} mois sans révision des prix`,
      res.alerts.revisionSansClause,
      !reg.present.has("dureeMois") || !reg.present.has("revisionPrix") ? "colonnes « Durée (mois) » et « Révision des prix » nécessaires" : "",
    ],
  ];
  // Without A17.R3 in the referential (a buyer's plan that does not name it), its list is not kept.
  if (!a17) alerts.shift();
  // One number a cell, in every column from the third to the one before the comment column (the
  // value, figure and year columns, 10 to 13 characters wide), unmerged: a list of thousands of
  // contracts takes fewer printed rows, and the workbook no merge per row.
  const idStart = 2;
  const perRow = Math.max(MIN_ID_COLUMNS, cols.last - idStart);
  const climat: [string, string[], string, Set<string>?][] = [];
  for (const id of ["C7.1", "C7.2", "C7.3"]) {
    const r = res.indicators[id];
    if (!r) continue;
    // Consultations still in progress first: that is when the alert is worth most. Their numbers
    // stay short (a cell of the list holds about ten characters) and are marked by their style,
    // said in the summary.
    const progress = new Set(r.inProgress ?? []);
    const ids = [...(r.inProgress ?? []), ...(r.ids ?? []).filter((x) => !progress.has(x))];
    const exclusions = r.exclusions?.length ? ` — écartés : ${r.exclusions.map((e) => `${e.id} (${e.reason})`).join(" ; ")}` : "";
    climat.push([`${r.label} (${id})${exclusions}`, ids, r.value === null ? r.reason ?? "" : "", progress]);
  }
  const split = res.indicators["C7.4"];
  if (split) {
    if (split.value === null || !split.groups?.length) climat.push([`${split.label} (C7.4)`, [], split.value === null ? split.reason ?? "" : ""]);
    for (const g of split.groups ?? []) climat.push([`${split.label} (C7.4) : ${g.entite}, ${g.famille}, ${g.annee} — ${frNumber(g.total)} € HT au total`, g.ids, ""]);
  }
  const lists: ([string, string[], string, Set<string>?] | string)[] = [...alerts];
  if (climat.length) {
    const d = p.dateApplicationLoiClimat;
    lists.push(`Loi Climat et résilience — consultations lancées à compter du ${String(d.d).padStart(2, "0")}/${String(d.m).padStart(2, "0")}/${d.y} (à vérifier : la loi prévoit des exceptions)`, ...climat);
  }
  for (const item of lists) {
    if (typeof item === "string") {
      sectionRow(b, cols.last, item, "objective", 18);
      continue;
    }
    const [label, ids, missing, progress] = item;
    const r = b.next();
    b.merged(r, 0, 1, label, "alertLabel");
    const k = progress?.size ?? 0;
    const inProgress = k ? `, dont ${k} en cours, encore corrigeable${k > 1 ? "s" : ""} (en tête, en gras)` : "";
    const summary = missing ? `Non disponible : ${missing}` : ids.length === 0 ? "Aucun marché concerné" : `${ids.length} marché${ids.length > 1 ? "s" : ""}${inProgress} :`;
    b.merged(r, idStart, cols.last, summary, "infoValue");
    b.height(r, wrappedHeight([{ text: label, width: widths[0] + widths[1] - 2 }], 16));
    for (let i = 0; i < ids.length; i += perRow) {
      const rr = b.next();
      for (let j = 0; j < perRow; j++) {
        const id = ids[i + j];
        const c = idStart + j;
        b.set(rr, c, id ?? null, id !== undefined && progress?.has(id) ? "alertIdInProgress" : "alertId");
      }
    }
  }
  b.next();
  legendRow(
    b,
    cols.last,
    "Lecture : « — » signale un indicateur non disponible, la raison figure en commentaire (jamais 0 %). Les colonnes par année donnent l'évolution des indicateurs que le SPASER formule en « évolution de … ». " +
      "Les indicateurs d'effets qu'aucune colonne du registre ne donne se renseignent dans la feuille « Saisies » (Indicateur, Année, Valeur, Commentaire).",
  );
  return b.plan;
}
