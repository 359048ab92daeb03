/**
 * Decision support for the annual committee (CAD), actions 2 and 7 of the SPASER: which levers a
 * contract qualifies for (each with its reason), its "potentiel durable" score, and the recurrent
 * contracts to present twelve to twenty-four months before their next award. Pure.
 */
import type { Contract, DateValue, Nature, Parameters, ProcedureKind } from "../register/types";
import { addMonths, allowsNegotiation, fold, formatDate } from "../register/values";
import { frNumber } from "./format";

export interface Lever {
  action: number;
  /** Why, in a sentence. */
  reason: string;
  /** Why, in a few words (for the sheet). */
  short: string;
}

/** What the rules read of a contract (a register row, or the arguments of =SPASER.LEVIERS). */
export interface LeverInput {
  montant: number | null;
  procedure: ProcedureKind | null;
  dureeMois: number | null;
  nature?: Nature | null;
  objet?: string | null;
  famille?: string | null;
  recurrent?: boolean | null;
}

const eur = (n: number) => `${frNumber(n)} € HT`;

const FAIR_TRADE = /restauration scolaire|restauration collective|denrees|traiteur|objets? promotionnel|goodies|cafe|the |chocolat|textile/;
const CONSTRUCTION = /construction|renovation|rehabilitation|extension|restructuration|reconstruction/;
const LABOUR_INTENSIVE = /nettoyage|proprete|gardiennage|surveillance|securite|accueil|restauration|espaces verts|collecte|dechets|entretien|blanchisserie|demenagement/;
const IMPACTS = /transport|livraison|vehicule|carburant|energie|electricite|gaz|chauffage|collecte|dechets|logistique|informatique|numerique|travaux|nettoyage/;

/**
 * The levers a contract qualifies for, with their reasons (thresholds from Paramètres).
 * Actions 10, 12, 21 and 25 follow the judgement written in the sheet's legend (LEVER_RULES).
 */
export function levers(c: LeverInput, p: Parameters): Lever[] {
  const out: Lever[] = [];
  const text = fold(`${c.objet ?? ""} ${c.famille ?? ""}`);
  const m = c.montant;
  const d = c.dureeMois;
  if (m !== null && m > p.seuilClauseInsertion) out.push({ action: 8, reason: `montant ${eur(m)} > seuil clause d'insertion (${eur(p.seuilClauseInsertion)}) : étudier une clause d'insertion`, short: `montant > ${eur(p.seuilClauseInsertion)}` });
  if (m !== null && m > p.seuilClauseInsertion && d !== null && d >= 12)
    out.push({ action: 10, reason: `marché clausable d'au moins 12 mois (${frNumber(d)} mois) : expérimenter un critère d'insertion (parcours qualifiants)`, short: "clausable, ≥ 12 mois" });
  if (m !== null && m <= p.seuilMarchesReserves) out.push({ action: 11, reason: `montant ${eur(m)} ≤ seuil marchés réservés (${eur(p.seuilMarchesReserves)}) : étudier une réservation (ESS, SIAE, EA, ESAT)`, short: `montant ≤ ${eur(p.seuilMarchesReserves)}` });
  if (LABOUR_INTENSIVE.test(text) && (c.nature === "Services" || c.nature === "Travaux" || c.nature === undefined || c.nature === null))
    out.push({ action: 12, reason: "prestation à forte main-d'œuvre : clause sociale hors insertion (égalité femmes-hommes, lutte contre les discriminations)", short: "forte main-d'œuvre" });
  if (FAIR_TRADE.test(text)) out.push({ action: 13, reason: "segment du commerce équitable (restauration scolaire, traiteur, objets promotionnels…)", short: "segment équitable" });
  out.push({ action: 14, reason: "allotissement obligatoire : toute dérogation doit être justifiée", short: "allotissement obligatoire" });
  if (m !== null && m < p.seuilAvanceBonifiee) {
    const mandatory = d !== null && d > p.dureeAvanceObligatoire && m > p.seuilAvanceObligatoire;
    out.push({
      action: 17,
      reason: `montant ${eur(m)} < ${eur(p.seuilAvanceBonifiee)} : avance bonifiée à ${frNumber(p.tauxAvanceBonifiee * 100)} % pour les TPE/PME${mandatory ? ` ; avance obligatoire (durée > ${p.dureeAvanceObligatoire} mois et montant > ${eur(p.seuilAvanceObligatoire)})` : ""}`,
      short: `avance bonifiée${mandatory ? " ; avance obligatoire" : ""}`,
    });
  } else if (m !== null && d !== null && d > p.dureeAvanceObligatoire && m > p.seuilAvanceObligatoire) {
    out.push({ action: 17, reason: `avance obligatoire : durée ${frNumber(d)} mois > ${p.dureeAvanceObligatoire} mois et montant > ${eur(p.seuilAvanceObligatoire)}`, short: "avance obligatoire" });
  }
  if (d !== null && d > p.dureeRevisionPrix) out.push({ action: 19, reason: `durée ${frNumber(d)} mois > ${p.dureeRevisionPrix} mois : clause de révision des prix`, short: `durée > ${p.dureeRevisionPrix} mois` });
  if (c.procedure !== null && allowsNegotiation(c.procedure)) out.push({ action: 20, reason: "procédure permettant la négociation (MAPA, procédure avec négociation, dialogue compétitif)", short: "négociation possible" });
  if (c.recurrent === true || (d !== null && d >= 12)) out.push({ action: 21, reason: "marché récurrent ou d'au moins un an : évaluation réciproque de l'exécution", short: "récurrent ou ≥ 1 an" });
  out.push({ action: 22, reason: "questionner le besoin dans une perspective de sobriété (renoncer, réduire, louer, mutualiser)", short: "sobriété" });
  const works = c.nature === "Travaux" && CONSTRUCTION.test(text);
  if (works) out.push({ action: 23, reason: "construction ou rénovation d'ouvrage : AMO développement durable", short: "construction / rénovation" });
  out.push({ action: 24, reason: "analyse du cycle de vie et critères écologiques", short: "ACV, critères écologiques" });
  if (IMPACTS.test(text) || c.nature === "Travaux") out.push({ action: 25, reason: "impacts mesurables (livraisons, énergie, déchets, émissions) : clause de suivi des impacts", short: "impacts mesurables" });
  if (works && m !== null && m > p.seuilOperationsEnvergure) out.push({ action: 26, reason: `opération d'envergure (${eur(m)} > ${eur(p.seuilOperationsEnvergure)}) : expérimenter la compensation carbone`, short: "opération d'envergure" });
  return out.sort((a, b) => a.action - b.action);
}

/** Rules of judgement, written in the legend of the sheet. */
export const LEVER_RULES: string[] = [
  "8 : montant > seuil clause d'insertion ; 10 : en plus, durée ≥ 12 mois (temps d'un parcours qualifiant)",
  "11 : montant ≤ seuil marchés réservés ; 12 : prestations à forte main-d'œuvre (nettoyage, gardiennage, accueil, restauration, espaces verts, collecte, entretien…)",
  "13 : restauration scolaire ou collective, denrées, traiteur, objets promotionnels, textile ; 14, 22, 24 : toujours",
  "17 : montant < seuil avance bonifiée, ou avance obligatoire (durée > 2 mois et montant > 50 000 € HT) ; 19 : durée > 12 mois ; 20 : MAPA, procédure avec négociation, dialogue compétitif",
  "21 : marché récurrent ou d'au moins 12 mois ; 23 : travaux de construction, rénovation, réhabilitation ; 25 : transport, livraisons, énergie, déchets, numérique, travaux ; 26 : 23 et montant > seuil opérations d'envergure",
];

/** Points each lever brings to the score (relevance of the action for a contract). */
export const LEVER_POINTS: Readonly<Record<number, number>> = {
  8: 10, 10: 4, 11: 8, 12: 4, 13: 6, 14: 2, 17: 3, 19: 2, 20: 3, 21: 2, 22: 2, 23: 5, 24: 2, 25: 4, 26: 5,
};
export const LEVER_POINTS_MAX = 50;

export interface Question {
  key: string;
  label: string;
  points: number;
}

/** The questionnaire answered in the sheet (oui / non), and what each "oui" brings. */
export const QUESTIONS: readonly Question[] = [
  { key: "ess", label: "Offre ESS / SIAE / EA / ESAT connue sur le territoire ?", points: 15 },
  { key: "reemploi", label: "Alternative de réemploi, de location ou de mutualisation ?", points: 10 },
  { key: "carbone", label: "Impact carbone ou environnemental significatif ?", points: 15 },
  { key: "clause", label: "Marché récurrent déjà clausé (clause ou critère responsable) ?", points: 10 },
];

export type Answers = Partial<Record<string, boolean | null>>;

export function leverPoints(ls: Lever[]): number {
  return Math.min(LEVER_POINTS_MAX, ls.reduce((s, l) => s + (LEVER_POINTS[l.action] ?? 0), 0));
}

/** Potentiel durable, 0 to 100: lever points (at most 50) + the questionnaire's "oui" (at most 50). */
export function score(ls: Lever[], answers: Answers = {}): number {
  let s = leverPoints(ls);
  for (const q of QUESTIONS) if (answers[q.key] === true) s += q.points;
  return Math.min(100, s);
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

/**
 * Recurrent contracts whose next award falls 12 to 24 months after the reference date (edges
 * included): the services work on them between J-24 and J-14, the CAD sees them at J-12.
 */
export function cotationCandidates(contracts: Contract[], p: Parameters, reference: DateValue, hasRecurrentColumn: boolean): CotationRow[] {
  const from = addMonths(reference, p.anticipationCotation).serial;
  const to = addMonths(reference, 24).serial;
  const out: CotationRow[] = [];
  for (const c of contracts) {
    if (hasRecurrentColumn && c.recurrent !== true) continue;
    const next = nextAward(c);
    if (!next || next.serial < from || next.serial > to) continue;
    const ls = levers(c, p);
    out.push({ contract: c, next, levers: ls, points: leverPoints(ls) });
  }
  return out;
}

export function windowText(reference: DateValue, p: Parameters): string {
  return `attribution prévue entre le ${formatDate(addMonths(reference, p.anticipationCotation))} et le ${formatDate(addMonths(reference, 24))}`;
}

export function leverList(ls: Lever[]): string {
  return ls.map((l) => l.action).join("; ");
}
