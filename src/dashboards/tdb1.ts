/** Tableau de bord 1 — Déploiement du SPASER (gouvernance et accompagnement): T1–T6 and actions 1–7. */
import type { Register } from "../register/types";
import type { Results } from "../indicators/types";
import { TARGET_IDS, indicatorsOfAction } from "../spaser/referential";
import { actionsOfObjective, axisHeading, objectiveHeading, objectivesOfAxis } from "../spaser/plan";
import { nationalObservation, PARAMETER_SOURCES } from "../register/parameters";
import { formatWithCounts } from "../indicators/format";
import { PALETTE, SheetBuilder, wrappedHeight } from "./builder";
import type { SheetPlan } from "./plan";
import type { DetailAnchors } from "./detail";
import { pendingDecisionsRow } from "./cotation";
import { a4Landscape, actionRow, legendRow, Columns, columnHeader, DashboardOptions, headerBlock, indicatorRow, sectionRow, tableFormats } from "./rows";

export const TDB1_NAME = "TdB 1 - Déploiement";
export const TDB1_TITLE = "Tableau de bord 1 — Déploiement du SPASER (gouvernance et accompagnement)";

const COLS: Columns = { id: 0, label: 1, value: 2, num: 3, den: 4, step1: 5, step2: 6, status: 7, bar: 8, comment: 9, last: 9 };
const WIDTHS = [9, 46, 13, 12, 12, 11, 11, 12, 12, 35];

export function buildTdb1(reg: Register, res: Results, opts: DashboardOptions, anchors: DetailAnchors = new Map()): SheetPlan {
  const p = res.parameters;
  const b = new SheetBuilder(TDB1_NAME, "tdb1", WIDTHS, a4Landscape(p.collectivite, `Tableau de bord 1 — Déploiement — ${res.year}`, opts.now, "SPASER — comité annuel des achats durables"));
  b.plan.tabColor = "#1F3864";
  // A buyer's figure with its counts, « 33,3 % (1/3) »: text, right-aligned like the numbers beside it.
  b.plan.styles.entityValue = { vAlign: "top", align: "right", wrap: true, border: PALETTE.midGrey, numFmt: "@" };
  const t = b.next();
  b.merged(t, 0, COLS.last, TDB1_TITLE, "title");
  b.height(t, 30);
  const s = b.next();
  b.merged(s, 0, COLS.last, `${p.collectivite ? `${p.collectivite} — ` : ""}Année ${res.year} — comité annuel des achats durables (CAD)`, "subtitle");
  b.height(s, 20);
  b.next();
  const a3e1 = res.indicators["A3.E1"] ?? targetsReached(res);
  headerBlock(b, reg, res, opts, COLS.last, {
    label: `Objectifs atteints${res.indicators["A3.E1"] ? " (A3.E1)" : ""}`,
    value: typeof a3e1.value === "number" ? a3e1.value : null,
    style: "infoPercent",
    text: a3e1.value === null ? a3e1.reason : `${a3e1.numerator} cible${(a3e1.numerator ?? 0) > 1 ? "s" : ""} atteinte${(a3e1.numerator ?? 0) > 1 ? "s" : ""} sur ${a3e1.denominator} renseignée${(a3e1.denominator ?? 0) > 1 ? "s" : ""} (étape ${res.etape})`,
  });

  const header = columnHeader(b, COLS, `Valeur ${res.year}`, res.etape, undefined, p.libelleEtape);
  b.plan.freeze = { rows: header + 1, cols: 0 };
  b.plan.print.titleRows = [header, header];

  sectionRow(b, COLS.last, "Déploiement échelonné du SPASER — cibles en termes de contrats");
  const first = b.row;
  for (const id of TARGET_IDS) if (res.indicators[id]) indicatorRow(b, COLS, res.indicators[id], { etape: res.etape, link: anchors.get(id) });
  const last = b.row - 1;
  tableFormats(b, COLS, first, last);
  targetsCompared(b, res, anchors);
  loiClimat(b, res, anchors);
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
    // Beside the table, a row below the column header: the rows repeated on every printed page
    // carry no part of the chart, not even its frame (LibreOffice prints what lies in them again
    // on each page).
    anchor: { r1: header + 2, c1: COLS.last + 2, r2: header + 20, c2: COLS.last + 9 },
    valueAxisMax: 1,
    numberFormat: "0 %",
  });

  const plan = res.plan;
  if (plan.kind === "classeur") pendingDecisionsRow(b, COLS, reg);
  for (const axis of plan.axes.filter((x) => plan.tdb1Axes.includes(x.n))) {
    b.next();
    sectionRow(b, COLS.last, axisHeading(axis));
    for (const obj of objectivesOfAxis(plan, axis.n)) {
      sectionRow(b, COLS.last, objectiveHeading(obj), "objective", 18);
      const r1 = b.row;
      for (const a of actionsOfObjective(plan, obj)) {
        actionRow(b, COLS, a.n, a.title, a.pilot);
        for (const d of indicatorsOfAction(a.n, res.definitions)) indicatorRow(b, COLS, res.indicators[d.id], { effect: d.kind === "effet" && !d.custom, etape: res.etape, link: anchors.get(d.sameAs ?? d.id), sameAs: d.sameAs });
        if (a.n === 1 && plan.kind === "intégré") pendingDecisionsRow(b, COLS, reg);
      }
      tableFormats(b, COLS, r1, b.row - 1);
    }
  }
  b.next();
  legendRow(
    b,
    COLS.last,
    "Lecture : « — » signale un indicateur non disponible, la raison figure en commentaire (jamais 0 %). Les ratios portent sur les contrats notifiés dans l'année. " +
      "Statut : Atteint si la valeur atteint la cible de l'étape en cours, En cours sinon, Non renseigné si l'indicateur n'est pas disponible. Les indicateurs d'effets sont en italique. " +
      `${p.t4InclutInsertion ? "T4 compte toutes les considérations sociales, insertion comprise (comme l'indicateur national du PNAD)." : "T4 compte les considérations sociales ou éthiques autres que l'insertion (paramètre « T4 inclut l'insertion » = non) : T3 et T4 mesurent des ensembles distincts."} ` +
      `${anchors.size ? "Un clic sur le n° d'un indicateur ouvre la liste de ses contrats (feuille « Détail des indicateurs »). " : ""}${res.referential.kind === "classeur" ? `Référentiel du classeur (feuille « ${res.referential.sheet} ») : ${res.referential.replaced.length} indicateur${res.referential.replaced.length > 1 ? "s" : ""} modifié${res.referential.replaced.length > 1 ? "s" : ""}, ${res.referential.added.length} ajouté${res.referential.added.length > 1 ? "s" : ""}. ` : ""}Définitions : docs/methodologie.md.`,
    52,
  );
  return b.plan;
}

/** Targets reached among T1–T6 that have a value (A3.E1's measure), when A3.E1 is not in the referential. */
function targetsReached(res: Results): { value: number | null; numerator?: number | null; denominator?: number | null; reason?: string } {
  let reached = 0;
  let withValue = 0;
  for (const t of TARGET_IDS) {
    const r = res.indicators[t];
    if (!r || r.value === null || r.status === undefined) continue;
    withValue++;
    if (r.status === "Atteint") reached++;
  }
  return withValue === 0 ? { value: null, reason: "aucune des cibles T1 à T6 n'a de valeur" } : { value: reached / withValue, numerator: reached, denominator: withValue };
}

/**
 * T1–T6 side by side: in number of contracts, in value (T1.V … T6.V), beside the national
 * reference (the PNAD's objectives for T2 and T4: a comparison, never a status) and, when the
 * register holds several buyers, per buyer with the counts (« 33,3 % (1/3) »). Below them, the
 * buyer's N.ENV and N.SOC beside the OECP census figures, on the census's population.
 */
function targetsCompared(b: SheetBuilder, res: Results, anchors: DetailAnchors): void {
  const p = res.parameters;
  const entities = (res.entities ?? []).slice(0, 4);
  b.next();
  const h = b.next();
  const head: [number, string][] = [
    [0, "N°"],
    [1, "Cible"],
    [2, "En nombre de contrats"],
    [3, "En valeur (montants HT)"],
    [4, "Référence nationale"],
    ...entities.map((e, i): [number, string] => [5 + i, e.name]),
    [9, "Source de la référence nationale ; lecture"],
  ];
  for (let c = 0; c <= COLS.last; c++) b.set(h, c, null, "colHeader");
  for (const [c, text] of head) b.set(h, c, text, c === 1 || c === 9 ? "colHeaderLeft" : "colHeader");
  b.height(h, Math.max(30, wrappedHeight(head.map(([c, text]) => ({ text, width: WIDTHS[c] - 1 })))));
  const refs = p.referencesNationales as Record<string, number | null>;
  for (const id of TARGET_IDS) {
    const r = res.indicators[id];
    if (!r) continue;
    const v = res.indicators[`${id}.V`];
    const row = b.next();
    if (anchors.get(id)) b.plan.cells.push({ r: row, c: 0, value: id, style: "idLink", link: anchors.get(id) });
    else b.set(row, 0, id, "id");
    b.set(row, 1, r.label, "label");
    b.set(row, 2, typeof r.value === "number" ? r.value : "—", typeof r.value === "number" ? "percent" : "na");
    b.set(row, 3, v && typeof v.value === "number" ? v.value : "—", v && typeof v.value === "number" ? "percent" : "na");
    const ref = refs[id] ?? null;
    b.set(row, 4, ref ?? "—", ref === null ? "na" : "percentTarget");
    entities.forEach((e, i) => {
      const er = e.indicators[id];
      b.set(row, 5 + i, er && typeof er.value === "number" ? formatWithCounts(er) : "—", er && typeof er.value === "number" ? "entityValue" : "na");
    });
    for (let c = 5 + entities.length; c < 9; c++) b.set(row, c, null, "yearBlank");
    const notes: string[] = [];
    if (ref !== null) notes.push(id === "T2" || id === "T4" ? PARAMETER_SOURCES.pnad : "paramètre « Référence nationale " + id + " »");
    if (v && v.value === null && v.reason) notes.push(`en valeur : ${v.reason}`);
    b.set(row, 9, notes.join(" ; "), "comment");
    b.height(row, wrappedHeight([{ text: r.label, width: WIDTHS[1] - 2 }, { text: notes.join(" ; "), width: WIDTHS[9], size: 9 }]));
  }
  // The OECP census counts contracts of 90 000 € HT and more: the buyer's figure on the same population.
  for (const id of ["N.ENV", "N.SOC"]) {
    const r = res.indicators[id];
    const obs = nationalObservation(id, p);
    if (!r || !obs) continue;
    const row = b.next();
    if (anchors.get(id)) b.plan.cells.push({ r: row, c: 0, value: id, style: "idLink", link: anchors.get(id) });
    else b.set(row, 0, id, "id");
    b.set(row, 1, r.label, "label");
    b.set(row, 2, typeof r.value === "number" ? r.value : "—", typeof r.value === "number" ? "percent" : "na");
    b.set(row, 3, null, "yearBlank");
    b.set(row, 4, obs.value ?? "—", obs.value === null ? "na" : "percentTarget");
    for (let c = 5; c < 9; c++) b.set(row, c, null, "yearBlank");
    const notes = [`constat national : ${obs.source} (contrats notifiés en ${obs.year})`];
    if (r.value === null && r.reason) notes.push(r.reason);
    else if (r.numerator !== undefined && r.numerator !== null) notes.push(`${r.numerator} contrat${r.numerator > 1 ? "s" : ""} sur ${r.denominator}`);
    b.set(row, 9, notes.join(" ; "), "comment");
    b.height(row, wrappedHeight([{ text: r.label, width: WIDTHS[1] - 2 }, { text: notes.join(" ; "), width: WIDTHS[9], size: 9 }]));
  }
  legendRow(
    b,
    COLS.last,
    `« En valeur » : la même part calculée sur les montants HT (somme des montants du numérateur / somme des montants du dénominateur ; contrats au montant inconnu écartés) — le code de la commande publique (art. L2111-3) permet d'exprimer les objectifs en nombre de contrats ou en valeur. ` +
      `La référence nationale est un repère, elle ne change jamais le statut : en regard de T2 et T4, les objectifs du PNAD (${PARAMETER_SOURCES.pnad}) ; en regard de N.ENV et N.SOC, le constat de l'OECP, qui ne compte que les contrats de 90 000 € HT et plus : la part de l'acheteur y est calculée sur cette même population (paramètres « Constat national … » : valeur, année, source).` +
      (entities.length ? ` Colonnes par entité : cibles calculées sur les seuls contrats de chaque acheteur (colonne « Entité » du registre), avec numérateur et dénominateur.` : ""),
    48,
  );
}

/** Loi Climat et résilience (art. 35): consultations launched from the application date. */
function loiClimat(b: SheetBuilder, res: Results, anchors: DetailAnchors): void {
  const ids = ["C7.1", "C7.2", "C7.3", "C7.4"].filter((id) => res.indicators[id]);
  if (!ids.length) return;
  b.next();
  const d = res.parameters.dateApplicationLoiClimat;
  sectionRow(b, COLS.last, `Loi Climat et résilience (art. 35) — consultations lancées à compter du ${String(d.d).padStart(2, "0")}/${String(d.m).padStart(2, "0")}/${d.y} : alertes à vérifier`);
  const first = b.row;
  for (const id of ids) indicatorRow(b, COLS, res.indicators[id], { link: anchors.get(id) });
  tableFormats(b, COLS, first, b.row - 1);
  legendRow(
    b,
    COLS.last,
    "À vérifier, pas un constat : la loi prévoit des exceptions (art. L2112-2, L2112-2-1 et L2152-7 du code de la commande publique). Les alertes C7.1 à C7.3 comptent des consultations (« N° consultation ») ; les consultations lancées mais pas encore attribuées sont comptées dans l'année de leur lancement : elles sont encore corrigeables. Les marchés de défense ou de sécurité et les exceptions déclarées sont écartés. C7.4 compte les groupes d'achats homogènes (entité, famille, année) passés sans procédure formalisée dont le total atteint le seuil européen. Les contrats sans « Date de lancement » ne sont pas comptés (leur nombre est indiqué). Les listes figurent dans les points d'attention du tableau de bord 2.",
  );
}
