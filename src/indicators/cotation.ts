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
import { splittingGroups } from "./builtins";
import type { SplitGroup } from "./types";

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
  /**
   * The loi Climat makes the provision compulsory at the renewal (SPEC §7.1, §9): shown
   * « obligatoire » with its legal basis, worth no point (a duty, not a choice). Absent: a choice.
   */
  compulsory?: string;
  /** Points when still to study (a buyer's own plan: src/indicators/plan-levers.ts); default LEVER_POINTS. */
  points?: number;
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
export interface LeverInput extends Partial<Pick<Contract, DoneKey | "typeContrat" | "defense" | "valeurEstimee" | "motifExceptionClimat">> {
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
 * bonifiée): lever 17 is the SPASER's bonified advance only, never the compulsory advance.
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
    return c.tauxAvance !== null && c.tauxAvance !== undefined && c.tauxAvance >= p.tauxAvanceBonifiee - 1e-9;
  }
  const keys = DONE_KEYS[n];
  return keys ? yes(c, keys) : false;
}

/** Where the contract's renewal stands in time, for the duties of the law. */
export interface LeverContext {
  /**
   * The earliest launch of the renewal's consultation: the cotation's reference date (the committee
   * sees a contract before its renewal is launched). The loi Climat applies to the renewal when it
   * is on or after « Date d'application loi Climat ». Absent: not known, no lever is marked compulsory.
   */
  launchFrom?: DateValue;
  /**
   * The C7.4 group of homogeneous purchases the contract belongs to (SPEC §7.4): a reservation is
   * then never proposed on its amount alone without saying so.
   */
  splitting?: SplitGroup;
}

/** A concession, by « Type de contrat » or by its nature. */
export const isConcession = (c: Pick<LeverInput, "typeContrat" | "nature">): boolean => c.typeContrat === "concession" || c.nature === "Concession";

/** The European threshold of the contract's kind (§7.1.1): concession, works, else supplies and services. */
export function europeanThreshold(c: Pick<LeverInput, "typeContrat" | "nature">, p: Parameters): number {
  if (isConcession(c)) return (p as Parameters & { seuilEuropeenConcessions?: number }).seuilEuropeenConcessions ?? p.seuilEuropeenTravaux;
  return c.nature === "Travaux" ? p.seuilEuropeenTravaux : p.seuilEuropeenFournituresServices;
}

/** What the loi Climat (art. 35) requires of the renewal of a contract (SPEC §7.1, §9). */
export interface ClimatDuties {
  /** The renewal's consultation is launched on or after the application date. */
  applies: boolean;
  /** Why the renewal is outside the loi Climat's duties (defence, exception declared), else null. */
  excluded: string | null;
  /** Environmental execution clause and environmental award criterion: compulsory. */
  environmental: boolean;
  /** Social execution consideration: compulsory (the need's value is at least the European threshold). */
  social: boolean;
  /** The value tested against the threshold (Valeur estimée du besoin, else the amount) and the threshold. */
  value: number | null;
  threshold: number;
}

export function climatDuties(c: LeverInput, p: Parameters, ctx: LeverContext = {}): ClimatDuties {
  const threshold = europeanThreshold(c, p);
  const value = c.valeurEstimee ?? c.montant;
  const applies = !!ctx.launchFrom && ctx.launchFrom.serial >= p.dateApplicationLoiClimat.serial;
  const excluded = c.defense === true ? "marché de défense ou de sécurité" : c.motifExceptionClimat ? `exception déclarée : ${c.motifExceptionClimat}` : null;
  const on = applies && excluded === null;
  return { applies, excluded, environmental: on, social: on && value !== null && value >= threshold, value, threshold };
}

/**
 * The levers a contract qualifies for, with their reasons (thresholds from Paramètres) and whether
 * each is already in place. Actions 12 and 18 are proposed for every contract (the tie-break clause;
 * the definition of the need, « l'action fondamentale »); a concession gets the equality and
 * « valeurs de la République » clauses of action 12, free negotiation (20), and neither the
 * allotment (14) nor the advance (17) of public contracts. Lever 17 is the SPASER's bonified advance,
 * below « Seuil avance bonifiée » only; the compulsory advance of art. R2191-3 is a legal duty
 * (legalDuties), never a lever. When the renewal falls under the loi Climat (`ctx.launchFrom`), the
 * levers it makes compulsory are marked (`compulsory`) and worth no point: 24 (environmental clause
 * and criterion) and, at or above the European threshold, 8 (the social execution consideration).
 */
export function levers(c: LeverInput, p: Parameters, ctx: LeverContext = {}): Lever[] {
  const out: Omit<Lever, "done">[] = [];
  const text = fold(`${c.objet ?? ""} ${c.famille ?? ""}`);
  const m = c.montant;
  const d = c.dureeMois;
  const concession = isConcession(c);
  if (m !== null && m > p.seuilClauseInsertion) out.push({ action: 8, reason: `montant ${eur(m)} > seuil clause d'insertion (${eur(p.seuilClauseInsertion)}) : étudier une clause d'insertion`, short: `montant > ${eur(p.seuilClauseInsertion)}` });
  if (m !== null && m > p.seuilClauseInsertion && d !== null && d >= MOIS_PAR_AN)
    out.push({ action: 10, reason: `marché clausable d'au moins un an (${months(d)}) : expérimenter un critère d'insertion (parcours qualifiants)`, short: "clausable, ≥ 1 an" });
  if (m !== null && m <= p.seuilMarchesReserves) {
    const g = ctx.splitting;
    const split = g
      ? ` ; attention : fractionnement possible (C7.4) — ce marché fait partie des achats « ${g.famille} » de ${g.entite} en ${g.annee}, ${eur(g.total)} au total pour ${g.ids.length} marchés : la procédure et la réservation s'apprécient sur la valeur du besoin, pas sur ce seul montant`
      : "";
    out.push({ action: 11, reason: `montant ${eur(m)} ≤ seuil marchés réservés (${eur(p.seuilMarchesReserves)}) : étudier une réservation (ESS, SIAE, EA, ESAT)${split}`, short: `montant ≤ ${eur(p.seuilMarchesReserves)}${g ? " (fractionnement possible : C7.4)" : ""}` });
  }
  if (concession)
    out.push({ action: 12, reason: "concession : clause de départage fondée sur la lutte contre les discriminations, clauses relatives à l'égalité femmes-hommes et aux valeurs de la République", short: "départage, égalité femmes-hommes, valeurs de la République" });
  else out.push({ action: 12, reason: "systématiser une clause de départage en cas d'égalité entre soumissionnaires, fondée sur la lutte contre les discriminations", short: "clause de départage" });
  if (FAIR_TRADE.test(text)) out.push({ action: 13, reason: "segment du commerce équitable (restauration scolaire, traiteur, objets promotionnels…)", short: "segment équitable" });
  if (!concession) out.push({ action: 14, reason: "allotissement obligatoire : toute dérogation doit être justifiée", short: "allotissement obligatoire" });
  // No advance in a concession (the concessionaire is paid by the operation).
  if (!concession && m !== null && m < p.seuilAvanceBonifiee)
    out.push({ action: 17, reason: `montant ${eur(m)} < ${eur(p.seuilAvanceBonifiee)} : avance bonifiée à ${frNumber(p.tauxAvanceBonifiee * 100)} % sans garantie à première demande pour les TPE/PME (dispositif du SPASER)`, short: "avance bonifiée" });
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
  const duties = climatDuties(c, p, ctx);
  const marked: Lever[] = out.map((l) => ({ ...l, done: leverDone(c, l.action, p) }));
  if (duties.environmental) {
    const l = marked.find((x) => x.action === 24);
    if (l) l.compulsory = `loi Climat (art. ${concession ? "L3114-2 et L3124-5" : "L2112-2 et L2152-7"}) : clause environnementale d'exécution et critère environnemental d'attribution`;
  }
  if (duties.social) {
    let l = marked.find((x) => x.action === 8);
    if (!l) {
      l = { action: 8, reason: "considération sociale d'exécution", short: "considération sociale", done: leverDone(c, 8, p) };
      marked.push(l);
    }
    l.compulsory = `loi Climat (art. ${concession ? "L3114-2-1" : "L2112-2-1"}) : considération sociale d'exécution, le besoin (${eur(duties.value as number)}) atteignant le seuil européen (${eur(duties.threshold)})`;
  }
  return marked.sort((a, b) => a.action - b.action);
}

/**
 * Legal duties of the renewal that are not levers of the SPASER (shown as such, worth no point):
 * the compulsory advance of art. R2191-3 (duration and amount above « Durée avance obligatoire » and
 * « Seuil avance obligatoire »), and the loi Climat's duties, or why the renewal is outside them.
 */
export function legalDuties(c: LeverInput, p: Parameters, ctx: LeverContext = {}): string[] {
  const out: string[] = [];
  const m = c.montant;
  const d = c.dureeMois;
  if (!isConcession(c) && m !== null && d !== null && d > p.dureeAvanceObligatoire && m > p.seuilAvanceObligatoire)
    out.push(`avance obligatoire (art. R2191-3 : durée > ${months(p.dureeAvanceObligatoire)} et montant > ${eur(p.seuilAvanceObligatoire)})`);
  const duties = climatDuties(c, p, ctx);
  if (duties.applies && duties.excluded) out.push(`loi Climat : ${duties.excluded}`);
  if (duties.environmental) out.push("loi Climat : clause environnementale d'exécution et critère environnemental (24)");
  if (duties.social) out.push("loi Climat : considération sociale d'exécution, seuil européen atteint (8)");
  return out;
}

/** Rules of judgement, written in the legend of the sheet (thresholds and durations from Paramètres). */
export function leverRules(p: Parameters): string[] {
  return [
    `8 : montant > seuil clause d'insertion (${eur(p.seuilClauseInsertion)}) ; 10 : en plus, durée d'au moins un an (temps d'un parcours qualifiant)`,
    `11 : montant ≤ seuil marchés réservés (${eur(p.seuilMarchesReserves)}) ; 12 : tout marché (clause de départage en cas d'égalité, fondée sur la lutte contre les discriminations), et pour une concession les clauses d'égalité femmes-hommes et de valeurs de la République`,
    "13 : restauration scolaire ou collective, denrées, traiteur, objets promotionnels, textile ; 18 (définir le juste besoin, l'action fondamentale), 22 et 24 : tout marché ; 14 : tout marché sauf une concession",
    `17 (sauf concession) : montant < seuil avance bonifiée (${eur(p.seuilAvanceBonifiee)}), l'avance bonifiée du SPASER ; l'avance obligatoire (art. R2191-3 : durée > ${months(p.dureeAvanceObligatoire)} et montant > ${eur(p.seuilAvanceObligatoire)}) est une obligation légale, pas un levier (colonne « Obligations légales ») ; 19 : durée > ${months(p.dureeRevisionPrix)} ; 20 : MAPA, procédure avec négociation, dialogue compétitif, concession`,
    `21 : marché récurrent ou d'au moins un an ; 23 : travaux de construction, rénovation, réhabilitation ; 25 : transport, livraisons, énergie, déchets, numérique, travaux ; 26 : 23 et montant > seuil opérations d'envergure (${eur(p.seuilOperationsEnvergure)})`,
  ];
}

/** The register columns that mean « already in place », per lever, for the legend. */
export function doneRule(p: Parameters): string {
  const name = (k: string) => `« ${REGISTER_COLUMN_BY_KEY.get(k)?.header ?? k} »`;
  const parts = Object.entries(DONE_KEYS).map(([n, keys]) =>
    Number(n) === 17
      ? `17 ${name("tauxAvance")} ≥ ${frNumber(p.tauxAvanceBonifiee * 100)} % sans ${name("avance")} à « non »`
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

/** Points of the levers still to study (a lever in place or compulsory brings none), at most LEVER_POINTS_MAX. */
export function leverPoints(ls: Lever[]): number {
  return Math.min(LEVER_POINTS_MAX, ls.reduce((s, l) => s + (l.done || l.compulsory ? 0 : l.points ?? LEVER_POINTS[l.action] ?? 0), 0));
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
  /** Legal duties of the renewal that are not levers (legalDuties). */
  duties: string[];
  /** Amount at stake (€ HT a year), null when the amount is unknown (amountAtStake). */
  atStake: number | null;
}

/**
 * The amount at stake of a contract (SPEC §9): its amount a year — montant × 12 / dureeMois when
 * the duration is known and not zero, else the montant; null when the montant is unknown.
 */
export function amountAtStake(c: Pick<Contract, "montant" | "dureeMois">): number | null {
  if (c.montant === null) return null;
  return c.dureeMois !== null && c.dureeMois > 0 ? (c.montant * MOIS_PAR_AN) / c.dureeMois : c.montant;
}

/** The window of next awards: [reference + Anticipation cotation, reference + Horizon cotation] (edges included). */
export function cotationWindow(reference: DateValue, p: Parameters): { from: DateValue; to: DateValue } {
  return { from: addMonths(reference, p.anticipationCotation), to: addMonths(reference, p.horizonCotation) };
}

/**
 * Recurrent contracts whose next award falls in the window: the services work on them from
 * J-horizon, the CAD sees them at J-anticipation at the latest.
 */
export function cotationCandidates(contracts: Contract[], p: Parameters, reference: DateValue, hasRecurrentColumn: boolean, own?: (c: Contract) => Lever[]): CotationRow[] {
  const w = cotationWindow(reference, p);
  const out: CotationRow[] = [];
  // The C7.4 groups of the register: a contract of one is never proposed a reservation on its own amount without a word.
  const groupOf = new Map<string, SplitGroup>();
  for (const g of splittingGroups(contracts, p)) for (const id of g.ids) groupOf.set(id, g);
  for (const c of contracts) {
    if (hasRecurrentColumn && c.recurrent !== true) continue;
    const next = nextAward(c);
    if (!next || next.serial < w.from.serial || next.serial > w.to.serial) continue;
    // The renewal's consultation is launched after the committee sees the contract.
    const g = groupOf.get(c.id);
    const ctx: LeverContext = { launchFrom: reference, ...(g ? { splitting: g } : {}) };
    const ls = own ? own(c) : levers(c, p, ctx);
    out.push({ contract: c, next, levers: ls, points: leverPoints(ls), duties: legalDuties(c, p, ctx), atStake: amountAtStake(c) });
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

/** The levers still to study: "8; 14; 17", a compulsory one marked: "8 (obligatoire); 14". */
export function leverList(ls: Lever[]): string {
  return ls
    .filter((l) => !l.done)
    .map((l) => (l.compulsory ? `${l.action} (obligatoire)` : String(l.action)))
    .join("; ");
}

/** The levers already in place: "8; 18". */
export function doneList(ls: Lever[]): string {
  return ls
    .filter((l) => l.done)
    .map((l) => l.action)
    .join("; ");
}
