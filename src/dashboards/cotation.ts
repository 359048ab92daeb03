/** The sheet "Cotation CAD": recurrent contracts to present to the committee, with levers and score. */
import type { Contract, DateValue, Grid, Issue, Parameters, Register } from "../register/types";
import type { TypedAnswers } from "../register/cotation";
import { COTATION_HEADERS, renewalsById, typedAnswersOf } from "../register/cotation";
import { columnLetter as letter, dateToExcelSerial, formatDate, PROCEDURE_LABEL } from "../register/values";
import { planLeverRules, planLevers, planLeverRuleTexts, PLAN_LEVER_POINTS, type PlanLever } from "../indicators/plan-levers";
import { referentialInUse } from "../indicators/referential-in-use";
import { defaultParameters } from "../register/parameters";
import { cotationCandidates, CotationRow, doneList, doneRule, LEVER_POINTS, LEVER_POINTS_MAX, leverList, leverRules, QUESTIONS, score, SCORE_MAX, windowRule, windowText } from "../indicators/cotation";
import { frNumber } from "../indicators/format";
import { PALETTE, SheetBuilder, wrappedHeight } from "./builder";
import type { SheetPlan } from "./plan";
import { a4Landscape, Columns, frenchDateTime, indicatorRow } from "./rows";
import type { IndicatorResult } from "../indicators/types";

export const COTATION_NAME = "Cotation CAD";
export const COTATION_TITLE = "Cotation des marchés récurrents — comité annuel des achats durables (CAD)";

export interface CotationOptions {
  now: Date;
  reference: DateValue;
  /** False when the register has no "Récurrent" column: every contract in the window is listed. */
  hasRecurrentColumn: boolean;
  source?: string;
  /** The levers of the workbook's own plan (src/indicators/plan-levers.ts); absent: the seed's rules. */
  planRules?: PlanLever[];
}

const Q = QUESTIONS.length;
const C = {
  id: 0,
  objet: 1,
  direction: 2,
  montant: 3,
  duree: 4,
  procedure: 5,
  next: 6,
  levers: 7,
  reasons: 8,
  duties: 9,
  points: 10,
  q0: 11,
  score: 11 + Q,
  atStake: 12 + Q,
  decision: 13 + Q,
  renewal: 14 + Q,
  followUp: 15 + Q,
  comment: 16 + Q,
};
const WIDTHS = [12, 28, 14, 12, 7, 13, 11, 11, 40, 24, 7, ...QUESTIONS.map(() => 11), 9, 12, 14, 13, 20, 22];

/** Header of the amount-at-stake column. */
export const AT_STAKE_HEADER = "Montant en jeu (€ HT par an)";
/** Header of the computed follow-up of the decision (not read back). */
export const FOLLOW_UP_HEADER = "Suivi de la décision";
/** Header of the legal duties column. */
export const DUTIES_HEADER = "Obligations légales (0 point)";

/** Header of the score column. */
export const SCORE_HEADER = `Potentiel durable (0-${SCORE_MAX})`;

/** The score of a row as a formula, so that it follows the answers typed in the sheet. */
export function scoreFormula(row1: number): string {
  const parts = QUESTIONS.map((q, i) => `IF(LOWER(LEFT(TRIM(${letter(C.q0 + i)}${row1}),1))="o",${q.points},0)`);
  return `=MIN(${SCORE_MAX},${letter(C.points)}${row1}+${parts.join("+")})`;
}

/** The reasons of a row: the levers to study, the compulsory ones, then those already in place. */
export function reasonsText(row: Pick<CotationRow, "levers">): string {
  const todo = row.levers.filter((l) => !l.done && !l.compulsory).map((l) => `${l.action} : ${l.short}`);
  const compulsory = row.levers.filter((l) => !l.done && l.compulsory).map((l) => `${l.action} obligatoire (0 point) : ${l.compulsory}`);
  const done = doneList(row.levers);
  return [...todo, ...compulsory, ...(done ? [`en place (0 point) : ${done}`] : [])].join(" ; ");
}

/** Where the decision typed for contract `id` goes (SPEC §9), in words; "" when no decision was typed. */
export function followUpText(id: string, t: TypedAnswers | undefined, byId: ReadonlyMap<string, Contract>, renewals: ReadonlyMap<string, Contract[]>): string {
  if (!t || t.decision === null) return "";
  if (!t.decisionActions || t.decisionActions.length === 0) return "décision illisible : à écrire comme « Actions ciblées » (ex. 8; 14; 17)";
  const link = t.renewal !== null && t.renewal !== id ? t.renewal : null;
  const year = (c: Contract) => (c.dateNotification ? `notifié en ${c.dateNotification.y}` : "pas encore notifié");
  if (link !== null) {
    const y = byId.get(link);
    return y ? `appliquée au renouvellement ${y.id} (${year(y)})` : `en attente de renouvellement : « ${link} » n'est pas encore au registre`;
  }
  const list = renewals.get(id) ?? [];
  if (!list.length) return "en attente de renouvellement";
  return `appliquée au renouvellement ${list.map((c) => `${c.id} (${year(c)})`).join(", ")}`;
}

/** Sort key of a row: score × amount at stake, unknown amounts last. */
const priority = (score: number, atStake: number | null) => (atStake === null ? -1 : score * atStake);

/**
 * Lays the sheet out. Rows: the contracts of the window, by score × amount at stake; then the
 * decisions typed earlier on contracts outside the window (`kept`), so that a decision stays in the
 * sheet — and on its renewal — until the user removes it.
 */
export function buildCotationPlan(reg: Register, rows: CotationRow[], typed: Map<string, TypedAnswers>, opts: CotationOptions): SheetPlan {
  const p: Parameters = reg.parameters;
  const last = C.comment;
  const byId = new Map(reg.contracts.map((c) => [c.id, c] as const));
  const renewals = renewalsById(reg.contracts);
  const inWindow = new Set(rows.map((r) => r.contract.id));
  // Decisions typed on contracts outside the window: kept, after the window's rows.
  const kept = [...typed.entries()].filter(([id, t]) => !inWindow.has(id) && (t.decision !== null || t.renewal !== null || t.comment !== null)).sort(([a], [z]) => a.localeCompare(z));
  const pending = [...typed.entries()].filter(([id, t]) => followUpText(id, t, byId, renewals).startsWith("en attente")).map(([id]) => id).sort();
  const b = new SheetBuilder(COTATION_NAME, "cotation", WIDTHS, a4Landscape(p.collectivite, "Cotation des marchés récurrents (CAD)", opts.now, "SPASER — actions 1, 2 et 7", 0.4));
  b.plan.tabColor = "#C55A11";
  Object.assign(b.plan.styles, {
    cId: { vAlign: "top", border: PALETTE.midGrey, numFmt: "@", bold: true },
    cText: { vAlign: "top", wrap: true, border: PALETTE.midGrey, numFmt: "@" },
    cEuro: { vAlign: "top", align: "right", numFmt: '#,##0 "€"', border: PALETTE.midGrey },
    cInt: { vAlign: "top", align: "right", numFmt: "#,##0", border: PALETTE.midGrey },
    cDate: { vAlign: "top", align: "center", numFmt: "dd/mm/yyyy", border: PALETTE.midGrey },
    cLevers: { vAlign: "top", bold: true, color: PALETTE.navy, wrap: true, border: PALETTE.midGrey, numFmt: "@" },
    cReasons: { vAlign: "top", wrap: true, size: 9, border: PALETTE.midGrey, numFmt: "@" },
    cAnswer: { vAlign: "top", align: "center", fill: "#FFF6D5", border: PALETTE.midGrey, numFmt: "@" },
    cScore: { vAlign: "top", align: "center", bold: true, size: 12, color: PALETTE.navy, border: PALETTE.midGrey, numFmt: "0" },
    cDecision: { vAlign: "top", fill: "#E2EFDA", border: PALETTE.midGrey, numFmt: "@", bold: true },
    cComment: { vAlign: "top", wrap: true, fill: "#FFF6D5", border: PALETTE.midGrey, numFmt: "@", size: 9 },
  });
  const t = b.next();
  b.merged(t, 0, last, COTATION_TITLE, "title");
  b.height(t, 30);
  const s = b.next();
  b.merged(s, 0, last, `${p.collectivite ? `${p.collectivite} — ` : ""}Programmation : marchés récurrents, ${windowRule(p)}`, "subtitle");
  b.height(s, 20);
  b.next();
  const info: [string, string][] = [
    ["Date de référence", formatDate(opts.reference)],
    ["Marchés présentés", `${rows.length} marché${rows.length > 1 ? "s" : ""} ${opts.hasRecurrentColumn ? "récurrent" + (rows.length > 1 ? "s" : "") + ", " : "(colonne « Récurrent » absente : tous les marchés), "}${windowText(opts.reference, p)}`],
    ["Registre source", `${opts.source ? `${opts.source}, ` : ""}feuille « ${reg.source.sheet} » (${reg.source.rowsUsed} marché${reg.source.rowsUsed > 1 ? "s" : ""})`],
    ["Décisions en attente de renouvellement", pendingText(pending)],
    ["Actualisé le", frenchDateTime(opts.now)],
  ];
  for (const [k, v] of info) {
    const r = b.next();
    b.merged(r, 0, 1, k, "infoLabel");
    b.merged(r, 2, last, v, "infoValue");
  }
  b.next();
  const header = b.next();
  const heads: [number, string][] = [
    [C.id, COTATION_HEADERS.id],
    [C.objet, "Objet"],
    [C.direction, "Direction"],
    [C.montant, "Montant HT"],
    [C.duree, "Durée (mois)"],
    [C.procedure, "Procédure"],
    [C.next, "Prochaine attribution"],
    [C.levers, "Leviers (actions)"],
    [C.reasons, "Motifs"],
    [C.duties, DUTIES_HEADER],
    [C.points, "Points leviers"],
    ...QUESTIONS.map((q, i): [number, string] => [C.q0 + i, q.label]),
    [C.score, SCORE_HEADER],
    [C.atStake, AT_STAKE_HEADER],
    [C.decision, COTATION_HEADERS.decision],
    [C.renewal, COTATION_HEADERS.renewal],
    [C.followUp, FOLLOW_UP_HEADER],
    [C.comment, COTATION_HEADERS.comment],
  ];
  for (const [c, text] of heads) b.set(header, c, text, c === C.decision || c === C.renewal ? "colHeaderCurrent" : "colHeader");
  b.height(header, wrappedHeight(heads.map(([c, text]) => ({ text, width: WIDTHS[c] - 1 })), 30));
  b.plan.freeze = { rows: header + 1, cols: 1 };
  b.plan.print.titleRows = [header, header];

  const sorted = rows
    .map((row) => ({ row, typed: typed.get(row.contract.id), sc: score(row.levers, typed.get(row.contract.id)?.answers ?? {}) }))
    .sort((a, z) => priority(z.sc, z.row.atStake) - priority(a.sc, a.row.atStake) || z.sc - a.sc || a.row.next.serial - z.row.next.serial || a.row.contract.id.localeCompare(z.row.contract.id));
  const first = b.row;
  for (const { row, typed: ans, sc } of sorted) {
    const r = b.next();
    const c = row.contract;
    b.set(r, C.id, c.id, "cId");
    b.set(r, C.objet, c.objet ?? "", "cText");
    b.set(r, C.direction, c.direction ?? "", "cText");
    b.set(r, C.montant, c.montant, "cEuro");
    b.set(r, C.duree, c.dureeMois, "cInt");
    b.set(r, C.procedure, c.procedure ? PROCEDURE_LABEL[c.procedure] : c.procedureLabel ?? "", "cText");
    b.set(r, C.next, dateToExcelSerial(row.next), "cDate");
    b.set(r, C.levers, leverList(row.levers), "cLevers");
    const reasons = reasonsText(row);
    b.set(r, C.reasons, reasons, "cReasons");
    const duties = row.duties.join(" ; ");
    b.set(r, C.duties, duties, "cReasons");
    b.set(r, C.points, row.points, "cInt");
    QUESTIONS.forEach((q, i) => {
      const a = ans?.answers[q.key];
      b.set(r, C.q0 + i, a === true ? "oui" : a === false ? "non" : null, "cAnswer");
    });
    b.plan.cells.push({ r, c: C.score, value: sc, style: "cScore", formula: scoreFormula(r + 1) });
    b.set(r, C.atStake, row.atStake === null ? null : Math.round(row.atStake), "cEuro");
    b.set(r, C.decision, ans?.decision ?? null, "cDecision");
    b.set(r, C.renewal, ans?.renewal ?? null, "cDecision");
    const follow = followUpText(c.id, ans, byId, renewals);
    b.set(r, C.followUp, follow, "cReasons");
    b.set(r, C.comment, ans?.comment ?? null, "cComment");
    b.height(r, wrappedHeight([
      { text: reasons, width: WIDTHS[C.reasons], size: 9 },
      { text: duties, width: WIDTHS[C.duties], size: 9 },
      { text: c.objet ?? "", width: WIDTHS[C.objet] },
      { text: follow, width: WIDTHS[C.followUp], size: 9 },
      { text: ans?.comment ?? "", width: WIDTHS[C.comment], size: 9 },
    ]));
  }
  const lastRow = b.row - 1;
  for (const [id, ans] of kept) {
    const r = b.next();
    const c = byId.get(id);
    b.set(r, C.id, id, "cId");
    b.set(r, C.objet, c?.objet ?? "", "cText");
    b.set(r, C.direction, c?.direction ?? "", "cText");
    b.set(r, C.montant, c?.montant ?? null, "cEuro");
    b.set(r, C.duree, c?.dureeMois ?? null, "cInt");
    const note = c ? "hors de la fenêtre de cotation : décision d'un CAD précédent, conservée" : "marché absent du registre : décision d'un CAD précédent, conservée";
    b.set(r, C.reasons, note, "cReasons");
    b.set(r, C.decision, ans.decision, "cDecision");
    b.set(r, C.renewal, ans.renewal, "cDecision");
    const follow = followUpText(id, ans, byId, renewals);
    b.set(r, C.followUp, follow, "cReasons");
    b.set(r, C.comment, ans.comment, "cComment");
    b.height(r, wrappedHeight([
      { text: note, width: WIDTHS[C.reasons], size: 9 },
      { text: follow, width: WIDTHS[C.followUp], size: 9 },
      { text: ans.comment ?? "", width: WIDTHS[C.comment], size: 9 },
    ]));
  }
  if (sorted.length) {
    b.plan.validations = [{ range: { r1: first, c1: C.q0, r2: lastRow, c2: C.q0 + QUESTIONS.length - 1 }, list: ["oui", "non"], prompt: "Répondre oui ou non" }];
    b.cf({ type: "dataBar", range: { r1: first, c1: C.score, r2: lastRow, c2: C.score }, color: "#5B9BD5", min: 0, max: SCORE_MAX });
  } else if (!kept.length) {
    const r = b.next();
    b.merged(r, 0, last, `Aucun marché ${opts.hasRecurrentColumn ? "récurrent " : ""}dont l'attribution est prévue dans la fenêtre (${windowText(opts.reference, p)}).`, "infoValue");
  }
  b.next();
  const legendRows = [
    "Comment lire la cotation",
    `Marchés présentés : ${opts.hasRecurrentColumn ? "marchés récurrents" : "tous les marchés (colonne « Récurrent » absente)"} dont la prochaine attribution (date prévisionnelle d'attribution, sinon date de notification + durée) est prévue entre ${frNumber(p.anticipationCotation)} et ${frNumber(p.horizonCotation)} mois après la date de référence, bornes comprises (paramètres « Anticipation cotation (mois) » et « Horizon cotation (mois) » de la feuille « Paramètres ») : les services y travaillent dès J-${frNumber(p.horizonCotation)} mois, le CAD les voit au plus tard à J-${frNumber(p.anticipationCotation)} mois.`,
    ...(opts.planRules
      ? [`Leviers : actions du plan du classeur (feuille « ${reg.plan?.sheet ?? "Plan"} ») qu'un indicateur de type taux de la feuille « Référentiel » nomme par ciblé(n), proposées aux marchés de la population de cet indicateur :`, ...planLeverRuleTexts(opts.planRules).map((x) => `• ${x}`)]
      : ["Leviers : actions du SPASER applicables au marché, d'après le registre et les seuils et durées de la feuille « Paramètres » :", ...leverRules(p).map((x) => `• ${x}`), doneRule(p)]),
    `Potentiel durable (0 à ${SCORE_MAX}) : il mesure ce que le marché peut encore gagner. Points des leviers à étudier (au plus ${LEVER_POINTS_MAX} : ${opts.planRules ? `${PLAN_LEVER_POINTS} par levier` : Object.entries(LEVER_POINTS).map(([a, n]) => `${a} → ${n}`).join(", ")} ; un levier en place ou obligatoire : 0) + réponses « oui » au questionnaire, pour ce que le registre ne dit pas de la pertinence et de la soutenabilité des actions (${QUESTIONS.map((q) => `${q.label.replace(/ \?$/, "")} : ${q.points}`).join(" ; ")}). Le score se met à jour quand une réponse est saisie.`,
    `Obligatoire : la consultation de renouvellement étant lancée après la date de référence, si celle-ci est au plus tôt le ${formatDate(p.dateApplicationLoiClimat)} (« Date d'application loi Climat »), la loi Climat et résilience impose une clause environnementale d'exécution et un critère environnemental (levier 24) et, quand la valeur estimée du besoin (à défaut le montant) atteint le seuil européen (${frNumber(p.seuilEuropeenFournituresServices)} € fournitures et services, ${frNumber(p.seuilEuropeenTravaux)} € travaux et concessions), une considération sociale d'exécution (levier 8) : ces leviers sont marqués « obligatoire » et ne rapportent aucun point (ce sont des devoirs, pas des choix), sauf marché de défense ou de sécurité ou exception déclarée (« Motif d'exception loi Climat »). L'avance obligatoire (art. R2191-3) figure aussi parmi les obligations légales : ce n'est pas le levier 17.`,
    `${AT_STAKE_HEADER} : montant annualisé (montant × 12 / durée en mois ; le montant quand la durée est inconnue). Ordre des marchés : potentiel durable × montant en jeu, du plus grand au plus petit (les montants inconnus en dernier) : un gros marché moyennement coté passe avant un petit marché bien coté.`,
    "Décision CAD : actions retenues par le (la) président(e) de la CAO, au format de la colonne « Actions ciblées » du registre (ex. 8; 14; 17). Elles s'appliquent au marché qui renouvelle celui-ci — celui dont la colonne « Marché précédent » du registre porte ce N° marché, ou celui saisi dans « Marché de renouvellement » — et à nul autre : elles s'ajoutent à ses actions ciblées, si bien que l'indicateur A1.E1 (actions menées à terme / actions arrêtées) de l'année de notification du renouvellement suit les décisions du comité ; les années déjà arrêtées ne changent jamais. Tant que le renouvellement n'est pas au registre, la décision est « en attente de renouvellement » (tableau de bord 1, action 1). Les réponses, décisions, liens et commentaires saisis sont conservés lors d'une actualisation (rapprochement par N° marché), y compris pour un marché sorti de la fenêtre.",
  ];
  legendRows.forEach((text, i) => {
    const r = b.next();
    b.merged(r, 0, last, text, i === 0 ? "infoLabel" : "legend");
    let width = 0;
    for (const w of WIDTHS) width += w;
    b.height(r, wrappedHeight([{ text, width: width - 4, size: 9 }], 14));
  });
  return b.plan;
}

/** What a "Cotation CAD" run produces, for the command line and the add-in alike. */
export interface CotationRun {
  plan: SheetPlan;
  rows: CotationRow[];
  /** Rows whose answers, decision or comment typed earlier were kept. */
  kept: number;
  /** Problems found reading what users typed in the previous cotation sheets. */
  issues: Issue[];
}

/**
 * The whole cotation, once: reads back what users typed in the previous "Cotation CAD" sheets
 * (later grids win), picks the contracts of the window and lays the sheet out.
 */
export function prepareCotation(reg: Register, previousSheets: Grid[], opts: Omit<CotationOptions, "hasRecurrentColumn">): CotationRun {
  const typed = typedAnswersOf(previousSheets, QUESTIONS);
  const hasRecurrentColumn = reg.source.columns.recurrent !== undefined;
  // A buyer's own plan: its levers are its actions that a `taux` indicator names by ciblé(n).
  const rules = reg.plan ? planLeverRules(reg, referentialInUse(reg.parameters, reg.referentiel, defaultParameters(), reg.plan)) : null;
  const rows = cotationCandidates(reg.contracts, reg.parameters, opts.reference, hasRecurrentColumn, rules ? (c) => planLevers(c, rules) : undefined);
  // The loi Climat's duties name the seed's levers (24, 8): a buyer's plan has its own numbers.
  if (rules) for (const r of rows) r.duties = r.duties.map((d) => d.replace(/ \((24|8)\)$/, ""));
  const plan = buildCotationPlan(reg, rows, typed.answers, { ...opts, hasRecurrentColumn, ...(rules ? { planRules: rules } : {}) });
  const kept = rows.filter((r) => {
    const t = typed.answers.get(r.contract.id);
    return !!t && (t.decision !== null || t.renewal !== null || t.comment !== null || Object.keys(t.answers).length > 0);
  }).length;
  return { plan, rows, kept, issues: typed.issues };
}

/** "12 marchés à présenter, saisies conservées pour 3" */
export function cotationSummary(run: CotationRun): string {
  const n = run.rows.length;
  return `${n} marché${n > 1 ? "s" : ""} à présenter${run.kept ? `, saisies conservées pour ${run.kept}` : ""}`;
}

/** « 2 : M4, M6 » or « aucune ». */
function pendingText(ids: string[]): string {
  if (!ids.length) return "aucune";
  return `${ids.length} : ${ids.slice(0, 20).join(", ")}${ids.length > 20 ? ` … (${ids.length - 20} de plus)` : ""} (décisions prises, marché de renouvellement pas encore au registre)`;
}

/**
 * TdB 1, under action 1: the CAD's decisions waiting for their renewal (SPEC §9), count and ids —
 * when the workbook holds a cotation sheet.
 */
export function pendingDecisionsRow(b: SheetBuilder, cols: Columns, reg: Register): void {
  const d = reg.decisions;
  if (!d) return;
  const ids = [...new Set(d.pending.map((x) => x.decidedOn))];
  const comment = ids.length
    ? `marchés ${ids.slice(0, 20).join(", ")}${ids.length > 20 ? ` … (${ids.length - 20} de plus)` : ""} : décisions prises, marché de renouvellement pas encore au registre ; elles compteront dans A1.E1 de l'année de notification du renouvellement`
    : "toutes les décisions CAD saisies s'appliquent à un marché de renouvellement du registre";
  const r: IndicatorResult = { id: "CAD", label: "Décisions CAD en attente de renouvellement", unit: "count", kind: "realisation", action: 1, value: ids.length, comment };
  indicatorRow(b, cols, r);
}
