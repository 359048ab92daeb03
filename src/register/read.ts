/**
 * Grid of cell values -> register (contracts, side tables, parameters) + issues.
 * A bad cell never aborts the read: it becomes an issue naming sheet, row, column and cell.
 */
import {
  ACTIVITY_INDEX,
  ColumnDef,
  HeaderIndex,
  INSERTION_INDEX,
  MANUAL_INDEX,
  normalizeHeader,
  PARAMETER_INDEX,
  REFERENTIAL_INDEX,
  REGISTER_COLUMN_BY_KEY,
  REGISTER_INDEX,
} from "./columns";
import { defaultParameters, readParameters } from "./parameters";
import type {
  Activity,
  Cell,
  Contract,
  Grid,
  InsertionRow,
  Issue,
  ManualInput,
  Register,
  RegisterSource,
  Severity,
  TableSource,
} from "./types";
import {
  cellErrorText,
  cellText,
  columnLetter,
  compact,
  isBlank,
  natureFromCpv,
  parseActionList,
  parseActivityStatus,
  parseDate,
  parseGender,
  parseNature,
  parseNonNegative,
  parseNonNegativeInteger,
  Parsed,
  parsePercent,
  parseProcedure,
  parseReserve,
  parseYear,
  parseYesNo,
  showCell,
} from "./values";
import { INDICATOR_BY_ID } from "../spaser/referential";
import { builtinDefinitions } from "../spaser/definitions";
import { readReferentialSheet } from "./referential-sheet";
import { mergeCotationDecisions } from "./cotation";

/** The cotation sheet the tool writes (its « Décision CAD » column is read back). */
const COTATION_SHEET = /^cotation cad/i;

/** The type of a built-in indicator in the default referential (`intégré` for those not computed over contracts). */
const BUILTIN_TYPES: ReadonlyMap<string, string> = new Map(builtinDefinitions(defaultParameters()).map((d) => [d.id, d.type]));
function builtinTypeOf(id: string): "taux" | "compte" | "somme" | "moyenne" | "intégré" | null {
  return INDICATOR_BY_ID.has(id) ? ((BUILTIN_TYPES.get(id) as "taux") ?? "intégré") : null;
}

export const HEADER_SCAN_ROWS = 30;

/** Columns of a DECP export that give the same field: the first one is used. */
const DECP_PAIRS = new Set(["uid/id", "titulairenom/titulaireid", "acheteur/acheteurnom", "acheteurnom/acheteur"]);

/** Names of the sheets the add-in and the command line write. */
export const OWN_SHEETS = /^(tdb [12] - |cotation cad|détail des indicateurs)/i;

/** A header row found in a grid: which row, and which column index holds which key. */
export interface HeaderMatch {
  grid: Grid;
  /** 0-based row index in grid.rows. */
  rowIndex: number;
  /** key -> column index in the grid */
  columns: Map<string, number>;
  headers: string[];
  unknown: string[];
  duplicates: { header: string; key: string; col: number }[];
  score: number;
}

/** Quotes a sheet name in a cell reference when Excel would. */
export function sheetRef(sheet: string): string {
  return /^[A-Za-z_\u00C0-\u024F][\w.\u00C0-\u024F]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}

/**
 * Finds the best header row of a grid for a table kind (first 30 rows; row 0 only for Excel
 * tables): the row that matches the most known columns, among the rows holding `requiredKey`.
 */
export function matchHeader(grid: Grid, index: HeaderIndex, requiredKey?: string): HeaderMatch | null {
  const limit = grid.table ? 1 : Math.min(HEADER_SCAN_ROWS, grid.rows.length);
  let best: HeaderMatch | null = null;
  for (let r = 0; r < limit; r++) {
    const row = grid.rows[r];
    if (!row) continue;
    const m = matchRow(grid, r, row, index);
    if (requiredKey && !m.columns.has(requiredKey)) continue;
    if (m.score > 0 && (!best || m.score > best.score)) best = m;
  }
  return best;
}

function matchRow(grid: Grid, r: number, row: Cell[], index: HeaderIndex): HeaderMatch {
  const columns = new Map<string, number>();
  const ranks = new Map<string, number>();
  const headers: string[] = [];
  const unknown: string[] = [];
  const duplicates: HeaderMatch["duplicates"] = [];
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    const text = isBlank(v) || cellErrorText(v) ? "" : cellText(v);
    headers[c] = text;
    if (!text) continue;
    const hit = index.map.get(normalizeHeader(text));
    if (!hit) {
      unknown.push(text);
      continue;
    }
    const prev = columns.get(hit.key);
    if (prev === undefined) {
      columns.set(hit.key, c);
      ranks.set(hit.key, hit.rank);
      continue;
    }
    // Two columns for one key: a DECP `uid` wins over `id`; otherwise the better alias wins.
    const isUid = hit.key === "id" && normalizeHeader(text) === "uid";
    const better = isUid || (hit.rank < (ranks.get(hit.key) ?? 99) && !(hit.key === "id" && normalizeHeader(headers[prev]) === "uid"));
    if (better) {
      duplicates.push({ header: headers[prev], key: hit.key, col: prev });
      columns.set(hit.key, c);
      ranks.set(hit.key, hit.rank);
    } else duplicates.push({ header: text, key: hit.key, col: c });
  }
  return { grid, rowIndex: r, columns, headers, unknown, duplicates, score: columns.size };
}

type SideKind = "activities" | "insertion" | "manual" | "parameters" | "referential";
const SIDE_NAMES: Record<string, SideKind> = {
  activites: "activities",
  activite: "activities",
  insertion: "insertion",
  suiviinsertion: "insertion",
  saisies: "manual",
  saisie: "manual",
  parametres: "parameters",
  parametre: "parameters",
  referentiel: "referential",
  referentielspaser: "referential",
};
const SIDE_INDEX: Record<SideKind, HeaderIndex> = {
  activities: ACTIVITY_INDEX,
  insertion: INSERTION_INDEX,
  manual: MANUAL_INDEX,
  parameters: PARAMETER_INDEX,
  referential: REFERENTIAL_INDEX,
};
/** Columns a side table must have to be recognised by its headers alone. */
const SIDE_REQUIRED: Record<SideKind, string[][]> = {
  activities: [["action", "statut"], ["action", "date", "type"]],
  insertion: [["annee", "heures"], ["annee", "genre"], ["annee", "trancheAge"]],
  manual: [["indicateur", "annee", "valeur"]],
  parameters: [["parametre", "valeur"]],
  referential: [["id", "type", "condition"], ["id", "population", "condition"]],
};

function sideKindByName(g: Grid): SideKind | null {
  for (const name of [g.table, g.sheet]) {
    if (!name) continue;
    const k = SIDE_NAMES[compact(name)];
    if (k) return k;
  }
  return null;
}

export class IssueLog {
  readonly issues: Issue[] = [];
  add(severity: Severity, sheet: string, row: number | null, column: string | null, col: number | null, message: string): void {
    const cell = row !== null && col !== null ? `${sheetRef(sheet)}!${columnLetter(col)}${row}` : null;
    this.issues.push({ severity, sheet, row, column, cell, message });
  }
}

/** Reads a whole workbook given as grids (one per sheet or per Excel table). */
export function readWorkbook(grids: Grid[], sheetNames?: string[]): Register {
  const log = new IssueLog();
  const side: Partial<Record<SideKind, HeaderMatch | { grid: Grid; none: true }>> = {};
  const candidates: Grid[] = [];
  for (const g of grids) {
    // The sheets this tool writes (dashboards, cotation) are never read as a register.
    if (OWN_SHEETS.test(g.sheet)) continue;
    const kind = sideKindByName(g);
    if (kind && !side[kind]) {
      const m = matchHeader(g, SIDE_INDEX[kind]);
      side[kind] = m ?? { grid: g, none: true };
    } else candidates.push(g);
  }

  let best: HeaderMatch | null = null;
  for (const g of candidates) {
    const m = matchHeader(g, REGISTER_INDEX, "id");
    if (!m || m.columns.size < 2) continue;
    if (!best || m.score > best.score || (m.score === best.score && !!g.table && !best.grid.table)) best = m;
  }
  // Side tables not found by name: by their headers.
  for (const kind of Object.keys(SIDE_INDEX) as SideKind[]) {
    if (side[kind]) continue;
    for (const g of candidates) {
      if (best && g === best.grid) continue;
      const m = matchHeader(g, SIDE_INDEX[kind]);
      if (m && SIDE_REQUIRED[kind].some((req) => req.every((k) => m.columns.has(k)))) {
        side[kind] = m;
        break;
      }
    }
  }
  if (!best) throw new RegisterNotFoundError(grids);

  const { contracts, source, present } = readContracts(best, log);
  // The CAD's decisions typed in the « Cotation CAD » sheet join the contract's targeted actions,
  // so that A1.E1 follows the committee's own decisions.
  const cotationGrids = grids.filter((g) => COTATION_SHEET.test(g.sheet));
  if (cotationGrids.length) {
    const merge = mergeCotationDecisions(contracts, cotationGrids, present.has("actionsCiblees"));
    log.issues.push(...merge.issues);
    if (merge.merged.length) present.add("actionsCiblees");
  }
  const act = side.activities && "columns" in side.activities ? readActivities(side.activities, log) : null;
  const ins = side.insertion && "columns" in side.insertion ? readInsertion(side.insertion, log) : null;
  const manual = side.manual && "columns" in side.manual ? readManual(side.manual, log) : [];
  const params = side.parameters ? readParameters(side.parameters.grid, "columns" in side.parameters ? side.parameters : null, log) : defaultParameters();
  const referentiel = side.referential && "columns" in side.referential ? readReferentialSheet(side.referential, log, builtinTypeOf) : null;
  return {
    source,
    contracts,
    present,
    activities: act ? act.rows : null,
    activitiesSource: act ? act.source : null,
    insertion: ins ? ins.rows : null,
    insertionSource: ins ? ins.source : null,
    manualInputs: manual,
    parameters: params,
    referentiel,
    issues: log.issues,
    sheetNames: sheetNames ?? [...new Set(grids.map((g) => g.sheet))],
  };
}

export class RegisterNotFoundError extends Error {
  constructor(grids: Grid[]) {
    const names = [...new Set(grids.map((g) => g.sheet))];
    super(
      `Aucun registre des marchés trouvé dans ${names.length ? `les feuilles ${names.map((n) => `« ${n} »`).join(", ")}` : "le classeur (aucune feuille)"} : ` +
        `une ligne d'en-tête avec la colonne « N° marché » et au moins une autre colonne connue (Objet, Montant HT, Date de notification…) est attendue dans les 30 premières lignes.`,
    );
    this.name = "RegisterNotFoundError";
  }
}

function tableSource(m: HeaderMatch): TableSource {
  const columns: Record<string, string> = {};
  for (const [k, c] of m.columns) columns[k] = m.headers[c];
  return {
    sheet: m.grid.sheet,
    ...(m.grid.table ? { table: m.grid.table } : {}),
    headerRow: (m.grid.originRow ?? 0) + m.rowIndex + 1,
    columns,
    unknownColumns: [...m.unknown, ...m.duplicates.map((d) => d.header)],
  };
}

function rowIsBlank(row: Cell[] | undefined): boolean {
  if (!row) return true;
  for (let i = 0; i < row.length; i++) if (!isBlank(row[i])) return false;
  return true;
}

/**
 * Memoises a parser over string cells (registers repeat the same words a lot) and, when
 * `numbers` is set, over number cells too (dates repeat: a few hundred days a year).
 */
function memo<T>(parse: (v: Cell) => Parsed<T>, numbers = false): (v: Cell) => Parsed<T> {
  const cache = new Map<string, Parsed<T>>();
  const byNumber = new Map<number, Parsed<T>>();
  return (v) => {
    if (typeof v === "string") {
      let r = cache.get(v);
      if (r === undefined) {
        r = parse(v);
        if (cache.size < 10_000) cache.set(v, r);
      }
      return r;
    }
    if (numbers && typeof v === "number") {
      let r = byNumber.get(v);
      if (r === undefined) {
        r = parse(v);
        if (byNumber.size < 100_000) byNumber.set(v, r);
      }
      return r;
    }
    return parse(v);
  };
}

type FieldSetter = (c: Contract, v: Cell) => string | null;

/**
 * One store function per field: each writes one property of one shape, which the JavaScript engine
 * keeps fast (a single function writing any field by name would be slow on large registers).
 */
const STORE: Partial<Record<keyof Contract, (c: Contract, v: unknown) => void>> = {
  objet: (c, v) => void (c.objet = v as Contract["objet"]),
  titulaire: (c, v) => void (c.titulaire = v as Contract["titulaire"]),
  entite: (c, v) => void (c.entite = v as Contract["entite"]),
  direction: (c, v) => void (c.direction = v as Contract["direction"]),
  nature: (c, v) => void (c.nature = v as Contract["nature"]),
  famille: (c, v) => void (c.famille = v as Contract["famille"]),
  cpv: (c, v) => void (c.cpv = v as Contract["cpv"]),
  procedure: (c, v) => void (c.procedure = v as Contract["procedure"]),
  montant: (c, v) => void (c.montant = v as Contract["montant"]),
  dureeMois: (c, v) => void (c.dureeMois = v as Contract["dureeMois"]),
  dateNotification: (c, v) => void (c.dateNotification = v as Contract["dateNotification"]),
  datePrevisionnelle: (c, v) => void (c.datePrevisionnelle = v as Contract["datePrevisionnelle"]),
  recurrent: (c, v) => void (c.recurrent = v as Contract["recurrent"]),
  anticipe: (c, v) => void (c.anticipe = v as Contract["anticipe"]),
  dateCotation: (c, v) => void (c.dateCotation = v as Contract["dateCotation"]),
  dateLancement: (c, v) => void (c.dateLancement = v as Contract["dateLancement"]),
  actionsCiblees: (c, v) => void (c.actionsCiblees = v as Contract["actionsCiblees"]),
  clauseInsertion: (c, v) => void (c.clauseInsertion = v as Contract["clauseInsertion"]),
  heuresInsertionPrevues: (c, v) => void (c.heuresInsertionPrevues = v as Contract["heuresInsertionPrevues"]),
  heuresInsertionRealisees: (c, v) => void (c.heuresInsertionRealisees = v as Contract["heuresInsertionRealisees"]),
  critereInsertion: (c, v) => void (c.critereInsertion = v as Contract["critereInsertion"]),
  reserve: (c, v) => void (c.reserve = v as Contract["reserve"]),
  clauseSociale: (c, v) => void (c.clauseSociale = v as Contract["clauseSociale"]),
  critereSocial: (c, v) => void (c.critereSocial = v as Contract["critereSocial"]),
  commerceEquitable: (c, v) => void (c.commerceEquitable = v as Contract["commerceEquitable"]),
  nombreLots: (c, v) => void (c.nombreLots = v as Contract["nombreLots"]),
  alloti: (c, v) => void (c.alloti = v as Contract["alloti"]),
  avance: (c, v) => void (c.avance = v as Contract["avance"]),
  tauxAvance: (c, v) => void (c.tauxAvance = v as Contract["tauxAvance"]),
  renonciationAvance: (c, v) => void (c.renonciationAvance = v as Contract["renonciationAvance"]),
  questionnementBesoin: (c, v) => void (c.questionnementBesoin = v as Contract["questionnementBesoin"]),
  outilsMethodo: (c, v) => void (c.outilsMethodo = v as Contract["outilsMethodo"]),
  clausesEquilibrees: (c, v) => void (c.clausesEquilibrees = v as Contract["clausesEquilibrees"]),
  revisionPrix: (c, v) => void (c.revisionPrix = v as Contract["revisionPrix"]),
  negociation: (c, v) => void (c.negociation = v as Contract["negociation"]),
  gainPrix: (c, v) => void (c.gainPrix = v as Contract["gainPrix"]),
  gainTechnique: (c, v) => void (c.gainTechnique = v as Contract["gainTechnique"]),
  evaluation: (c, v) => void (c.evaluation = v as Contract["evaluation"]),
  noteSatisfaction: (c, v) => void (c.noteSatisfaction = v as Contract["noteSatisfaction"]),
  acv: (c, v) => void (c.acv = v as Contract["acv"]),
  clauseSobriete: (c, v) => void (c.clauseSobriete = v as Contract["clauseSobriete"]),
  amoDD: (c, v) => void (c.amoDD = v as Contract["amoDD"]),
  critereEnvironnemental: (c, v) => void (c.critereEnvironnemental = v as Contract["critereEnvironnemental"]),
  clauseEnvironnementale: (c, v) => void (c.clauseEnvironnementale = v as Contract["clauseEnvironnementale"]),
  clauseDonneesImpact: (c, v) => void (c.clauseDonneesImpact = v as Contract["clauseDonneesImpact"]),
  clauseLimitationImpact: (c, v) => void (c.clauseLimitationImpact = v as Contract["clauseLimitationImpact"]),
  donneesObtenues: (c, v) => void (c.donneesObtenues = v as Contract["donneesObtenues"]),
  compensationCarbone: (c, v) => void (c.compensationCarbone = v as Contract["compensationCarbone"]),
  tco2Compensees: (c, v) => void (c.tco2Compensees = v as Contract["tco2Compensees"]),
  economieCirculaire: (c, v) => void (c.economieCirculaire = v as Contract["economieCirculaire"]),
  titulaireTpePme: (c, v) => void (c.titulaireTpePme = v as Contract["titulaireTpePme"]),
  titulaireEss: (c, v) => void (c.titulaireEss = v as Contract["titulaireEss"]),
  offresRecues: (c, v) => void (c.offresRecues = v as Contract["offresRecues"]),
  offresTpePme: (c, v) => void (c.offresTpePme = v as Contract["offresTpePme"]),
  dceRetires: (c, v) => void (c.dceRetires = v as Contract["dceRetires"]),
  infructueux: (c, v) => void (c.infructueux = v as Contract["infructueux"]),
  offresIrregulieres: (c, v) => void (c.offresIrregulieres = v as Contract["offresIrregulieres"]),
  litiges: (c, v) => void (c.litiges = v as Contract["litiges"]),
};

/** Builds, for one register column, the function that parses a non-blank cell into the contract. */
function setterFor(def: ColumnDef): FieldSetter {
  const key = def.key as keyof Contract;
  const store = STORE[key] ?? ((c: Contract, v: unknown) => void ((c as unknown as Record<string, unknown>)[key] = v));
  const assign = <T>(parse: (v: Cell) => Parsed<T>, numbers = false): FieldSetter => {
    const p = memo(parse, numbers);
    return (c, v) => {
      const r = p(v);
      if (r.ok) {
        store(c, r.value);
        return null;
      }
      return r.message;
    };
  };
  switch (def.type) {
    case "id":
    case "text":
      return (c, v) => {
        store(c, cellText(v));
        return null;
      };
    case "cpv":
      return (c, v) => {
        const t = cellText(v).replace(/\s/g, "");
        c.cpv = t;
        return /^\d{8}(-?\d)?$/.test(t) ? null : `code CPV ${showCell(v)} inattendu (8 chiffres attendus)`;
      };
    case "yesno":
      return assign(parseYesNo);
    case "number": {
      const slow = assign(parseNonNegative);
      // Fast path: most amounts arrive as numbers already.
      return (c, v) => (typeof v === "number" && v >= 0 && v < Infinity ? (store(c, v), null) : slow(c, v));
    }
    case "integer": {
      const slow = assign(parseNonNegativeInteger);
      return (c, v) => (typeof v === "number" && v >= 0 && Number.isInteger(v) ? (store(c, v), null) : slow(c, v));
    }
    case "percent":
      return assign(parsePercent, true);
    case "date":
      return assign(parseDate, true);
    case "actions":
      return assign(parseActionList);
    case "nature":
      return assign(parseNature);
    case "procedure": {
      const p = memo(parseProcedure);
      return (c, v) => {
        c.procedureLabel = cellText(v);
        const r = p(v);
        if (r.ok) c.procedure = r.value;
        return r.ok ? null : r.message;
      };
    }
    case "reserve": {
      const p = memo(parseReserve);
      return (c, v) => {
        const r = p(v);
        if (!r.ok) return r.message;
        c.reserve = r.value.reserve || c.reserve === true;
        if (r.value.type) c.reserveType = r.value.type;
        return null;
      };
    }
    case "decpSocial":
      // A DECP « Clause sociale » / « Critère social » may be an insertion one: it sets socialDecp only (SPEC §2.1).
      return decpSetter({ clausesociale: "socialDecp", criteresocial: "socialDecp", marchereserve: "reserve" }, "sociale");
    case "decpEnv":
      return decpSetter({ clauseenvironnementale: "clauseEnvironnementale", critereenvironnemental: "critereEnvironnemental" }, "environnementale");
  }
}

/** DECP multi-valued considerations: "['Clause sociale', 'Critère social']" and the like. */
function decpSetter(map: Record<string, keyof Contract>, kind: string): FieldSetter {
  return (c, v) => {
    const values = cellText(v)
      .replace(/[[\]{}"']/g, " ")
      .split(/[,;|]/)
      .map((s) => compact(s))
      .filter((s) => s !== "");
    const unknown: string[] = [];
    for (const val of values) {
      const singular = val.replace(/s$/, "").replace(/clauses/, "clause").replace(/criteres/, "critere");
      const k = map[val] ?? map[singular];
      if (k) (c as unknown as Record<string, unknown>)[k] = true;
      else if (!val.startsWith("pasdeconsideration") && val !== "sansobjet" && val !== "aucune") unknown.push(val);
    }
    return unknown.length ? `considération ${kind} ${showCell(v)} non reconnue` : null;
  };
}

/** Shared by the contracts without co-holders / without targeted action (never mutated: frozen). */
const NO_HOLDERS: string[] = Object.freeze([]) as unknown as string[];
const NO_ACTIONS: number[] = Object.freeze([]) as unknown as number[];

/** A contract with every field unknown, built as one literal so that all contracts share one shape. */
function emptyContract(id: string, row: number): Contract {
  return {
    id, row, objet: null, titulaire: null, cotitulaires: NO_HOLDERS, entite: null, direction: null, nature: null, famille: null, cpv: null,
    procedure: null, procedureLabel: null, montant: null, dureeMois: null, dateNotification: null, datePrevisionnelle: null,
    recurrent: null, anticipe: null, dateCotation: null, dateLancement: null, actionsCiblees: null, clauseInsertion: null, heuresInsertionPrevues: null,
    heuresInsertionRealisees: null, critereInsertion: null, reserve: null, reserveType: null, clauseSociale: null, critereSocial: null,
    socialDecp: null, commerceEquitable: null, nombreLots: null, alloti: null, avance: null, tauxAvance: null, renonciationAvance: null, questionnementBesoin: null,
    outilsMethodo: null, clausesEquilibrees: null, revisionPrix: null, negociation: null, gainPrix: null, gainTechnique: null,
    evaluation: null, noteSatisfaction: null, acv: null, clauseSobriete: null, amoDD: null, critereEnvironnemental: null,
    clauseEnvironnementale: null, clauseDonneesImpact: null, clauseLimitationImpact: null, donneesObtenues: null,
    compensationCarbone: null, tco2Compensees: null, economieCirculaire: null, titulaireTpePme: null, titulaireEss: null,
    offresRecues: null, offresTpePme: null, dceRetires: null, infructueux: null, offresIrregulieres: null, litiges: null,
  };
}

function readContracts(m: HeaderMatch, log: IssueLog): { contracts: Contract[]; source: RegisterSource; present: Set<string> } {
  const { grid } = m;
  const sheet = grid.sheet;
  const originRow = grid.originRow ?? 0;
  const originCol = grid.originCol ?? 0;
  for (const d of m.duplicates) {
    // A DECP export has both `uid` and `id`, `titulaire_nom` and `titulaire_id`: the first of each
    // pair is used, as expected (information only).
    const kept = normalizeHeader(m.headers[m.columns.get(d.key) as number]);
    const decpPair = DECP_PAIRS.has(`${kept}/${normalizeHeader(d.header)}`);
    log.add(decpPair ? "info" : "warning", sheet, originRow + m.rowIndex + 1, d.header, originCol + d.col, `colonne « ${d.header} » ignorée : une autre colonne donne déjà « ${REGISTER_COLUMN_BY_KEY.get(d.key)?.header ?? d.key} »`);
  }
  const idCol = m.columns.get("id") as number;
  const titulaireCol = m.columns.get("titulaire");
  const cols = [...m.columns.entries()]
    .filter(([k]) => k !== "id")
    .map(([k, c]) => ({ def: REGISTER_COLUMN_BY_KEY.get(k) as ColumnDef, col: c, header: m.headers[c], set: setterFor(REGISTER_COLUMN_BY_KEY.get(k) as ColumnDef) }))
    // DECP multi-valued columns last: they add to the dedicated columns, never the reverse.
    .sort((a, b) => Number(a.def.type.startsWith("decp")) - Number(b.def.type.startsWith("decp")));
  // Yes/no fields whose column is present and whose blank means "non".
  const blankNo = cols.filter((x) => x.def.blank === "no").map((x) => x.def.key);
  const decpSocial = m.columns.has("considerationsSociales");
  const decpEnv = m.columns.has("considerationsEnvironnementales");
  // Provisions that a DECP considerations column gives: "non" unless it says otherwise.
  if (decpSocial) blankNo.push("socialDecp", "reserve");
  if (decpEnv) blankNo.push("clauseEnvironnementale", "critereEnvironnemental");
  const hasActions = m.columns.has("actionsCiblees");
  // Every contract starts as a copy of this one (one shape for all, fast to copy).
  const template = emptyContract("", 0);
  for (const k of blankNo) (template as unknown as Record<string, unknown>)[k] = false;

  const contracts: Contract[] = [];
  const byId = new Map<string, Contract>();
  let rowsRead = 0;
  let rejected = 0;
  let merged = 0;
  const mergedRows: number[] = [];
  const idHeader = m.headers[idCol];

  for (let r = m.rowIndex + 1; r < grid.rows.length; r++) {
    const row = grid.rows[r];
    if (rowIsBlank(row)) continue;
    rowsRead++;
    const sheetRow = originRow + r + 1;
    const idCell = row[idCol];
    const idErr = cellErrorText(idCell);
    if (isBlank(idCell) || idErr) {
      log.add("error", sheet, sheetRow, idHeader, originCol + idCol, idErr ? `${idErr} dans le N° marché : ligne ignorée` : "N° marché vide : ligne ignorée");
      rejected++;
      continue;
    }
    const id = cellText(idCell);
    const first = byId.get(id);
    if (first) {
      const tit = titulaireCol === undefined ? null : cellText(row[titulaireCol]);
      // A co-holder is a holder not seen yet for this id; a repeated or blank holder is a duplicate.
      if (tit && tit !== (first.titulaire ?? "") && !first.cotitulaires.includes(tit)) {
        first.cotitulaires = [...first.cotitulaires, tit];
        merged++;
        mergedRows.push(sheetRow);
        continue;
      }
      log.add("error", sheet, sheetRow, idHeader, originCol + idCol, `N° marché « ${id} » en double (déjà ligne ${first.row}) : ligne ignorée`);
      rejected++;
      continue;
    }
    const c: Contract = { ...template, id, row: sheetRow };
    // A blank `Actions ciblées` cell means no action targeted (SPEC §2.1); a bad cell resets it to unknown.
    if (hasActions) c.actionsCiblees = NO_ACTIONS;
    for (let i = 0; i < cols.length; i++) {
      const x = cols[i];
      const v = row[x.col];
      if (isBlank(v)) continue;
      const err = cellErrorText(v);
      if (err) {
        (c as unknown as Record<string, unknown>)[x.def.key] = null;
        log.add("error", sheet, sheetRow, x.header, originCol + x.col, `${err} : valeur d'erreur Excel, « ${x.header} » inconnu pour ce marché`);
        continue;
      }
      const msg = x.set(c, v);
      if (msg !== null) {
        if (x.def.type !== "cpv" && x.def.type !== "decpSocial" && x.def.type !== "decpEnv") (c as unknown as Record<string, unknown>)[x.def.key] = null;
        const severity: Severity = x.def.type === "procedure" || x.def.type === "nature" || x.def.type === "cpv" || x.def.type === "decpSocial" || x.def.type === "decpEnv" ? "warning" : "error";
        log.add(severity, sheet, sheetRow, x.header, originCol + x.col, msg);
      }
    }
    derive(c, m);
    contracts.push(c);
    byId.set(id, c);
  }
  if (merged > 0) {
    log.add(
      "info",
      sheet,
      null,
      m.headers[titulaireCol as number] ?? null,
      null,
      `${merged} ligne${merged > 1 ? "s" : ""} de co-titulaires fusionnée${merged > 1 ? "s" : ""} avec leur marché (même N° marché, autre titulaire) : lignes ${summarizeRows(mergedRows)}`,
    );
  }
  const present = new Set<string>(m.columns.keys());
  present.delete("considerationsSociales");
  present.delete("considerationsEnvironnementales");
  if (decpSocial) ["socialDecp", "reserve"].forEach((k) => present.add(k));
  if (decpEnv) ["clauseEnvironnementale", "critereEnvironnemental"].forEach((k) => present.add(k));
  if (present.has("nombreLots")) present.add("alloti");
  if (present.has("cpv")) present.add("nature");
  if (present.has("dateCotation")) present.add("anticipe");
  const source: RegisterSource = { ...tableSource(m), rowsRead, rowsUsed: contracts.length, rowsRejected: rejected, rowsMerged: merged };
  return { contracts, source, present };
}

function summarizeRows(rows: number[]): string {
  const shown = rows.slice(0, 10).join(", ");
  return rows.length > 10 ? `${shown}… (${rows.length} en tout)` : shown;
}

/** Values derived from other columns when their own cell is blank. */
function derive(c: Contract, m: HeaderMatch): void {
  if (c.nature === null && c.cpv && isBlankColumnCell(m, "nature", c)) c.nature = natureFromCpv(c.cpv, c.objet);
  if (c.alloti === null && c.nombreLots !== null && isBlankColumnCell(m, "alloti", c)) c.alloti = c.nombreLots >= 2;
}

/** True when the contract's cell in that column is blank or the column is absent (not a bad cell). */
function isBlankColumnCell(m: HeaderMatch, key: string, c: Contract): boolean {
  const col = m.columns.get(key);
  if (col === undefined) return true;
  const row = m.grid.rows[c.row - 1 - (m.grid.originRow ?? 0)];
  return isBlank(row?.[col]);
}

// ---------------------------------------------------------------- side tables

interface SideRowContext {
  sheet: string;
  sheetRow: number;
  row: Cell[];
  m: HeaderMatch;
  log: IssueLog;
}

/** Reads a side-table cell: null when blank, absent or bad (bad cells are logged). */
function sideCell<T>(ctx: SideRowContext, key: string, parse: (v: Cell) => Parsed<T>, severity: Severity = "error"): T | null {
  const col = ctx.m.columns.get(key);
  if (col === undefined) return null;
  const v = ctx.row[col];
  if (isBlank(v)) return null;
  const header = ctx.m.headers[col];
  const err = cellErrorText(v);
  const r = err ? { ok: false as const, message: `${err} : valeur d'erreur Excel` } : parse(v);
  if (r.ok) return r.value;
  ctx.log.add(severity, ctx.sheet, ctx.sheetRow, header, (ctx.m.grid.originCol ?? 0) + col, r.message);
  return null;
}

/** A yes/no cell of a side table: blank means "non", a bad cell is unknown. */
function yesNoBlankNo(ctx: SideRowContext, key: string): boolean | null {
  const col = ctx.m.columns.get(key);
  if (col === undefined) return null;
  return isBlank(ctx.row[col]) ? false : sideCell(ctx, key, parseYesNo);
}

const textOf = (v: Cell): Parsed<string> => ({ ok: true, value: cellText(v) });

function* sideRows(m: HeaderMatch, log: IssueLog): Generator<SideRowContext> {
  const originRow = m.grid.originRow ?? 0;
  for (let r = m.rowIndex + 1; r < m.grid.rows.length; r++) {
    const row = m.grid.rows[r];
    if (rowIsBlank(row)) continue;
    yield { sheet: m.grid.sheet, sheetRow: originRow + r + 1, row, m, log };
  }
}

function missingRequired(ctx: SideRowContext, key: string, label: string, what: string): void {
  const col = ctx.m.columns.get(key);
  ctx.log.add("error", ctx.sheet, ctx.sheetRow, col === undefined ? label : ctx.m.headers[col], col === undefined ? null : (ctx.m.grid.originCol ?? 0) + col, `${what} : ligne ignorée`);
}

function readActivities(m: HeaderMatch, log: IssueLog): { rows: Activity[]; source: TableSource } {
  const rows: Activity[] = [];
  if (!m.columns.has("action")) log.add("error", m.grid.sheet, (m.grid.originRow ?? 0) + m.rowIndex + 1, null, null, "colonne « Action » introuvable : la feuille des activités est ignorée");
  else
    for (const ctx of sideRows(m, log)) {
      const action = sideCell(ctx, "action", parseActionNumber);
      if (action === null) {
        if (isBlank(ctx.row[m.columns.get("action") as number])) missingRequired(ctx, "action", "Action", "numéro d'action vide");
        continue;
      }
      rows.push({
        row: ctx.sheetRow,
        action,
        type: sideCell(ctx, "type", textOf),
        intitule: sideCell(ctx, "intitule", textOf),
        statut: sideCell(ctx, "statut", parseActivityStatus, "warning"),
        date: sideCell(ctx, "date", parseDate),
        agentsFormes: sideCell(ctx, "agentsFormes", parseNonNegativeInteger),
        agentsAFormer: sideCell(ctx, "agentsAFormer", parseNonNegativeInteger),
        tempsJours: sideCell(ctx, "tempsJours", parseNonNegative),
      });
    }
  return { rows, source: tableSource(m) };
}

function parseActionNumber(v: Cell): Parsed<number> {
  const r = parseActionList(v);
  if (!r.ok) return r;
  if (r.value.length !== 1) return { ok: false, message: `${showCell(v)} : un seul numéro d'action (1 à 26) est attendu` };
  return { ok: true, value: r.value[0] };
}

function readInsertion(m: HeaderMatch, log: IssueLog): { rows: InsertionRow[]; source: TableSource } {
  const rows: InsertionRow[] = [];
  for (const ctx of sideRows(m, log)) {
    const annee = sideCell(ctx, "annee", parseYear);
    if (annee === null) {
      const col = m.columns.get("annee");
      if (col === undefined || isBlank(ctx.row[col])) missingRequired(ctx, "annee", "Année", "année vide");
      continue;
    }
    rows.push({
      row: ctx.sheetRow,
      marche: sideCell(ctx, "marche", textOf),
      annee,
      heures: sideCell(ctx, "heures", parseNonNegative),
      genre: sideCell(ctx, "genre", parseGender),
      trancheAge: sideCell(ctx, "trancheAge", textOf),
      qualification: sideCell(ctx, "qualification", textOf),
      rqth: yesNoBlankNo(ctx, "rqth"),
      formationQualifiante: yesNoBlankNo(ctx, "formationQualifiante"),
    });
  }
  return { rows, source: tableSource(m) };
}

function readManual(m: HeaderMatch, log: IssueLog): ManualInput[] {
  const rows: ManualInput[] = [];
  for (const ctx of sideRows(m, log)) {
    const id = sideCell(ctx, "indicateur", textOf);
    const annee = sideCell(ctx, "annee", parseYear);
    if (!id || annee === null) {
      if (!id) missingRequired(ctx, "indicateur", "Indicateur", "identifiant d'indicateur vide");
      else if (annee === null && isBlank(ctx.row[m.columns.get("annee") ?? -1])) missingRequired(ctx, "annee", "Année", "année vide");
      continue;
    }
    const canonical = id.toUpperCase().replace(/\s+/g, "");
    if (!INDICATOR_BY_ID.has(canonical)) {
      const col = m.columns.get("indicateur") as number;
      log.add("warning", ctx.sheet, ctx.sheetRow, m.headers[col], (m.grid.originCol ?? 0) + col, `indicateur « ${id} » inconnu (exemple d'identifiant : A22.E1) : ligne ignorée`);
      continue;
    }
    const raw = sideCell(ctx, "valeur", (v) => ({ ok: true as const, value: v }));
    let valeur: number | string | null = null;
    if (raw !== null) {
      const def = INDICATOR_BY_ID.get(canonical);
      const num = def?.unit === "percent" ? parsePercent(raw) : parseNonNegative(raw);
      valeur = num.ok && typeof raw !== "boolean" ? num.value : cellText(raw);
    }
    rows.push({ row: ctx.sheetRow, indicator: canonical, annee, valeur, commentaire: sideCell(ctx, "commentaire", textOf) });
  }
  return rows;
}
