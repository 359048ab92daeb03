/** Tableau de bord 1 — Déploiement du SPASER (gouvernance et accompagnement): T1–T6 and actions 1–7. */
import type { Register } from "../register/types";
import type { Results } from "../indicators/types";
import { ACTIONS, AXES, OBJECTIVES, TARGET_IDS, indicatorsOfAction } from "../spaser/referential";
import { SheetBuilder } from "./builder";
import type { SheetPlan } from "./plan";
import { a4Landscape, actionRow, legendRow, Columns, columnHeader, DashboardOptions, headerBlock, indicatorRow, sectionRow, tableFormats } from "./rows";

export const TDB1_NAME = "TdB 1 - Déploiement";
export const TDB1_TITLE = "Tableau de bord 1 — Déploiement du SPASER (gouvernance et accompagnement)";

const COLS: Columns = { id: 0, label: 1, value: 2, num: 3, den: 4, step1: 5, step2: 6, status: 7, bar: 8, comment: 9, last: 9 };
const WIDTHS = [9, 46, 13, 10, 10, 10, 10, 12, 12, 35];

export function buildTdb1(reg: Register, res: Results, opts: DashboardOptions): SheetPlan {
  const p = res.parameters;
  const b = new SheetBuilder(TDB1_NAME, "tdb1", WIDTHS, a4Landscape(p.collectivite, `Tableau de bord 1 — Déploiement — ${res.year}`, opts.now, "SPASER — Comité annuel des achats durables"));
  b.plan.tabColor = "#1F3864";
  const t = b.next();
  b.merged(t, 0, COLS.last, TDB1_TITLE, "title");
  b.height(t, 30);
  const s = b.next();
  b.merged(s, 0, COLS.last, `${p.collectivite ? `${p.collectivite} — ` : ""}Année ${res.year} — Comité annuel des achats durables (CAD)`, "subtitle");
  b.height(s, 20);
  b.next();
  const a3e1 = res.indicators["A3.E1"];
  headerBlock(b, reg, res, opts, COLS.last, {
    label: "Objectifs atteints (A3.E1)",
    value: typeof a3e1.value === "number" ? a3e1.value : null,
    style: "infoPercent",
    text: a3e1.value === null ? a3e1.reason : `${a3e1.numerator} cible${(a3e1.numerator ?? 0) > 1 ? "s" : ""} atteinte${(a3e1.numerator ?? 0) > 1 ? "s" : ""} sur ${a3e1.denominator} renseignée${(a3e1.denominator ?? 0) > 1 ? "s" : ""} (étape ${res.etape})`,
  });

  const header = columnHeader(b, COLS, `Valeur ${res.year}`, res.etape, undefined, p.libelleEtape);
  b.plan.freeze = { rows: header + 1, cols: 0 };
  b.plan.print.titleRows = [header, header];

  sectionRow(b, COLS.last, "Déploiement échelonné du SPASER — cibles en termes de contrats");
  const first = b.row;
  for (const id of TARGET_IDS) indicatorRow(b, COLS, res.indicators[id], { etape: res.etape });
  const last = b.row - 1;
  tableFormats(b, COLS, first, last);
  b.chart({
    type: "barClustered",
    title: `Cibles du SPASER — ${res.year}`,
    series: [
      { name: `Valeur ${res.year}`, categories: { r1: first, c1: COLS.id, r2: last, c2: COLS.id }, values: { r1: first, c1: COLS.value, r2: last, c2: COLS.value } },
      {
        name: `Cible ${p.libelleEtape[res.etape - 1]}`,
        categories: { r1: first, c1: COLS.id, r2: last, c2: COLS.id },
        values: { r1: first, c1: res.etape === 1 ? COLS.step1! : COLS.step2!, r2: last, c2: res.etape === 1 ? COLS.step1! : COLS.step2! },
      },
    ],
    anchor: { r1: 0, c1: COLS.last + 2, r2: 18, c2: COLS.last + 9 },
    valueAxisMax: 1,
    numberFormat: "0 %",
  });

  const axis = AXES[0];
  b.next();
  sectionRow(b, COLS.last, `Axe ${axis.n} — ${axis.title}`);
  for (const obj of OBJECTIVES.filter((o) => o.axis === axis.n)) {
    sectionRow(b, COLS.last, `Objectif ${obj.n} — ${obj.title}`, "objective", 18);
    const r1 = b.row;
    for (const a of ACTIONS.filter((x) => x.objective === obj.n)) {
      actionRow(b, COLS, a.n, a.title, a.pilot);
      for (const d of indicatorsOfAction(a.n)) indicatorRow(b, COLS, res.indicators[d.id], { effect: d.kind === "effet" });
    }
    tableFormats(b, COLS, r1, b.row - 1);
  }
  b.next();
  legendRow(
    b,
    COLS.last,
    "Lecture : « — » signale un indicateur non disponible, la raison figure en commentaire (jamais 0 %). Les ratios portent sur les contrats notifiés dans l'année. " +
      "Statut : Atteint si la valeur atteint la cible de l'étape en cours, En cours sinon, Non renseigné si l'indicateur n'est pas disponible. Les indicateurs d'effets sont en italique.",
  );
  return b.plan;
}
