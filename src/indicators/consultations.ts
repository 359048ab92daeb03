/**
 * The unit of account (docs/methodologie.md): the lots of one consultation (contracts sharing a
 * « N° consultation ») are one procedure for the indicators about procedures; a subsequent contract
 * whose framework agreement is in the register is counted in value on its agreement only.
 */
import { REGISTER_COLUMNS } from "../register/columns";
import type { Contract } from "../register/types";
import { copyContract } from "../register/read";

/** Yes/no fields of a contract (the consultation's value: oui when every lot says oui, non when one says non). */
const BOOLEAN_KEYS = [...REGISTER_COLUMNS.filter((c) => c.type === "yesno" || c.type === "reserve").map((c) => c.key), "socialDecp"] as (keyof Contract)[];
/** Counts written per lot or repeated per lot: the consultation's is the largest known. */
const MAX_KEYS = ["offresRecues", "offresTpePme", "dceRetires"] as const;

const earliest = <T extends { serial: number } | null>(a: T, b: T): T => (a === null ? b : b === null ? a : a.serial <= b.serial ? a : b);

/**
 * The estimated value of a consultation's need: its « Valeur estimée du besoin » (the largest
 * written on its lots), else the sum of its lots' « Montant HT » (unknown when one is).
 */
export function estimatedValue(lots: readonly Contract[]): number | null {
  let est: number | null = null;
  let sum = 0;
  let sumKnown = true;
  for (const l of lots) {
    if (l.valeurEstimee !== null) est = est === null ? l.valeurEstimee : Math.max(est, l.valeurEstimee);
    if (l.montant === null) sumKnown = false;
    else sum += l.montant;
  }
  return est ?? (sumKnown ? sum : null);
}

/** The consultation's summary of its lots (docs/methodologie.md). */
function summarize(id: string, lots: Contract[]): Contract {
  const first = lots[0];
  const s: Contract = copyContract(first, { id });
  for (const k of BOOLEAN_KEYS) {
    let all = true;
    let no = false;
    for (const l of lots) {
      const v = l[k];
      if (v === false) no = true;
      else if (v !== true) all = false;
    }
    (s as unknown as Record<string, unknown>)[k] = no ? false : all ? true : null;
  }
  for (const k of MAX_KEYS) {
    let m: number | null = null;
    for (const l of lots) {
      const v = l[k];
      if (v !== null) m = m === null ? v : Math.max(m, v);
    }
    s[k] = m;
  }
  s.montant = estimatedValue(lots);
  let notif = null;
  let launch = null;
  let planned = null;
  for (const l of lots) {
    notif = earliest(notif, l.dateNotification);
    launch = earliest(launch, l.dateLancement);
    planned = earliest(planned, l.datePrevisionnelle);
    // A concession or a defence lot makes the consultation one; the first declared exception is its motive.
    if (l.typeContrat === "concession" || l.nature === "Concession") s.typeContrat = "concession";
    if (l.defense === true) s.defense = true;
    if (s.motifExceptionClimat === null && l.motifExceptionClimat !== null) s.motifExceptionClimat = l.motifExceptionClimat;
    if (s.procedure === null) s.procedure = l.procedure;
  }
  s.dateNotification = notif;
  s.dateLancement = launch;
  s.datePrevisionnelle = planned;
  // One nature for the lots, else unknown.
  s.nature = lots.every((l) => l.nature === first.nature) ? first.nature : null;
  return s;
}

/** The consultations of some contracts, as contract-shaped summaries, by year. */
export interface Consultations {
  /** Summaries of the consultations notified each year (year of their earliest notified lot). */
  notified: Map<number, Contract[]>;
  /** Summaries of the consultations launched each year and not notified yet (no lot notified). */
  inProgress: Map<number, Contract[]>;
  /** The lots of each consultation of several lots (or with an estimated value), by summary id. */
  lots: Map<string, Contract[]>;
}

/**
 * Groups contracts into consultations (a contract without « N° consultation » is its own): one
 * summary per consultation; a contract alone in its consultation is its own summary (no copy).
 */
export function groupConsultations(contracts: readonly Contract[]): Consultations {
  const byKey = new Map<string, Contract[]>();
  const out: (Contract | string)[] = [];
  for (const c of contracts) {
    if (c.consultation === null) {
      out.push(c);
      continue;
    }
    let list = byKey.get(c.consultation);
    if (!list) {
      byKey.set(c.consultation, (list = []));
      out.push(c.consultation);
    }
    list.push(c);
  }
  const notified = new Map<number, Contract[]>();
  const inProgress = new Map<number, Contract[]>();
  const lots = new Map<string, Contract[]>();
  const push = (m: Map<number, Contract[]>, y: number, k: Contract) => {
    let list = m.get(y);
    if (!list) m.set(y, (list = []));
    list.push(k);
  };
  for (const o of out) {
    const group = typeof o === "string" ? (byKey.get(o) as Contract[]) : null;
    const s = group ? summarize(o as string, group) : (o as Contract).valeurEstimee === null ? (o as Contract) : summarize((o as Contract).id, [o as Contract]);
    if (group && (group.length > 1 || group[0].id !== s.id)) lots.set(s.id, group);
    if (s.dateNotification !== null) push(notified, s.dateNotification.y, s);
    else if (s.dateLancement !== null) push(inProgress, s.dateLancement.y, s);
  }
  return { notified, inProgress, lots };
}

/**
 * Subsequent contracts (or orders) counted in value on their framework agreement: those whose
 * « N° accord-cadre » names a contract of the register. The others (agreement absent) count.
 */
export function valueScope(contracts: readonly Contract[]): ValueScope {
  const parents = new Set<string>();
  for (const c of contracts) if (c.typeContrat === "subsequent" && c.accordCadre !== null) parents.add(c.accordCadre);
  const inRegister = new Set<string>();
  if (parents.size) for (const c of contracts) if (parents.has(c.id)) inRegister.add(c.id);
  return {
    coveredBy: (c) => (c.typeContrat === "subsequent" && c.accordCadre !== null && inRegister.has(c.accordCadre) ? c.accordCadre : null),
    orphan: (c) => c.typeContrat === "subsequent" && (c.accordCadre === null || !inRegister.has(c.accordCadre)),
    any: parents.size > 0 || contracts.some((c) => c.typeContrat === "subsequent"),
  };
}

export interface ValueScope {
  /** The id of the framework agreement a subsequent contract is counted on, or null when it counts itself. */
  coveredBy(c: Contract): string | null;
  /** A subsequent contract whose agreement is not in the register (it counts, and the detail says so). */
  orphan(c: Contract): boolean;
  /** Whether the register has subsequent contracts at all. */
  any: boolean;
}
