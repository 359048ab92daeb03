/**
 * Reconciliation of a buyer's register with what it published as DECP (SPEC §11, « rapprochement »):
 * the contracts of one side only, and for the contracts found on both sides a differing amount
 * (Montant HT at notification), notification date, procedure, social or environmental
 * considerations — one difference per line, with both values. Pure: no Node, no Office.js (the
 * command line and the task pane share it). Both sides are registers as the register reader makes
 * them: a DECP file is read as a register (src/decp/read.ts), so that a DECP record is a
 * Contract, its holders merged into one contract.
 *
 * Matching, by identifier only, exact after normalisation (MATCHING_RULE_TEXT), rule after rule,
 * each rule over the contracts the previous ones left: a contract is matched by a rule only when
 * that rule finds exactly one counterpart on each side.
 */
import type { Contract, DateValue, ProcedureKind, Register } from "../register/types";
import { compact, formatDate, isFormalisee, PROCEDURE_LABEL } from "../register/values";
import { frNumber } from "../indicators/format";
import { estimatedValue } from "../indicators/consultations";
import { ENV_KEYS } from "../indicators/considerations";

/** The rules that match a register's contract with a DECP record, in the order they are tried. */
export type MatchRule = "identique" | "uid" | "annee" | "lot";
export const MATCH_RULES: readonly MatchRule[] = ["identique", "uid", "annee", "lot"];
/** How many contracts each rule matched, in words. */
export const MATCH_RULE_WORDS: Record<MatchRule, string> = {
  identique: "à l'identique",
  uid: "en ôtant le SIRET de l'acheteur en tête",
  annee: "en ôtant l'année de notification en tête",
  lot: "en ôtant le numéro de lot en fin",
};

/** The normalisation, said once in every output. */
export const MATCHING_RULE_TEXT =
  "Rapprochement par identifiant (« N° marché » du registre, « id » de la DECP), tel qu'écrit, puis sans la casse, les accents, les espaces ni la ponctuation (« 2025-V 001 » = « 2025v001 ») ; " +
  "à défaut, en ôtant le SIRET de l'acheteur placé en tête (« uid » = SIRET + id), puis l'année de notification placée en tête (« 2025V001 » = « V001 »), " +
  "puis le numéro de lot placé en fin (« V001-02 », « V001 lot 2 » = « V001 » du lot 2) ; un rapprochement n'est retenu que s'il est sans ambiguïté.";

/** Amounts that differ by less than this (euros) are the same: one side may be rounded to the euro. */
export const AMOUNT_TOLERANCE = 1;
export const COMPARISON_TEXT =
  "Montants HT à la notification comparés à l'euro près ; procédures comparées par procédure (« Appel d'offres » sans précision vaut l'ouvert comme le restreint) ; " +
  "considérations comparées dans les termes de la DECP (« Clause sociale », « Critère social », « Marché réservé », « Clause environnementale », « Critère environnemental ») ; " +
  "une clause ou un critère social publiés sont lus sans être distingués (ils peuvent viser l'insertion) : côté social, ce sont « clause ou critère » et « marché réservé » qui sont comparés.";

/**
 * The value of the need from which the essential data must be published (art. R2196-1 of the code
 * de la commande publique, 40 000 € HT): a register's contract below it may be absent from the DECP.
 */
export const DECP_THRESHOLD = 40_000;

export type DifferenceKind = "missingFromDecp" | "missingFromRegister" | "ambiguous" | "montant" | "dateNotification" | "procedure" | "considerationsSociales" | "considerationsEnvironnementales";

/** The values compared: euros, dates AAAA-MM-JJ, procedures as written, considerations in DECP words. */
export type DifferenceValue = number | string | string[] | null;

export interface Difference {
  kind: DifferenceKind;
  /** The register's N° marché (null: a DECP record absent from the register). */
  id: string | null;
  /** Where the register's contract is: sheet and 1-based row. */
  sheet: string | null;
  row: number | null;
  /** The id as published, without the buyer's SIRET of a uid (null: absent from the DECP). */
  decpId: string | null;
  /** The buyer of the DECP record as published (its SIRET). */
  buyer: string | null;
  register: DifferenceValue;
  decp: DifferenceValue;
  /** For a contract of one side only: what it is. */
  contract?: { objet: string | null; montant: number | null; dateNotification: string | null };
  /** For an ambiguous identifier: the contracts that share it. */
  ids?: { register: string[]; decp: string[] };
  /** The line the user reads (French). */
  message: string;
}

export interface NotRequired {
  id: string;
  sheet: string;
  row: number;
  /** The value of the need (€ HT) below DECP_THRESHOLD. */
  need: number;
}

export interface Reconciliation {
  /** The year of notification the comparison is restricted to (null: every year). */
  year: number | null;
  /** Notified contracts of the register in scope (the year's, or all). */
  registerContracts: number;
  /** Contracts of the DECP in scope. */
  decpContracts: number;
  /** Buyers (SIRET) of those contracts: a national file holds many, whose contracts are not in the register. */
  decpBuyers: number;
  /**
   * DECP records absent from the register published by buyers none of whose records matches the
   * register (another buyer of a national file; the other entity with --entity): not differences.
   */
  otherBuyers: { buyers: string[]; ids: string[] };
  /** Contracts found on both sides (in scope), by rule. */
  matched: number;
  matchedBy: Record<MatchRule, number>;
  differences: Difference[];
  /** Notified contracts absent from the DECP whose need is below DECP_THRESHOLD: not differences. */
  notRequired: NotRequired[];
  /** Comparisons left out, and why (a column absent on one side). */
  notCompared: string[];
}

export interface ReconcileOptions {
  /** Only the contracts notified that year (a pair counts when either side is of the year). */
  year?: number;
  /** The register's contracts to compare (default: all; e.g. those of one entity). */
  contracts?: readonly Contract[];
}

// ---------------------------------------------------------------- identifiers

/** 14 digits that pass the Luhn check, as a SIRET does. */
function looksLikeSiret(s: string): boolean {
  if (!/^\d{14}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let d = s.charCodeAt(13 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The buyer's SIRET a uid starts with (the buyer's own id when known, else any SIRET-like prefix), or null. */
function siretPrefix(raw: string, entite: string | null): string | null {
  if (raw.length <= 14 || !/^\d{14}/.test(raw)) return null;
  const p = raw.slice(0, 14);
  const e = entite ? entite.replace(/\s/g, "") : "";
  if (/^\d{14}$/.test(e)) return e === p ? p : null;
  return looksLikeSiret(p) ? p : null;
}

/** An id compared: lower case, without accents, spaces or punctuation (plain ASCII ids without the slow path). */
function idKey(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? s.toLowerCase().replace(/[^a-z0-9]/g, "") : compact(s);
}

/** Lot codes as written: « 2 », « 02 », « Lot 2 », « L2 » are lot 2. */
function lotCode(s: string): string | null {
  let k = compact(s).replace(/^(lot|l)(?=[a-z0-9])/, "");
  if (/^\d+$/.test(k)) k = k.replace(/^0+(?=\d)/, "");
  return k === "" ? null : k;
}

/** The endings a lot may take at the end of an identifier (compacted). */
function lotEndings(code: string): string[] {
  const bodies = /^\d+$/.test(code) ? [code, code.padStart(2, "0"), code.padStart(3, "0")] : [code];
  const out = new Set<string>();
  for (const b of bodies) for (const p of ["", "l", "lot"]) out.add(p + b);
  return [...out];
}

/** An id that ends with a lot written apart: « V001-02 », « V001 lot 2 », « V001L2 » → [« V001 », « 2 »]. */
const LOT_SUFFIX = /^(.*?[A-Za-z0-9])(?:\s*[-_./\s]\s*(?:lot|l)?\s*|\s*(?:lot|l)\s*)0*(\d{1,3})$/i;

interface Side {
  c: Contract;
  /** The id as written (a uid: without the buyer's SIRET). */
  shown: string;
  /** The buyer's SIRET of a uid (DECP side). */
  siret: string | null;
  /** The id as written (a DECP record: as published). */
  exact: string;
  full: string;
  /** Without the buyer's SIRET (== full when there is none). */
  key: string;
  /** Without the year of notification in front (null when it has none). */
  noYear: string | null;
  lot: string | null;
}

/**
 * A contract's identifiers. A DECP record read as a register has the key `uid` (its buyer's SIRET
 * followed by its id, src/decp/read.ts): its id as published is what follows its own buyer's SIRET.
 */
function side(c: Contract, published: boolean): Side {
  const raw = c.id.trim();
  const p = siretPrefix(raw, c.entite);
  const shown = p ? raw.slice(14).replace(/^[\s_-]+/, "") || raw : raw;
  const key = idKey(p ? shown : raw);
  const own = published && p !== null && p === c.entite?.replace(/\s/g, "");
  const full = p === null || own ? key : idKey(raw);
  const y = c.dateNotification ? String(c.dateNotification.y) : null;
  const noYear = y && key.length > 4 && key.startsWith(y) ? key.slice(4) : null;
  return { c, shown, siret: p, exact: own ? shown : raw, full, key, noYear, lot: c.lot ? lotCode(c.lot) : null };
}

/** A candidate key of a record; `lot` when the key is the base of an id whose lot was cut off. */
interface Probe {
  key: string;
  lot?: string;
}

interface Matching {
  regOf: Int32Array;
  decpOf: Int32Array;
  ruleOf: (MatchRule | null)[];
  /** Identifiers shared by several contracts of a side (found by the first two rules). */
  ambiguous: { regs: number[]; decps: number[] }[];
}

function match(R: Side[], D: Side[]): Matching {
  const regOf = new Int32Array(D.length).fill(-1);
  const decpOf = new Int32Array(R.length).fill(-1);
  const ruleOf: (MatchRule | null)[] = new Array(R.length).fill(null);
  const ambiguous: Matching["ambiguous"] = [];

  const level = (rule: MatchRule, regKeys: (r: Side) => Probe[], decpKeys: (d: Side) => Probe[], accept: (r: Side, probe: Probe) => boolean = () => true) => {
    const index = new Map<string, number[]>();
    for (let i = 0; i < R.length; i++) {
      if (decpOf[i] >= 0) continue;
      for (const p of regKeys(R[i])) {
        const list = index.get(p.key);
        if (!list) index.set(p.key, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    }
    if (index.size === 0) return;
    const proposers = new Map<number, number[]>();
    for (let j = 0; j < D.length; j++) {
      if (regOf[j] >= 0) continue;
      let found = -1;
      let several: Set<number> | null = null;
      for (const p of decpKeys(D[j])) {
        const list = index.get(p.key);
        if (!list) continue;
        for (const i of list) {
          if (!accept(R[i], p)) continue;
          if (found < 0) found = i;
          else if (found !== i) (several ??= new Set([found])).add(i);
        }
      }
      if (found < 0) continue;
      if (several) {
        if (rule === "identique" || rule === "uid") ambiguous.push({ regs: [...several], decps: [j] });
        continue;
      }
      const list = proposers.get(found);
      if (list) list.push(j);
      else proposers.set(found, [j]);
    }
    for (const [i, js] of proposers) {
      if (js.length === 1) {
        regOf[js[0]] = i;
        decpOf[i] = js[0];
        ruleOf[i] = rule;
      } else if (rule === "identique" || rule === "uid") ambiguous.push({ regs: [i], decps: js });
    }
  };

  /**
   * One key per contract on each side, no allocation per contract (the bulk of the contracts): a
   * pair when the key is the only one of its side on both sides.
   */
  const unique = (keyR: (s: Side) => string, keyD: (s: Side) => string) => {
    const byKey = new Map<string, number>();
    let sharedR: Map<string, number[]> | null = null;
    for (let i = 0; i < R.length; i++) {
      if (decpOf[i] >= 0) continue;
      const k = keyR(R[i]);
      const v = byKey.get(k);
      if (v === undefined) byKey.set(k, i);
      else {
        sharedR ??= new Map();
        const list = sharedR.get(k) ?? [v];
        list.push(i);
        sharedR.set(k, list);
        byKey.set(k, -1);
      }
    }
    const claim = new Int32Array(R.length).fill(-1);
    let sharedD: Set<number> | null = null;
    for (let j = 0; j < D.length; j++) {
      if (regOf[j] >= 0) continue;
      const k = keyD(D[j]);
      const i = byKey.get(k);
      if (i === undefined) continue;
      if (i < 0) ambiguous.push({ regs: (sharedR as Map<string, number[]>).get(k) as number[], decps: [j] });
      else if (claim[i] === -1) claim[i] = j;
      else {
        (sharedD ??= new Set()).add(i);
        claim[i] = -2;
      }
    }
    for (let i = 0; i < R.length; i++) {
      if (claim[i] < 0) continue;
      regOf[claim[i]] = i;
      decpOf[i] = claim[i];
      ruleOf[i] = "identique";
    }
    if (sharedD) {
      const several = sharedD;
      const js = new Map<number, number[]>();
      for (let j = 0; j < D.length; j++) {
        if (regOf[j] >= 0) continue;
        const i = byKey.get(keyD(D[j]));
        if (i !== undefined && i >= 0 && several.has(i)) js.set(i, [...(js.get(i) ?? []), j]);
      }
      for (const [i, list] of js) ambiguous.push({ regs: [i], decps: list });
    }
  };
  // Rule 1: the same id as written, then the same once case, accents, spaces and punctuation are
  // set aside (two ids that differ only by case on both sides are each matched with its own first).
  unique((r) => r.exact, (d) => d.exact);
  unique((r) => r.full, (d) => d.full);

  const keyAndNoYear = (s: Side): Probe[] => (s.noYear ? [{ key: s.key }, { key: s.noYear }] : [{ key: s.key }]);
  level("uid", (r) => [{ key: r.full }, { key: r.key }], (d) => [{ key: d.full }, { key: d.key }]);
  level("annee", keyAndNoYear, keyAndNoYear);
  level(
    "lot",
    (r) => {
      const bases = keyAndNoYear(r).map((p) => p.key);
      const out: Probe[] = [];
      if (r.lot) {
        const ends = lotEndings(r.lot);
        // The register's id may carry the lot already (« 2025-012-L2 », lot 2): its base too.
        for (const b of [...bases]) for (const e of ends) if (b.length > e.length && b.endsWith(e)) bases.push(b.slice(0, -e.length));
        for (const b of bases) for (const e of ends) out.push({ key: b + e });
      }
      for (const b of bases) out.push({ key: "#" + b });
      return out;
    },
    (d) => {
      const out = keyAndNoYear(d);
      const m = LOT_SUFFIX.exec(d.shown);
      if (m) {
        const base = idKey(m[1]);
        const y = d.c.dateNotification ? String(d.c.dateNotification.y) : null;
        out.push({ key: "#" + base, lot: m[2].replace(/^0+(?=\d)/, "") });
        if (y && base.length > 4 && base.startsWith(y)) out.push({ key: "#" + base.slice(4), lot: m[2].replace(/^0+(?=\d)/, "") });
      }
      return out;
    },
    (r, p) => p.lot === undefined || r.lot === null || r.lot === p.lot,
  );
  return { regOf, decpOf, ruleOf, ambiguous };
}

/**
 * The contracts left unmatched because they share an identifier, each group once: the groups found
 * by the rules merged when they have a contract in common, kept when one side has several.
 */
function ambiguityGroups(m: Matching, nR: number): { regs: number[]; decps: number[] }[] {
  // Union-find over the register's contracts (0 … nR-1) and the DECP's (nR + j).
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as number;
    parent.set(x, r);
    return r;
  };
  const order: number[] = [];
  for (const a of m.ambiguous) {
    const nodes = [...a.regs.filter((i) => m.decpOf[i] < 0), ...a.decps.filter((j) => m.regOf[j] < 0).map((j) => nR + j)];
    for (const x of nodes)
      if (!parent.has(x)) {
        parent.set(x, x);
        order.push(x);
      }
    for (let k = 1; k < nodes.length; k++) {
      const [ra, rb] = [find(nodes[0]), find(nodes[k])];
      if (ra !== rb) parent.set(rb, ra);
    }
  }
  const groups = new Map<number, { regs: number[]; decps: number[] }>();
  for (const x of order) {
    const root = find(x);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { regs: [], decps: [] }));
    if (x < nR) g.regs.push(x);
    else g.decps.push(x - nR);
  }
  for (const g of groups.values()) {
    g.regs.sort((a, b) => a - b);
    g.decps.sort((a, b) => a - b);
  }
  return [...groups.values()].filter((g) => g.regs.length > 0 && g.decps.length > 0 && (g.regs.length > 1 || g.decps.length > 1));
}

// ---------------------------------------------------------------- values as the user reads them

const euros = (v: number) => `${frNumber(v, Number.isInteger(v) ? 0 : 2)} € HT`;
const iso = (d: DateValue) => `${d.y}-${String(d.m).padStart(2, "0")}-${String(d.d).padStart(2, "0")}`;

function procedureClassWords(p: ProcedureKind): string {
  return isFormalisee(p) ? "formalisée" : p === "MAPA" ? "adaptée" : "sans mise en concurrence";
}

function procedureLabel(c: Contract): string | null {
  return c.procedureLabel ?? (c.procedure ? PROCEDURE_LABEL[c.procedure] : null);
}

function procedureWords(c: Contract): string {
  const label = procedureLabel(c);
  if (label === null) return "non renseignée";
  return `« ${label} » (${c.procedure ? procedureClassWords(c.procedure) : "non reconnue"})`;
}

/** Same procedure: the same one, « Appel d'offres » without more being either kind of call for tenders. */
function sameProcedure(a: Contract, b: Contract): boolean {
  if (a.procedure && b.procedure) {
    if (a.procedure === b.procedure) return true;
    const ao = (x: ProcedureKind, y: ProcedureKind) => x === "AO" && (y === "AOO" || y === "AOR");
    return ao(a.procedure, b.procedure) || ao(b.procedure, a.procedure);
  }
  const la = procedureLabel(a);
  const lb = procedureLabel(b);
  if (la === null || lb === null) return la === lb;
  return compact(la) === compact(lb);
}

// ---------------------------------------------------------------- considerations

type Tri = boolean | null;
/** undefined: the side has no column for it. */
type Part = Tri | undefined;

function anyOf(c: Contract, keys: readonly (keyof Contract)[]): Part {
  if (keys.length === 0) return undefined;
  let unknown = false;
  for (const k of keys) {
    const v = c[k];
    if (v === true) return true;
    if (v === null || v === undefined) unknown = true;
  }
  return unknown ? null : false;
}

const SOCIAL_CLAUSE: readonly (keyof Contract)[] = ["clauseInsertion", "clauseSociale", "commerceEquitable"];
const SOCIAL_CRITERION: readonly (keyof Contract)[] = ["critereInsertion", "critereSocial"];
const ENV_CRITERION: readonly (keyof Contract)[] = ["critereEnvironnemental"];
const ENV_CLAUSE: readonly (keyof Contract)[] = ENV_KEYS.filter((k) => k !== "critereEnvironnemental");

interface Social {
  clause: Part;
  critere: Part;
  reserve: Part;
  /** A DECP « Clause sociale » or « Critère social », not told apart. */
  decp: Part;
}

interface Env {
  clause: Part;
  critere: Part;
}

/** Which of the keys a register has columns for. */
function presentKeys(present: ReadonlySet<string>, keys: readonly (keyof Contract)[]): (keyof Contract)[] {
  return keys.filter((k) => present.has(k));
}

/** The register has at least one column of social considerations. */
function tracksSocial(present: ReadonlySet<string>): boolean {
  return presentKeys(present, [...SOCIAL_CLAUSE, ...SOCIAL_CRITERION, "reserve", "socialDecp"]).length > 0;
}

interface Readers {
  social: (c: Contract) => Social;
  env: (c: Contract) => Env;
}

function readers(present: ReadonlySet<string>): Readers {
  const sc = presentKeys(present, SOCIAL_CLAUSE);
  const sk = presentKeys(present, SOCIAL_CRITERION);
  const reserve = present.has("reserve");
  const decp = present.has("socialDecp");
  const ec = presentKeys(present, ENV_CLAUSE);
  const ek = presentKeys(present, ENV_CRITERION);
  return {
    social: (c) => ({ clause: anyOf(c, sc), critere: anyOf(c, sk), reserve: reserve ? c.reserve : undefined, decp: decp ? c.socialDecp : undefined }),
    env: (c) => ({ clause: anyOf(c, ec), critere: anyOf(c, ek) }),
  };
}

const or = (...xs: Part[]): Part => {
  const known = xs.filter((x) => x !== undefined);
  if (known.length === 0) return undefined;
  if (known.includes(true)) return true;
  return known.includes(null) ? null : false;
};

/** A side that publishes « Clause sociale ou critère social » without saying which. */
const vague = (s: Social) => s.decp === true && s.clause !== true && s.critere !== true;

function socialWords(s: Social): string[] {
  const out: string[] = [];
  if (s.clause === true) out.push("Clause sociale");
  if (s.critere === true) out.push("Critère social");
  if (vague(s)) out.push("Clause sociale ou critère social");
  if (s.reserve === true) out.push("Marché réservé");
  if (out.length === 0) out.push([s.clause, s.critere, s.reserve, s.decp].includes(null) ? "inconnues" : "Pas de considération sociale");
  return out;
}

function envWords(e: Env): string[] {
  const out: string[] = [];
  if (e.clause === true) out.push("Clause environnementale");
  if (e.critere === true) out.push("Critère environnemental");
  if (out.length === 0) out.push([e.clause, e.critere].includes(null) ? "inconnues" : "Pas de considération environnementale");
  return out;
}

/** True / false when both are known, null when one is unknown, undefined when a side has no column. */
function differ(a: Part, b: Part): boolean | null | undefined {
  if (a === undefined || b === undefined) return undefined;
  if (a === null || b === null) return null;
  return a !== b;
}

function socialDiffer(a: Social, b: Social): boolean {
  if (differ(a.reserve, b.reserve) === true) return true;
  const ea = or(a.clause, a.critere, a.decp);
  const eb = or(b.clause, b.critere, b.decp);
  const either = differ(ea, eb);
  if (either === true) return true;
  // Told apart on both sides (neither only a DECP « clause ou critère »): clause and criterion each.
  if (either === false && ea === true && !vague(a) && !vague(b)) return differ(a.clause, b.clause) === true || differ(a.critere, b.critere) === true;
  return false;
}

function envDiffer(a: Env, b: Env): boolean {
  return differ(a.clause, b.clause) === true || differ(a.critere, b.critere) === true;
}

// ---------------------------------------------------------------- the comparison

/** The value of the need of each contract (its consultation's estimated value, or its agreement's). */
function needValues(contracts: readonly Contract[]): (c: Contract) => number | null {
  const byConsultation = new Map<string, Contract[]>();
  const parents = new Set<string>();
  for (const c of contracts) if (c.typeContrat === "subsequent" && c.accordCadre !== null) parents.add(c.accordCadre);
  const byId = new Map<string, Contract>();
  for (const c of contracts) {
    if (parents.has(c.id)) byId.set(c.id, c);
    if (c.consultation === null) continue;
    const list = byConsultation.get(c.consultation);
    if (list) list.push(c);
    else byConsultation.set(c.consultation, [c]);
  }
  const cache = new Map<string, number | null>();
  const ofConsultation = (k: string) => {
    if (!cache.has(k)) cache.set(k, estimatedValue(byConsultation.get(k) as Contract[]));
    return cache.get(k) as number | null;
  };
  const own = (c: Contract) => (c.consultation !== null ? ofConsultation(c.consultation) : (c.valeurEstimee ?? c.montant));
  return (c) => {
    const parent = c.typeContrat === "subsequent" && c.accordCadre !== null ? byId.get(c.accordCadre) : undefined;
    return parent ? own(parent) : own(c);
  };
}

const isConcession = (c: Contract) => c.typeContrat === "concession" || c.nature === "Concession";

function contractSummary(c: Contract): string {
  const parts = [c.dateNotification ? `notifié le ${formatDate(c.dateNotification)}` : "date de notification non renseignée", c.montant !== null ? euros(c.montant) : "montant non renseigné"];
  return parts.join(", ") + (c.objet ? ` — ${c.objet.length > 80 ? c.objet.slice(0, 79) + "…" : c.objet}` : "");
}

/** Compares the register with the DECP read as a register. */
export function reconcile(register: Register, decp: Register, options: ReconcileOptions = {}): Reconciliation {
  const year = options.year ?? null;
  const regContracts = options.contracts ?? register.contracts;
  const R = regContracts.map((c) => side(c, false));
  const D = decp.contracts.map((c) => side(c, true));
  const m = match(R, D);
  const inYear = (d: DateValue | null) => year === null || (d !== null && d.y === year);
  const regHasDate = register.present.has("dateNotification");
  const notified = (c: Contract) => c.dateNotification !== null || !regHasDate;

  const differences: Difference[] = [];
  const notRequired: NotRequired[] = [];
  const notCompared: string[] = [];
  const matchedBy: Record<MatchRule, number> = { identique: 0, uid: 0, annee: 0, lot: 0 };
  const regLabel = (r: Side, d?: Side) => `« ${r.c.id} »${d && d.shown !== r.c.id ? ` (publié « ${d.shown} »)` : ""}`;
  const base = (kind: DifferenceKind, r: Side | null, d: Side | null): Omit<Difference, "message" | "register" | "decp"> => ({
    kind,
    id: r ? r.c.id : null,
    sheet: r ? r.c.sheet : null,
    row: r ? r.c.row : null,
    decpId: d ? d.shown : null,
    buyer: d ? (d.siret ?? d.c.entite) : null,
  });
  const contractOf = (c: Contract) => ({ objet: c.objet, montant: c.montant, dateNotification: c.dateNotification ? iso(c.dateNotification) : null });

  // Identifiers shared by several contracts, still unmatched: one line each, not « absent » lines.
  const reported = { reg: new Set<number>(), decp: new Set<number>() };
  const ambiguities: Difference[] = [];
  for (const { regs, decps } of ambiguityGroups(m, R.length)) {
    regs.forEach((i) => reported.reg.add(i));
    decps.forEach((j) => reported.decp.add(j));
    if (!regs.some((i) => inYear(R[i].c.dateNotification)) && !decps.some((j) => inYear(D[j].c.dateNotification))) continue;
    const pub = (d: Side) => `« ${d.shown} »${d.siret ?? d.c.entite ? ` (acheteur ${d.siret ?? d.c.entite})` : ""}`;
    const r0 = R[regs[0]];
    ambiguities.push({
      ...base("ambiguous", r0, null),
      register: regs.map((i) => R[i].c.id),
      decp: decps.map((j) => D[j].shown),
      ids: { register: regs.map((i) => R[i].c.id), decp: decps.map((j) => D[j].shown) },
      message:
        `Rapprochement impossible : ${regs.length > 1 ? `les contrats ${regs.map((i) => `« ${R[i].c.id} »`).join(", ")} du registre` : `le contrat « ${r0.c.id} » du registre`} et ` +
        `${decps.length > 1 ? `les contrats publiés ${decps.map((j) => pub(D[j])).join(", ")}` : `le contrat publié ${pub(D[decps[0]])}`} ont le même identifiant : aucun n'est rapproché`,
    });
  }

  // Contracts of the register absent from the DECP.
  let needOf: ((c: Contract) => number | null) | null = null;
  const need = (c: Contract) => (needOf ??= needValues(regContracts))(c);
  let registerContracts = 0;
  for (let i = 0; i < R.length; i++) {
    const r = R[i];
    const c = r.c;
    if (notified(c) && inYear(c.dateNotification)) registerContracts++;
    if (m.decpOf[i] >= 0 || reported.reg.has(i) || !notified(c) || !inYear(c.dateNotification)) continue;
    const v = isConcession(c) ? null : need(c);
    if (v !== null && v < DECP_THRESHOLD) {
      notRequired.push({ id: c.id, sheet: c.sheet, row: c.row, need: v });
      continue;
    }
    differences.push({ ...base("missingFromDecp", r, null), register: c.id, decp: null, contract: contractOf(c), message: `Absent de la DECP : ${regLabel(r)}, ${contractSummary(c)}` });
  }
  // Records of the DECP absent from the register. Those of a buyer none of whose records is matched
  // (another buyer of a national file, the other entity with --entity) are set aside, when some are.
  const buyerOf = (d: Side) => d.siret ?? d.c.entite;
  const matchedBuyers = new Set<string>();
  for (let j = 0; j < D.length; j++) {
    const b = m.regOf[j] >= 0 ? buyerOf(D[j]) : null;
    if (b) matchedBuyers.add(b);
  }
  const otherBuyers = { buyers: new Set<string>(), ids: [] as string[] };
  let decpContracts = 0;
  const buyers = new Set<string>();
  for (let j = 0; j < D.length; j++) {
    const d = D[j];
    if (!inYear(d.c.dateNotification)) continue;
    decpContracts++;
    const buyer = buyerOf(d);
    if (buyer) buyers.add(buyer);
    if (m.regOf[j] >= 0 || reported.decp.has(j)) continue;
    if (buyer && matchedBuyers.size > 0 && !matchedBuyers.has(buyer)) {
      otherBuyers.buyers.add(buyer);
      otherBuyers.ids.push(d.shown);
      continue;
    }
    differences.push({
      ...base("missingFromRegister", null, d),
      register: null,
      decp: d.shown,
      contract: contractOf(d.c),
      message: `Absent du registre : « ${d.shown} »${d.siret ?? d.c.entite ? ` publié par l'acheteur ${d.siret ?? d.c.entite}` : ""}, ${contractSummary(d.c)}`,
    });
  }
  differences.push(...ambiguities);

  // The contracts of both sides, in the register's order.
  const rp = register.present;
  const dp = decp.present;
  const both = (k: string) => rp.has(k) && dp.has(k);
  const rr = readers(rp);
  const dr = readers(dp);
  const socialCompared = tracksSocial(rp) && tracksSocial(dp);
  const envCompared = presentKeys(rp, [...ENV_CLAUSE, ...ENV_CRITERION]).length > 0 && presentKeys(dp, [...ENV_CLAUSE, ...ENV_CRITERION]).length > 0;
  let matched = 0;
  for (let i = 0; i < R.length; i++) {
    const j = m.decpOf[i];
    if (j < 0) continue;
    const r = R[i];
    const d = D[j];
    const a = r.c;
    const b = d.c;
    if (!inYear(a.dateNotification) && !inYear(b.dateNotification)) continue;
    matched++;
    matchedBy[m.ruleOf[i] as MatchRule]++;
    const who = regLabel(r, d);
    const add = (kind: DifferenceKind, what: string, inRegister: DifferenceValue, pub: DifferenceValue, shownR: string, shownD: string) =>
      differences.push({ ...base(kind, r, d), register: inRegister, decp: pub, message: `${what} : ${who} — registre ${shownR} ; DECP ${shownD}` });
    if (both("montant")) {
      const x = a.montant;
      const y = b.montant;
      if ((x === null) !== (y === null) || (x !== null && y !== null && Math.abs(x - y) >= AMOUNT_TOLERANCE))
        add("montant", "Montant HT", x, y, x === null ? "non renseigné" : euros(x), y === null ? "non renseigné" : euros(y));
    }
    if (both("dateNotification")) {
      const x = a.dateNotification;
      const y = b.dateNotification;
      if ((x === null) !== (y === null) || (x !== null && y !== null && x.serial !== y.serial))
        add("dateNotification", "Date de notification", x && iso(x), y && iso(y), x ? formatDate(x) : "non renseignée", y ? formatDate(y) : "non renseignée");
    }
    if (both("procedure") && !sameProcedure(a, b)) add("procedure", "Procédure", procedureLabel(a), procedureLabel(b), procedureWords(a), procedureWords(b));
    if (socialCompared) {
      const x = rr.social(a);
      const y = dr.social(b);
      if (socialDiffer(x, y)) {
        const wx = socialWords(x);
        const wy = socialWords(y);
        add("considerationsSociales", "Considérations sociales", wx, wy, `« ${wx.join(", ")} »`, `« ${wy.join(", ")} »`);
      }
    }
    if (envCompared) {
      const x = rr.env(a);
      const y = dr.env(b);
      if (envDiffer(x, y)) {
        const wx = envWords(x);
        const wy = envWords(y);
        add("considerationsEnvironnementales", "Considérations environnementales", wx, wy, `« ${wx.join(", ")} »`, `« ${wy.join(", ")} »`);
      }
    }
  }

  if (matched > 0) {
    const absentFrom = (k: string) => (!rp.has(k) && !dp.has(k) ? "du registre et de la DECP" : !rp.has(k) ? "du registre" : "de la DECP");
    if (!both("montant")) notCompared.push(`Montant HT non comparé : colonne absente ${absentFrom("montant")}`);
    if (!both("dateNotification")) notCompared.push(`Date de notification non comparée : colonne absente ${absentFrom("dateNotification")}`);
    if (!both("procedure")) notCompared.push(`Procédure non comparée : colonne absente ${absentFrom("procedure")}`);
    if (!socialCompared) notCompared.push("Considérations sociales non comparées : aucune colonne de considération sociale d'un des deux côtés");
    if (!envCompared) notCompared.push("Considérations environnementales non comparées : aucune colonne de considération environnementale d'un des deux côtés");
  }
  return { year, registerContracts, decpContracts, decpBuyers: buyers.size, otherBuyers: { buyers: [...otherBuyers.buyers].sort(), ids: otherBuyers.ids }, matched, matchedBy, differences, notRequired, notCompared };
}

/** « 3 écarts », « 1 écart », « Aucun écart ». */
export function countWords(n: number): string {
  return n === 0 ? "Aucun écart" : `${frNumber(n)} écart${n > 1 ? "s" : ""}`;
}

/** « 368 contrats rapprochés : 360 à l'identique, 8 en ôtant … ». */
export function matchedWords(r: Pick<Reconciliation, "matched" | "matchedBy">): string {
  const parts = MATCH_RULES.filter((k) => r.matchedBy[k] > 0).map((k) => `${frNumber(r.matchedBy[k])} ${MATCH_RULE_WORDS[k]}`);
  return `${frNumber(r.matched)} contrat${r.matched > 1 ? "s" : ""} rapproché${r.matched > 1 ? "s" : ""}${parts.length ? ` (${parts.join(", ")})` : ""}`;
}

/** « par 3 acheteurs » when the DECP holds several buyers (empty otherwise). */
export function buyersWords(r: Pick<Reconciliation, "decpBuyers">): string {
  return r.decpBuyers > 1 ? ` par ${frNumber(r.decpBuyers)} acheteurs` : "";
}

/** The line about the records of the DECP's other buyers, or null. */
export function otherBuyersWords(r: Pick<Reconciliation, "otherBuyers">): string | null {
  const n = r.otherBuyers.ids.length;
  if (n === 0) return null;
  const b = r.otherBuyers.buyers;
  const who = b.length === 1 ? `l'acheteur ${b[0]}` : `${frNumber(b.length)} acheteurs (${b.slice(0, 5).join(", ")}${b.length > 5 ? ", …" : ""})`;
  return (
    `${frNumber(n)} contrat${n > 1 ? "s" : ""} publié${n > 1 ? "s" : ""} par ${who} dont aucun contrat n'est rapproché du registre : ` +
    `ce${n > 1 ? "s contrats ne sont pas comptés" : " contrat n'est pas compté"} comme absent${n > 1 ? "s" : ""} du registre (un autre acheteur ?)`
  );
}

/** The line about the contracts below the publication threshold, or null. */
export function notRequiredWords(r: Pick<Reconciliation, "notRequired">): string | null {
  const n = r.notRequired.length;
  if (n === 0) return null;
  return (
    `${frNumber(n)} contrat${n > 1 ? "s" : ""} notifié${n > 1 ? "s" : ""} du registre dont le besoin est inférieur à ${frNumber(DECP_THRESHOLD)} € HT ${n > 1 ? "sont absents" : "est absent"} de la DECP : ` +
    `publication non obligatoire (art. R2196-1 du code de la commande publique), non compté${n > 1 ? "s" : ""} comme écart${n > 1 ? "s" : ""}`
  );
}
