/**
 * Reads back what users typed in a "Cotation CAD" sheet (questionnaire answers, the CAD's decision,
 * the renewal's N° marché, comments), so that a refresh of the sheet keeps them, matched by contract
 * id; and applies the CAD's decisions to the contracts that renew the contracts decided on (SPEC §9):
 * a decision taken on X joins the targeted actions (« Actions ciblées ») of the contract Y whose
 * « Marché précédent » is X, or of the contract typed in the sheet's « Marché de renouvellement »,
 * and of no other — so that A1.E1 of Y's year follows the committee's decisions and the years
 * already reported never move. Decisions whose renewal is not in the register yet wait for it.
 */
import { buildHeaderIndex, ColumnDef, normalizeHeader } from "./columns";
import type { Cell, Contract, Grid, Issue, Severity } from "./types";
import { cellErrorText, cellText, columnLetter, isBlank, parseActionList, parseYesNo } from "./values";

/** Issues with the sheet, row, column header and cell address (no import of ./read, which calls this module). */
class Log {
  readonly issues: Issue[] = [];
  add(severity: Severity, sheet: string, row: number | null, column: string | null, col: number | null, message: string): void {
    const ref = /^[A-Za-z_\u00C0-\u024F][\w.\u00C0-\u024F]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
    const cell = row !== null && col !== null ? `${ref}!${columnLetter(col)}${row}` : null;
    this.issues.push({ severity, sheet, row, column, cell, message });
  }
}

export interface TypedAnswers {
  answers: Record<string, boolean | null>;
  /** The decision as typed, kept as typed. */
  decision: string | null;
  /** The decision read as action numbers (null when blank or unreadable). */
  decisionActions: number[] | null;
  /** The N° marché of the renewal typed in « Marché de renouvellement » (null when blank). */
  renewal: string | null;
  comment: string | null;
  /** Where the row was read: sheet, 1-based sheet row, the id cell's header and 0-based sheet column. */
  at: { sheet: string; row: number; idHeader: string; idCol: number; renewalHeader?: string; renewalCol?: number };
}

export interface CotationSheetQuestion {
  key: string;
  label: string;
}

/**
 * Questions of earlier versions of the questionnaire: their answers are not carried over (an
 * `info` issue says so). « Déjà clausé » is read from the register's columns now, never asked.
 */
export const RETIRED_QUESTIONS: readonly string[] = ["Marché récurrent déjà clausé (clause ou critère responsable) ?"];

export const COTATION_HEADERS = {
  id: "N° marché",
  decision: "Décision CAD (actions retenues)",
  renewal: "Marché de renouvellement",
  comment: "Commentaire",
};

/** Reads the answers of a cotation sheet; returns null when the grid is not one. */
export function readCotationAnswers(grid: Grid, questions: readonly CotationSheetQuestion[]): { answers: Map<string, TypedAnswers>; issues: Issue[] } | null {
  const cols: ColumnDef[] = [
    { key: "id", header: COTATION_HEADERS.id, aliases: [COTATION_HEADERS.id], type: "id", blank: "reject" },
    { key: "decision", header: COTATION_HEADERS.decision, aliases: [COTATION_HEADERS.decision, "Décision CAD"], type: "text", blank: "unknown" },
    { key: "renewal", header: COTATION_HEADERS.renewal, aliases: [COTATION_HEADERS.renewal, "N° marché de renouvellement", "Renouvelé par"], type: "text", blank: "unknown" },
    { key: "comment", header: COTATION_HEADERS.comment, aliases: [COTATION_HEADERS.comment], type: "text", blank: "unknown" },
    ...questions.map((q): ColumnDef => ({ key: `q:${q.key}`, header: q.label, aliases: [q.label], type: "yesno", blank: "unknown" })),
  ];
  const index = buildHeaderIndex(cols);
  let headerRow = -1;
  let map = new Map<string, number>();
  let headers: string[] = [];
  for (let r = 0; r < Math.min(30, grid.rows.length); r++) {
    const row = grid.rows[r] ?? [];
    const m = new Map<string, number>();
    const hs: string[] = [];
    row.forEach((v: Cell, c) => {
      const t = isBlank(v) || cellErrorText(v) ? "" : cellText(v);
      hs[c] = t;
      const hit = t ? index.map.get(normalizeHeader(t)) : undefined;
      if (hit && !m.has(hit.key)) m.set(hit.key, c);
    });
    if (m.has("id") && m.has("decision")) {
      headerRow = r;
      map = m;
      headers = hs;
      break;
    }
  }
  if (headerRow < 0) return null;
  const log = new Log();
  const out = new Map<string, TypedAnswers>();
  const originRow = grid.originRow ?? 0;
  const originCol = grid.originCol ?? 0;
  if (questions.length) {
    const retired = new Set(RETIRED_QUESTIONS.map(normalizeHeader));
    headers.forEach((h, c) => {
      if (h && retired.has(normalizeHeader(h)))
        log.add("info", grid.sheet, originRow + headerRow + 1, h, originCol + c, `question « ${h} » retirée du questionnaire : ce que le marché porte déjà est lu dans le registre (un levier en place ne rapporte aucun point) ; réponses non reprises`);
    });
  }
  for (let r = headerRow + 1; r < grid.rows.length; r++) {
    const row = grid.rows[r] ?? [];
    const idCell = row[map.get("id") as number];
    if (isBlank(idCell) || cellErrorText(idCell)) continue;
    const id = cellText(idCell);
    const answers: Record<string, boolean | null> = {};
    for (const q of questions) {
      const c = map.get(`q:${q.key}`);
      if (c === undefined || isBlank(row[c])) continue;
      const p = parseYesNo(row[c]);
      if (p.ok) answers[q.key] = p.value;
      else log.add("warning", grid.sheet, originRow + r + 1, headers[c], originCol + c, `${p.message} : réponse ignorée`);
    }
    const dc = map.get("decision") as number;
    const decision = isBlank(row[dc]) ? null : cellText(row[dc]);
    let decisionActions: number[] | null = null;
    if (decision !== null) {
      const p = parseActionList(decision);
      if (p.ok) decisionActions = p.value;
      else log.add("warning", grid.sheet, originRow + r + 1, headers[dc], originCol + dc, `décision ${p.message} : conservée telle quelle, mais non ajoutée aux actions ciblées du marché`);
    }
    const rc = map.get("renewal");
    const renewal = rc === undefined || isBlank(row[rc]) || cellErrorText(row[rc]) ? null : cellText(row[rc]).trim() || null;
    const cc = map.get("comment");
    const comment = cc === undefined || isBlank(row[cc]) ? null : cellText(row[cc]);
    const idCol = map.get("id") as number;
    const at: TypedAnswers["at"] = { sheet: grid.sheet, row: originRow + r + 1, idHeader: headers[idCol], idCol: originCol + idCol };
    if (rc !== undefined) Object.assign(at, { renewalHeader: headers[rc], renewalCol: originCol + rc });
    out.set(id, { answers, decision, decisionActions, renewal, comment, at });
  }
  return { answers: out, issues: log.issues };
}

/** Answers typed in every cotation sheet among the grids (a later sheet wins for the same id). */
export function typedAnswersOf(grids: Grid[], questions: readonly CotationSheetQuestion[]): { answers: Map<string, TypedAnswers>; issues: Issue[] } {
  const answers = new Map<string, TypedAnswers>();
  const issues: Issue[] = [];
  for (const g of grids) {
    const r = readCotationAnswers(g, questions);
    if (!r) continue;
    for (const [k, v] of r.answers) answers.set(k, v);
    issues.push(...r.issues);
  }
  return { answers, issues };
}


/** A CAD decision applied to a contract that renews the contract decided on. */
export interface AppliedDecision {
  /** The contract decided on (X). */
  decidedOn: string;
  /** The contract that renews it (Y): its targeted actions hold the decided actions. */
  renewal: string;
  actions: number[];
  /** Y's year of notification: the only year whose figures the decision enters (null: not notified yet). */
  year: number | null;
  /** How the renewal was found: its « Marché précédent » in the register, or the link typed in the cotation sheet. */
  via: "registre" | "cotation";
}

/** A CAD decision whose renewal is not in the register yet (« en attente de renouvellement »). */
export interface PendingDecision {
  decidedOn: string;
  /** The decision as typed. */
  decision: string;
  actions: number[];
  /** The renewal typed in « Marché de renouvellement » when it names no contract of the register yet. */
  renewal: string | null;
  at: TypedAnswers["at"];
}

/** What became of the CAD's decisions typed in the cotation sheets (SPEC §9). */
export interface CadDecisions {
  /** Sorted by contract decided on, then renewal. */
  applied: AppliedDecision[];
  /** Sorted by contract decided on. */
  pending: PendingDecision[];
  /**
   * Set only when the register has no « Actions ciblées » column and a decision applies to a
   * notified renewal: the decisions are then the register's only targeting, from this year (the
   * year of the earliest renewal they apply to) on; the years before read the column as absent, so
   * that their figures never move. Null otherwise.
   */
  targetingFromYear: number | null;
}

/** What merging the CAD's decisions did. */
export interface CotationMerge {
  /** `info` issues (a renewal whose targeted actions are unreadable, a decision waiting for its renewal, the summary lines). */
  issues: Issue[];
  /** Ids of the renewals whose targeted actions gained at least one action decided in CAD, sorted. */
  merged: string[];
  decisions: CadDecisions;
}

const NONE: number[] = Object.freeze([]) as unknown as number[];

/** The contract a contract renews (« Marché précédent »), when the register says. */
export function previousOf(c: Pick<Contract, "marchePrecedent">): string | null {
  const v = c.marchePrecedent;
  return v === undefined || v === null || v.trim() === "" ? null : v.trim();
}

/** The contracts of the register that renew each contract (by « Marché précédent »), in register order. */
export function renewalsById(contracts: readonly Contract[]): Map<string, Contract[]> {
  const m = new Map<string, Contract[]>();
  for (const c of contracts) {
    const prev = previousOf(c);
    if (prev === null || prev === c.id) continue;
    const list = m.get(prev);
    if (list) list.push(c);
    else m.set(prev, [c]);
  }
  return m;
}

const ids = (list: string[], max = 20) => (list.length > max ? `${list.slice(0, max).join(", ")}… (${list.length - max} de plus)` : list.join(", "));
const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/**
 * Applies the « Décision CAD » of the cotation sheets among `cotationGrids` (grids that are not a
 * cotation sheet are ignored; a later sheet wins for the same id, as on refresh) to the renewal of
 * the contract decided on (SPEC §9): the contract typed in « Marché de renouvellement » when the
 * register holds it, else every contract whose « Marché précédent » is the contract decided on (the
 * lots of the renewing consultation) — never the contract decided on itself, whose year is already
 * reported. The decided actions join the renewal's targeted actions (the union, sorted). Mutates
 * `contracts` (a new array is assigned to a renewal's targeted actions, the old one is never modified).
 * - A decision whose renewal is not in the register (no « Marché précédent » names the contract,
 *   or the renewal typed is not in the register yet) is « en attente de renouvellement ».
 * - `actionsColumn` true (the register has « Actions ciblées »): a renewal whose targeted actions
 *   are unknown (unreadable cell, already reported) stays unknown; an `info` issue says so.
 * - `actionsColumn` false: the decisions are the only targeting. When a decision applies to a
 *   notified renewal, every contract without targeting gets none (blank « Actions ciblées » means
 *   none targeted) and `targetingFromYear` is the year of the earliest such renewal: the caller
 *   adds `actionsCiblees` to the register's present columns, and the engine reads the column as
 *   absent before that year.
 * A decision that is not a list of actions was reported by `readCotationAnswers` (warning at its
 * cell) and is left out.
 */
export function mergeCotationDecisions(contracts: Contract[], cotationGrids: Grid[], actionsColumn = true): CotationMerge {
  // Only the id, the decision and the renewal are read: no question column is needed.
  const typed = typedAnswersOf(cotationGrids, []);
  const log = new Log();
  for (const i of typed.issues) log.issues.push(i);
  const byId = new Map<string, Contract>();
  for (const c of contracts) byId.set(c.id, c);
  const renewals = renewalsById(contracts);
  const merged = new Set<string>();
  const applied: AppliedDecision[] = [];
  const pending: PendingDecision[] = [];
  let firstSheet: string | null = null;
  for (const [id, t] of typed.answers) {
    if (!t.decisionActions || t.decisionActions.length === 0) continue;
    firstSheet ??= t.at.sheet;
    const decision = t.decision as string;
    let link = t.renewal;
    if (link !== null && link === id) {
      log.add("warning", t.at.sheet, t.at.row, t.at.renewalHeader ?? null, t.at.renewalCol ?? null, `marché de renouvellement « ${link} » : c'est le marché décidé lui-même ; lien ignoré (indiquez le N° marché du contrat qui le renouvelle)`);
      link = null;
    }
    let targets: Contract[];
    let via: AppliedDecision["via"];
    if (link !== null) {
      const y = byId.get(link);
      if (!y) {
        pending.push({ decidedOn: id, decision, actions: t.decisionActions, renewal: link, at: t.at });
        continue;
      }
      targets = [y];
      via = "cotation";
    } else {
      targets = renewals.get(id) ?? [];
      if (targets.length === 0) {
        pending.push({ decidedOn: id, decision, actions: t.decisionActions, renewal: null, at: t.at });
        if (!byId.has(id))
          log.add("info", t.at.sheet, t.at.row, t.at.idHeader, t.at.idCol, `décision CAD « ${decision} » pour le marché « ${id} » : ni ce marché ni un marché qui le renouvelle ne sont dans le registre ; décision en attente de renouvellement`);
        continue;
      }
      via = "registre";
    }
    for (const y of targets) {
      const before = y.actionsCiblees ?? (actionsColumn ? null : NONE);
      if (before === null) {
        log.add("info", t.at.sheet, t.at.row, t.at.idHeader, t.at.idCol, `décision CAD « ${decision} » pour le marché « ${id} » non reportée sur son renouvellement « ${y.id} » : ses actions ciblées sont illisibles dans le registre (ligne ${y.row}, voir l'erreur de la cellule)`);
        continue;
      }
      applied.push({ decidedOn: id, renewal: y.id, actions: t.decisionActions, year: y.dateNotification?.y ?? null, via });
      const union = [...new Set([...before, ...t.decisionActions])].sort((a, b) => a - b);
      if (union.length > before.length) {
        y.actionsCiblees = union;
        merged.add(y.id);
      }
    }
  }
  let targetingFromYear: number | null = null;
  if (!actionsColumn) {
    for (const a of applied) if (a.year !== null && (targetingFromYear === null || a.year < targetingFromYear)) targetingFromYear = a.year;
    if (targetingFromYear !== null) for (const c of contracts) if (c.actionsCiblees === null) c.actionsCiblees = NONE;
  }
  applied.sort((a, z) => a.decidedOn.localeCompare(z.decidedOn) || a.renewal.localeCompare(z.renewal));
  pending.sort((a, z) => a.decidedOn.localeCompare(z.decidedOn));
  if (applied.length) {
    const pairs = applied.map((a) => `${a.decidedOn} → ${a.renewal}${a.year !== null ? ` (${a.year})` : " (pas encore notifié)"}`);
    log.add("info", firstSheet ?? "", null, null, null, `${plural(applied.length, "décision CAD appliquée", "décisions CAD appliquées")} au marché de renouvellement (actions ajoutées à ses actions ciblées ; les années déjà arrêtées ne changent pas) : ${ids(pairs)}`);
  }
  if (pending.length) {
    log.add("info", firstSheet ?? "", null, null, null, `${plural(pending.length, "décision CAD en attente", "décisions CAD en attente")} de renouvellement (aucun marché du registre ne les renouvelle encore) : ${ids(pending.map((p) => p.decidedOn))}`);
  }
  return { issues: log.issues, merged: [...merged].sort(), decisions: { applied, pending, targetingFromYear } };
}
