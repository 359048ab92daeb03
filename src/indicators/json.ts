/** The machine-readable output of `spaser indicators --json` (docs/methodologie.md). */
import { nationalObservation } from "../register/parameters";
import type { Issue, Parameters, Register } from "../register/types";
import type { IndicatorDetail, IndicatorResult, ReferentialInfo, Results } from "./types";

export interface JsonIndicator {
  label: string;
  value: number | string | null;
  numerator?: number | null;
  denominator?: number | null;
  target?: number;
  status?: string;
  reason?: string;
  breakdown?: Record<string, number>;
  excluded?: number;
  ids?: string[];
  series?: Record<string, number | string | null>;
  /** C7.1–C7.3: consultations launched and not notified yet (« en cours : encore corrigeable »). */
  inProgress?: string[];
  /** C7.1–C7.3: consultations the law sets aside, with the reason. */
  exclusions?: { id: string; reason: string }[];
  /** C7.1–C7.3: the lots of each consultation listed that has several. */
  lots?: Record<string, string[]>;
  /** C7.4: the groups of a possible splitting of a need. */
  groups?: { entite: string; famille: string; annee: number; total: number; ids: string[] }[];
  source?: string;
  /** The contracts behind the figure, with --detail (docs/methodologie.md). */
  detail?: IndicatorDetail;
  /** Same measure as another indicator: the figure is that one's, shown once on the dashboards. */
  sameAs?: string;
  /**
   * What the figure needs said beside it (the « Commentaire » of the dashboards): the years a
   * multi-year indicator cumulates (« cumul de l'étape 1, 2025–2026 … »), the comment of a value
   * entered in « Saisies », subsequent contracts counted on their framework agreement.
   */
  comment?: string;
  /** N.ENV, N.SOC: the national figure of the OECP census they compare with (never a status). */
  reference?: { value: number | null; year: number; source: string };
}

export interface JsonOutput {
  year: number;
  register: { sheet: string; headerRow: number; rowsRead: number; rowsUsed: number; rowsRejected: number; rowsMerged: number };
  issues: Issue[];
  /** Which referential the figures follow (docs/methodologie.md): built in, or the workbook's own sheet. */
  referential: { kind: ReferentialInfo["kind"]; replaced: number; added: number; replacedIds: string[]; addedIds: string[]; sheet?: string };
  /** The buyer the figures are restricted to (--entity). */
  entity?: string;
  /** T1–T6 per buyer, when the register holds several and no entity was chosen. */
  entities?: { name: string; contractsInYear: number; indicators: Record<string, JsonIndicator> }[];
  indicators: Record<string, JsonIndicator>;
}

function toJson(r: IndicatorResult, sameAs?: string, p?: Parameters): JsonIndicator {
  const out: JsonIndicator = { label: r.label, value: r.value };
  if (r.numerator !== undefined) out.numerator = r.numerator;
  if (r.denominator !== undefined) out.denominator = r.denominator;
  if (r.target !== undefined) out.target = r.target;
  if (r.status !== undefined) out.status = r.status;
  if (r.value === null) out.reason = r.reason ?? "non disponible";
  if (r.breakdown !== undefined) out.breakdown = r.breakdown;
  if (r.excluded) out.excluded = r.excluded;
  if (r.ids !== undefined) out.ids = r.ids;
  if (r.series !== undefined) out.series = r.series;
  if (r.inProgress !== undefined) out.inProgress = r.inProgress;
  if (r.exclusions !== undefined) out.exclusions = r.exclusions;
  if (r.lots !== undefined) out.lots = r.lots;
  if (r.groups !== undefined) out.groups = r.groups;
  if (r.source !== undefined) out.source = r.source;
  if (r.detail !== undefined) out.detail = r.detail;
  if (sameAs) out.sameAs = sameAs;
  if (r.comment) out.comment = r.comment;
  const ref = p ? nationalObservation(r.id, p) : null;
  if (ref) out.reference = ref;
  return out;
}

export function jsonOutput(reg: Register, res: Results): JsonOutput {
  const s = reg.source;
  const indicators: Record<string, JsonIndicator> = {};
  const sameAs = new Map(res.definitions.filter((d) => d.sameAs).map((d) => [d.id, d.sameAs as string]));
  for (const [id, r] of Object.entries(res.indicators)) indicators[id] = toJson(r, sameAs.get(id), res.parameters);
  const ref = res.referential;
  return {
    year: res.year,
    register: { sheet: s.sheet, headerRow: s.headerRow, rowsRead: s.rowsRead, rowsUsed: s.rowsUsed, rowsRejected: s.rowsRejected, rowsMerged: s.rowsMerged },
    issues: [...reg.issues, ...res.notes],
    referential: { kind: ref.kind, replaced: ref.replaced.length, added: ref.added.length, replacedIds: ref.replaced, addedIds: ref.added, ...(ref.sheet ? { sheet: ref.sheet } : {}) },
    ...(res.entity !== undefined ? { entity: res.entity } : {}),
    ...(res.entities ? { entities: res.entities.map((e) => ({ name: e.name, contractsInYear: e.contractsInYear, indicators: Object.fromEntries(Object.entries(e.indicators).map(([id, r]) => [id, toJson(r)])) })) } : {}),
    indicators,
  };
}
