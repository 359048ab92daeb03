/**
 * Decision support for the annual committee (CAD), actions 1, 2 and 7 of the SPASER: which levers a
 * contract qualifies for (each with its reason), whether the current contract already carries it,
 * its "potentiel durable" score (the potential for improvement), and the recurrent contracts to
 * present before their next award, in the window set by « Anticipation cotation (mois) » and
 * « Horizon cotation (mois) » of Paramètres. Pure.
 */
import { REGISTER_COLUMN_BY_KEY } from "../register/columns";
import type { Contract, DateValue, Nature, Parameters, ProcedureKind } from "../register/types";
import { addMonths, allowsNegotiation, fold, formatDate } from "../register/values";
import { frNumber } from "./format";
import { REALISED_KEYS } from "./considerations";

export interface Lever {
  action: number;
  /** Why, in a sentence. */
  reason: string;
  /** Why, in a few words (for the sheet). */
  short: string;
  /**
   * The current contract already carries the provision (register columns of DONE_KEYS): the lever
   * is shown as « en place » and brings no point, the score measuring the potential for improvement.
   */
  done: boolean;
}

/** Register columns that say a lever is already in place in the current contract. */
export type DoneKey =
  | "clauseInsertion"
  | "critereInsertion"
  | "reserve"
  | "clauseSociale"
  | "commerceEquitable"
  | "alloti"
  | "avance"
  | "tauxAvance"
  | "questionnementBesoin"
  | "clausesEquilibrees"
  | "revisionPrix"
  | "negociation"
  | "evaluation"
  | "clauseSobriete"
  | "acv"
  | "amoDD"
  | "critereEnvironnemental"
  | "clauseEnvironnementale"
  | "clauseDonneesImpact"
  | "clauseLimitationImpact"
  | "compensationCarbone";

/**
 * What the rules read of a contract (a register row, or the arguments of =SPASER.LEVIERS). The
 * provisions already in place are optional: absent, nothing is taken as done.
 */
export interface LeverInput extends Partial<Pick<Contract, DoneKey>> {
  montant: number | null;
  procedure: ProcedureKind | null;
  dureeMois: number | null;
  nature?: Nature | null;
  objet?: string | null;
  famille?: string | null;
  recurrent?: boolean | null;
}

/**
 * Per lever, the register columns of which one at « oui » means the provision is already in place:
 * realised(c, n) (docs/methodologie.md: the columns A1.E1 reads, so that what the CAD decides and what A1.E1
 * measures agree), plus « Révision des prix » for 19 (the lever proposes exactly that clause).
 * Action 17 is done when the advance is bonified (Avance not « non » and Taux d'avance ≥ Taux avance
 * bonifiée), or, for a contract above the bonified-advance threshold, when an advance is paid.
 * A blank yes/no cell means « non »; an absent column or an unreadable cell leaves the lever to study.
 */
export const DONE_KEYS: Readonly<Record<number, readonly DoneKey[]>> = {
  ...(REALISED_KEYS as Readonly<Record<number, readonly DoneKey[]>>),
  17: ["avance", "tauxAvance"],
  19: [...(REALISED_KEYS[19] as readonly DoneKey[]), "revisionPrix"],
};

/**
 * Months in a year: action 10 wants a contract of at least a year (the time of a qualifying course),
 * action 21 evaluates a contract of at least a year as it does a recurrent one.
 */
export const MOIS_PAR_AN = 12;

const eur = (n: number) => `${frNumber(n)} € HT`;
const months = (n: number) => `${frNumber(n)} mois`;

const FAIR_TRADE = /restauration scolaire|restauration collective|denrees|traiteur|objets? promotionnel|goodies|cafe|the |chocolat|textile/;
const CONSTRUCTION = /construction|renovation|rehabilitation|extension|restructuration|reconstruction/;
const IMPACTS = /transport|livraison|vehicule|carburant|energie|electricite|gaz|chauffage|collecte|dechets|logistique|informatique|numerique|travaux|nettoyage/;

const yes = (c: LeverInput, keys: readonly DoneKey[]) => keys.some((k) => c[k] === true);

/** Whether the current contract already carries lever n (see DONE_KEYS). */
export function leverDone(c: LeverInput, n: number, p: Parameters): boolean {
  if (n === 17) {
    if (c.avance === false) return false;
    const m = c.montant;
    // Above the bonified-advance threshold only the mandatory advance is proposed: any advance paid.
    if (m !== null && m >= p.seuilAvanceBonifiee) return c.avance === true || (c.tauxAvance !== null && c.tauxAvance !== undefined && c.tauxAvance > 0);
    return c.tauxAvance !== null && c.tauxAvance !== undefined && c.tauxAvance >= p.tauxAvanceBonifiee - 1e-9;
  }
  const keys = DONE_KEYS[n];
  return keys ? yes(c, keys) : false;
}

/**
 * The levers a contract qualifies for, with their reasons (thresholds from Paramètres) and whether
 * each is already in place. Actions 12 and 18 are proposed for every contract (the tie-break clause;
 * the definition of the need, « l'action fondamentale »); a concession gets the equality and
 * « valeurs de la République » clauses of action 12, free negotiation (20), and neither the
 * allotment (14) nor the advance (17) of public contracts.
 */
export function levers(c: LeverInput, p: Parameters): Lever[] {
  const out: Omit<Lever, "done">[] = [];
  const text = fold(`${c.objet ?? ""} ${c.famille ?? ""}`);
  const m = c.montant;
  const d = c.dureeMois;
  const concession = c.nature === "Concession";
  if (m !== null && m > p.seuilClauseInsertion) out.push({ action: 8, reason: `montant ${eur(m)} > seuil clause d'insertion (${eur(p.seuilClauseInsertion)}) : étudier une clause d'insertion`, short: `montant > ${eur(p.seuilClauseInsertion)}` });
  if (m !== null && m > p.seuilClauseInsertion && d !== null && d >= MOIS_PAR_AN)
    out.push({ action: 10, reason: `marché clausable d'au moins un an (${months(d)}) : expérimenter un critère d'insertion (parcours qualifiants)`, short: "clausable, ≥ 1 an" });
  if (m !== null && m <= p.seuilMarchesReserves) out.push({ action: 11, reason: `montant ${eur(m)} ≤ seuil marchés réservés (${eur(p.seuilMarchesReserves)}) : étudier une réservation (ESS, SIAE, EA, ESAT)`, short: `montant ≤ ${eur(p.seuilMarchesReserves)}` });
  if (concession)
    out.push({ action: 12, reason: "concession : clause de départage fondée sur la lutte contre les discriminations, clauses relatives à l'égalité femmes-hommes et aux valeurs de la République", short: "départage, égalité femmes-hommes, valeurs de la République" });
  else out.push({ action: 12, reason: "systématiser une clause de départage en cas d'égalité entre soumissionnaires, fondée sur la lutte contre les discriminations", short: "clause de départage" });
  if (FAIR_TRADE.test(text)) out.push({ action: 13, reason: "segment du commerce équitable (restauration scolaire, traiteur, objets promotionnels…)", short: "segment équitable" });
  if (!concession) out.push({ action: 14, reason: "allotissement obligatoire : toute dérogation doit être justifiée", short: "allotissement obligatoire" });
  const mandatory = m !== null && d !== null && d > p.dureeAvanceObligatoire && m > p.seuilAvanceObligatoire;
  const mandatoryText = `durée > ${months(p.dureeAvanceObligatoire)} et montant > ${eur(p.seuilAvanceObligatoire)}`;
  if (concession) {
    // No advance in a concession (the concessionaire is paid by the operation).
  } else if (m !== null && m < p.seuilAvanceBonifiee) {
    out.push({
      action: 17,
      reason: `montant ${eur(m)} < ${eur(p.seuilAvanceBonifiee)} : avance bonifiée à ${frNumber(p.tauxAvanceBonifiee * 100)} % pour les TPE/PME${mandatory ? ` ; avance obligatoire (${mandatoryText})` : ""}`,
      short: `avance bonifiée${mandatory ? " ; avance obligatoire" : ""}`,
    });
  } else if (mandatory) {
    out.push({ action: 17, reason: `avance obligatoire : durée ${months(d as number)} > ${months(p.dureeAvanceObligatoire)} et montant > ${eur(p.seuilAvanceObligatoire)}`, short: "avance obligatoire" });
  }
  out.push({ action: 18, reason: "définir le juste besoin, l'action fondamentale : but recherché, fonctions à assurer, résultats attendus, avant le cahier des charges", short: "juste besoin" });
  if (d !== null && d > p.dureeRevisionPrix) out.push({ action: 19, reason: `durée ${months(d)} > ${months(p.dureeRevisionPrix)} : clause de révision des prix`, short: `durée > ${months(p.dureeRevisionPrix)}` });
  if (concession) out.push({ action: 20, reason: "concession : l'autorité concédante peut négocier librement", short: "négociation possible" });
  else if (c.procedure !== null && allowsNegotiation(c.procedure)) out.push({ action: 20, reason: "procédure permettant la négociation (MAPA, procédure avec négociation, dialogue compétitif)", short: "négociation possible" });
  if (c.recurrent === true || (d !== null && d >= MOIS_PAR_AN)) out.push({ action: 21, reason: "marché récurrent ou d'au moins un an : évaluation réciproque de l'exécution", short: "récurrent ou ≥ 1 an" });
  out.push({ action: 22, reason: "questionner le besoin dans une perspective de sobriété (renoncer, réduire, louer, mutualiser)", short: "sobriété" });
  const works = c.nature === "Travaux" && CONSTRUCTION.test(text);
  if (works) out.push({ action: 23, reason: "construction ou rénovation d'ouvrage : AMO développement durable", short: "construction / rénovation" });
  out.push({ action: 24, reason: "analyse du cycle de vie et critères écologiques", short: "ACV, critères écologiques" });
  if (IMPACTS.test(text) || c.nature === "Travaux") out.push({ action: 25, reason: "impacts mesurables (livraisons, énergie, déchets, émissions) : clause de suivi des impacts", short: "impacts mesurables" });
  if (works && m !== null && m > p.seuilOperationsEnvergure) out.push({ action: 26, reason: `opération d'envergure (${eur(m)} > ${eur(p.seuilOperationsEnvergure)}) : expérimenter la compensation carbone`, short: "opération d'envergure" });
  return out.map((l) => ({ ...l, done: leverDone(c, l.action, p) })).sort((a, b) => a.action - b.action);
}

/** Rules of judgement, written in the legend of the sheet (thresholds and durations from Paramètres). */
export function leverRules(p: Parameters): string[] {
  return [
    `8 : montant > seuil clause d'insertion (${eur(p.seuilClauseInsertion)}) ; 10 : en plus, durée d'au moins un an (temps d'un parcours qualifiant)`,
    `11 : montant ≤ seuil marchés réservés (${eur(p.seuilMarchesReserves)}) ; 12 : tout marché (clause de départage en cas d'égalité, fondée sur la lutte contre les discriminations), et pour une concession les clauses d'égalité femmes-hommes et de valeurs de la République`,
    "13 : restauration scolaire ou collective, denrées, traiteur, objets promotionnels, textile ; 18 (définir le juste besoin, l'action fondamentale), 22 et 24 : tout marché ; 14 : tout marché sauf une concession",
    `17 (sauf concession) : montant < seuil avance bonifiée (${eur(p.seuilAvanceBonifiee)}), ou avance obligatoire (durée > ${months(p.dureeAvanceObligatoire)} et montant > ${eur(p.seuilAvanceObligatoire)}) ; 19 : durée > ${months(p.dureeRevisionPrix)} ; 20 : MAPA, procédure avec négociation, dialogue compétitif, concession`,
    `21 : marché récurrent ou d'au moins un an ; 23 : travaux de construction, rénovation, réhabilitation ; 25 : transport, livraisons, énergie, déchets, numérique, travaux ; 26 : 23 et montant > seuil opérations d'envergure (${eur(p.seuilOperationsEnvergure)})`,
  ];
}

/** The register columns that mean « already in place », per lever, for the legend. */
export function doneRule(p: Parameters): string {
  const name = (k: string) => `« ${REGISTER_COLUMN_BY_KEY.get(k)?.header ?? k} »`;
  const parts = Object.entries(DONE_KEYS).map(([n, keys]) =>
    Number(n) === 17
      ? `17 ${name("tauxAvance")} ≥ ${frNumber(p.tauxAvanceBonifiee * 100)} % sans ${name("avance")} à « non » (au-delà de ${eur(p.seuilAvanceBonifiee)} : une avance versée)`
      : `${n} ${keys.map(name).join(" ou ")}`,
  );
  return `Déjà en place : un levier que le marché actuel porte déjà (colonne du registre à « oui », les mêmes que l'indicateur A1.E1) est signalé « en place » dans les motifs et ne rapporte aucun point : ${parts.join(" ; ")}. Une cellule vide vaut « non » ; une colonne absente ou une cellule illisible laisse le levier à étudier.`;
}

/** Points each lever brings to the score (relevance of the action for a contract) when it is not in place. */
export const LEVER_POINTS: Readonly<Record<number, number>> = {
  8: 10, 10: 4, 11: 8, 12: 2, 13: 6, 14: 2, 17: 3, 18: 4, 19: 2, 20: 3, 21: 2, 22: 2, 23: 5, 24: 2, 25: 4, 26: 5,
};
export const LEVER_POINTS_MAX = 50;
/** The score's ceiling: lever points plus the questionnaire's. */
export const SCORE_MAX = 100;

export interface Question {
  key: string;
  label: string;
  points: number;
}

/**
 * The questionnaire answered in the sheet (oui / non), and what each "oui" brings: what the
 * register cannot tell about the relevance (ESS offer, reuse, impact) and the sustainability of the
 * actions (action 7: « vérifier la pertinence et la soutenabilité des actions »; action 2: proactive
 * directions are supported as far as resources allow). What the current contract already carries is
 * read from the register (DONE_KEYS), never asked.
 */
export const QUESTIONS: readonly Question[] = [
  { key: "ess", label: "Offre ESS / SIAE / EA / ESAT connue sur le territoire ?", points: 15 },
  { key: "reemploi", label: "Alternative de réemploi, de location ou de mutualisation ?", points: 10 },
  { key: "carbone", label: "Impact carbone ou environnemental significatif ?", points: 15 },
  { key: "moyens", label: "Direction volontaire et moyens disponibles pour l'accompagner ?", points: 10 },
];

export type Answers = Partial<Record<string, boolean | null>>;

/** Points of the levers still to study (a lever in place brings none), at most LEVER_POINTS_MAX. */
export function leverPoints(ls: Lever[]): number {
  return Math.min(LEVER_POINTS_MAX, ls.reduce((s, l) => s + (l.done ? 0 : LEVER_POINTS[l.action] ?? 0), 0));
}

/** Potentiel durable, 0 to SCORE_MAX: lever points (at most LEVER_POINTS_MAX) + the questionnaire's "oui". */
export function score(ls: Lever[], answers: Answers = {}): number {
  let s = leverPoints(ls);
  for (const q of QUESTIONS) if (answers[q.key] === true) s += q.points;
  return Math.min(SCORE_MAX, s);
}

/**
 * The contract's next award: the planned award date, else notification + duration. A planned date
 * that is not after the notification was the plan of the award already made: it is not the next one.
 */
export function nextAward(c: Pick<Contract, "datePrevisionnelle" | "dateNotification" | "dureeMois">): DateValue | null {
  if (c.datePrevisionnelle && (!c.dateNotification || c.datePrevisionnelle.serial > c.dateNotification.serial)) return c.datePrevisionnelle;
  if (c.dateNotification && c.dureeMois !== null) return addMonths(c.dateNotification, Math.round(c.dureeMois));
  return null;
}

export interface CotationRow {
  contract: Contract;
  next: DateValue;
  levers: Lever[];
  points: number;
}

/** The window of next awards: [reference + Anticipation cotation, reference + Horizon cotation] (edges included). */
export function cotationWindow(reference: DateValue, p: Parameters): { from: DateValue; to: DateValue } {
  return { from: addMonths(reference, p.anticipationCotation), to: addMonths(reference, p.horizonCotation) };
}

/**
 * Recurrent contracts whose next award falls in the window: the services work on them from
 * J-horizon, the CAD sees them at J-anticipation at the latest.
 */
export function cotationCandidates(contracts: Contract[], p: Parameters, reference: DateValue, hasRecurrentColumn: boolean): CotationRow[] {
  const w = cotationWindow(reference, p);
  const out: CotationRow[] = [];
  for (const c of contracts) {
    if (hasRecurrentColumn && c.recurrent !== true) continue;
    const next = nextAward(c);
    if (!next || next.serial < w.from.serial || next.serial > w.to.serial) continue;
    const ls = levers(c, p);
    out.push({ contract: c, next, levers: ls, points: leverPoints(ls) });
  }
  return out;
}

/** « attribution prévue entre le 01/10/2026 et le 01/10/2027 » */
export function windowText(reference: DateValue, p: Parameters): string {
  const w = cotationWindow(reference, p);
  return `attribution prévue entre le ${formatDate(w.from)} et le ${formatDate(w.to)}`;
}

/** « dont l'attribution est prévue A à H mois après la date de référence » (A, H: anticipation and horizon). */
export function windowClause(p: Parameters): string {
  return `dont l'attribution est prévue ${frNumber(p.anticipationCotation)} à ${months(p.horizonCotation)} après la date de référence`;
}

/** « attribution prévue dans A à H mois (travail des services dès J-H mois, présentation au CAD au plus tard à J-A mois) » */
export function windowRule(p: Parameters): string {
  return `attribution prévue dans ${frNumber(p.anticipationCotation)} à ${months(p.horizonCotation)} (travail des services dès J-${months(p.horizonCotation)}, présentation au CAD au plus tard à J-${months(p.anticipationCotation)})`;
}

/** The levers still to study: "8; 14; 17". */
export function leverList(ls: Lever[]): string {
  return ls
    .filter((l) => !l.done)
    .map((l) => l.action)
    .join("; ");
}

/** The levers already in place: "8; 18". */
export function doneList(ls: Lever[]): string {
  return ls
    .filter((l) => l.done)
    .map((l) => l.action)
    .join("; ");
}
