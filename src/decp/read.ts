/**
 * A DECP JSON file as a register (SPEC §11): the records of `marches` (public contracts) and of
 * `contrat-concession` (concessions), one grid row per holder with the DECP tabular column names,
 * so that the register reader reads them as it reads a tabular DECP export. Pure: the caller gives
 * the parsed JSON.
 *
 * Reading never requires validity: published files carry `_type` fields, flattened lists (the 2019
 * layout), `null`s and incomplete sub-objects. What cannot be read is reported per record, at
 * its place in the file (`marches.marche[3]`).
 *
 * The unit of account (SPEC §2.1.1): a record of `contrat-concession` is a concession; a record
 * naming its framework agreement (`idAccordCadre`) is a subsequent contract of it; a record whose
 * `techniques` hold « Accord-cadre » is a framework agreement. Amounts are those at notification;
 * the amount after the last modification that changed it goes to « Montant après modifications ».
 */
import type { Cell, Grid, GridNote, Issue, Severity } from "../register/types";
import type { RecordCallback } from "./scan";

/** The grid's columns: DECP tabular names (or French headers) that the register reader knows. */
export const DECP_GRID_HEADER = [
  "uid", "id", "objet", "nature", "codeCPV", "procedure", "montant", "dureeMois", "dateNotification", "offresRecues", "attributionAvance", "tauxAvance",
  "acheteur", "acheteur_id", "Titulaire", "titulaire_id", "titulaire_typeIdentifiant", "considerationsSociales", "considerationsEnvironnementales",
  "Type de contrat", "idAccordCadre", "Défense ou sécurité", "lieuExecution_code", "lieuExecution_typeCode", "ccag", "formePrix", "typesPrix",
  "modalitesExecution", "marcheInnovant", "typeGroupementOperateurs", "sousTraitanceDeclaree", "datePublicationDonnees", "Montant après modifications",
  "Nature de la concession", "Procédure de la concession", "dateDebutExecution", "montantSubventionPublique",
] as const;

type Column = (typeof DECP_GRID_HEADER)[number];
const COL = Object.fromEntries(DECP_GRID_HEADER.map((h, i) => [h, i])) as Record<Column, number>;

/** Where a grid row comes from: its record's list and place. */
export interface DecpOrigin {
  list: string;
  index: number;
}

/** Receives the rows of a DECP file: the header first, then one row per holder of each record. */
export interface DecpRowSink {
  row(cells: Cell[], origin: DecpOrigin | null): void;
  /** Something about a record (its row, 0-based in the grid, when it has one; the column when about one field). */
  note(severity: Severity, row: number | null, col: number | null, message: string): void;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** The lists of records of a DECP document, or null when it is not one. */
export function decpLists(json: unknown): { path: string; records: unknown[]; concession: boolean }[] | null {
  if (!isObject(json)) return null;
  const lists: { path: string; records: unknown[]; concession: boolean }[] = [];
  const m = json.marches;
  if (Array.isArray(m)) lists.push({ path: "marches", records: m, concession: false });
  else if (isObject(m)) {
    for (const [k, v] of Object.entries(m)) {
      if (k === "marche") lists.push({ path: "marches.marche", records: asList(v), concession: false });
      else if (k === "contrat-concession" || k === "contrats-concession") lists.push({ path: `marches.${k}`, records: asList(v), concession: true });
    }
  }
  for (const k of ["contrat-concession", "contrats-concession"]) if (json[k] !== undefined) lists.push({ path: k, records: asList(json[k]), concession: true });
  return lists.length || m !== undefined ? lists : null;
}

/** The values of a DECP list: {"considerationSociale": ["…", "…"]}, ["…"], "…". */
function listValues(v: unknown, out: string[] = []): string[] {
  if (v === null || v === undefined) return out;
  if (Array.isArray(v)) for (const x of v) listValues(x, out);
  else if (isObject(v)) for (const k in v) listValues(v[k], out);
  else if (typeof v === "string") {
    const t = v.trim();
    if (t) out.push(t);
  } else out.push(String(v));
  return out;
}

const DATE = /^\d{4}-\d{2}-\d{2}/;

/** One record's rows. */
class RecordReader {
  private readonly cells: Cell[] = new Array(DECP_GRID_HEADER.length).fill(null);
  constructor(
    private readonly r: Json,
    private readonly concession: boolean,
    private readonly warn: (col: number | null, message: string) => void,
  ) {}

  /** A scalar field; an object or a list where a value is expected is reported and left blank. */
  scalar(key: string): Cell {
    const v = this.r[key];
    if (v === undefined || v === null) return null;
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return typeof v === "string" ? v.trim() || null : v;
    this.warn(null, `« ${key} » n'est pas une valeur simple (${Array.isArray(v) ? "liste" : "objet"} JSON) : ignoré`);
    return null;
  }

  /** A date: the day of `2024-05-30`, `2024-05-30+02:00`, `2024-05-30T10:00:00`. */
  date(key: string): Cell {
    const v = this.scalar(key);
    return typeof v === "string" && DATE.test(v) ? v.slice(0, 10) : v;
  }

  set(col: Column, v: Cell): void {
    this.cells[COL[col]] = v === "" ? null : v;
  }

  /** The identifier of a party (`acheteur`, `autoriteConcedante`): its `id`, and its name when given. */
  party(key: string): { id: string | null; name: string | null } {
    const v = this.r[key];
    if (v === undefined || v === null || v === "") return { id: null, name: null };
    if (typeof v === "string" || typeof v === "number") return { id: String(v).trim() || null, name: null };
    if (!isObject(v)) {
      this.warn(null, `« ${key} » illisible (objet avec un « id » attendu)`);
      return { id: null, name: null };
    }
    const text = (x: unknown) => (typeof x === "string" || typeof x === "number" ? String(x).trim() || null : null);
    return { id: text(v.id), name: text(v.nom) ?? text(v.denominationSociale) };
  }

  /** The holders (`titulaires` / `concessionnaires`), each once: {titulaire: {…}} or {…} (2019 layout). */
  holders(key: string, wrapper: string): { id: string; type: string | null; name: string | null }[] {
    const out: { id: string; type: string | null; name: string | null }[] = [];
    const seen = new Set<string>();
    let unreadable = 0;
    for (const item of asList(this.r[key])) {
      const inner = isObject(item) && wrapper in item ? item[wrapper] : item;
      for (const h of asList(inner)) {
        const id = isObject(h) && (typeof h.id === "string" || typeof h.id === "number") ? String(h.id).trim() : "";
        if (!id) {
          unreadable++;
          continue;
        }
        const type = isObject(h) && typeof h.typeIdentifiant === "string" ? h.typeIdentifiant : null;
        const name = isObject(h) && typeof h.denominationSociale === "string" ? h.denominationSociale.trim() || null : null;
        if (seen.has(`${type}:${id}`)) continue;
        seen.add(`${type}:${id}`);
        out.push({ id, type, name });
      }
    }
    if (unreadable) this.warn(COL.titulaire_id, `${unreadable} ${wrapper}${unreadable > 1 ? "s" : ""} sans identifiant lisible dans « ${key} » : ignoré${unreadable > 1 ? "s" : ""}`);
    return out;
  }

  /** The amount after the last modification that gave one (by `id`, then by order), else null. */
  modifiedAmount(): number | null {
    const field = this.concession ? "valeurGlobale" : "montant";
    let best: { id: number; pos: number; amount: number } | null = null;
    asList(this.r.modifications).forEach((item, pos) => {
      const m = isObject(item) && isObject(item.modification) ? item.modification : item;
      if (!isObject(m)) return;
      const amount = typeof m[field] === "number" ? (m[field] as number) : typeof m[field] === "string" ? Number(String(m[field]).replace(",", ".")) : NaN;
      if (!Number.isFinite(amount) || amount <= 0) return;
      const id = typeof m.id === "number" ? m.id : Number(m.id);
      const key = Number.isFinite(id) ? id : pos;
      if (!best || key > best.id || (key === best.id && pos > best.pos)) best = { id: key, pos, amount };
    });
    return best === null ? null : (best as { amount: number }).amount;
  }

  /** The cells of the record's first row, and its holders. */
  read(): { cells: Cell[]; holders: { id: string; type: string | null; name: string | null }[] } {
    const r = this.r;
    const cc = this.concession;
    const buyer = this.party(cc ? "autoriteConcedante" : "acheteur");
    const own = this.scalar("id");
    const ownId = own === null ? null : String(own);
    const uid = ownId === null ? null : `${buyer.id ?? ""}${ownId}`;
    this.set("uid", uid);
    this.set("id", ownId);
    this.set("objet", this.scalar("objet"));
    const nature = this.scalar("nature");
    const procedure = this.scalar("procedure");
    const defence = [nature, procedure].some((v) => typeof v === "string" && /d[ée]fense ou de s[ée]curit[ée]/i.test(v));
    if (defence) this.set("Défense ou sécurité", "oui");
    if (cc) {
      this.set("nature", "Concession");
      this.set("Nature de la concession", nature);
      this.set("Procédure de la concession", procedure);
      this.set("montant", this.scalar("valeurGlobale"));
      this.set("dateNotification", this.date("dateSignature"));
      this.set("dateDebutExecution", this.date("dateDebutExecution"));
      this.set("montantSubventionPublique", this.scalar("montantSubventionPublique"));
    } else {
      // The DECP `nature` is the form of the contract (« Marché »…), not Travaux / Fournitures /
      // Services: left blank, the nature is derived from the CPV code.
      this.set("codeCPV", this.scalar("codeCPV"));
      // A procedure « Marché de défense ou de sécurité » says what the contract is: the register reader knows it.
      this.set("procedure", procedure);
      this.set("montant", this.scalar("montant"));
      this.set("dateNotification", this.date("dateNotification"));
      this.set("offresRecues", this.scalar("offresRecues"));
      this.set("attributionAvance", this.scalar("attributionAvance"));
      this.set("tauxAvance", this.scalar("tauxAvance"));
      this.set("ccag", this.scalar("ccag"));
      this.set("formePrix", this.scalar("formePrix"));
      this.set("marcheInnovant", this.scalar("marcheInnovant"));
      this.set("typeGroupementOperateurs", this.scalar("typeGroupementOperateurs"));
      this.set("sousTraitanceDeclaree", this.scalar("sousTraitanceDeclaree"));
      // 2024 layout {"typesPrix": {"typePrix": […]}}, 2019 layout {"typePrix": […]}.
      this.set("typesPrix", listValues(r.typesPrix ?? r.typePrix).join("; "));
      this.set("modalitesExecution", listValues(r.modalitesExecution ?? r.modaliteExecution).join("; "));
      const lieu = r.lieuExecution;
      if (isObject(lieu)) {
        this.set("lieuExecution_code", typeof lieu.code === "string" || typeof lieu.code === "number" ? String(lieu.code).trim() : null);
        this.set("lieuExecution_typeCode", typeof lieu.typeCode === "string" ? lieu.typeCode : null);
      }
    }
    this.set("dureeMois", this.scalar("dureeMois"));
    this.set("datePublicationDonnees", this.date("datePublicationDonnees"));
    this.set("acheteur", buyer.name ?? buyer.id);
    this.set("acheteur_id", buyer.id);
    this.set("considerationsSociales", listValues(r.considerationsSociales).join("; "));
    this.set("considerationsEnvironnementales", listValues(r.considerationsEnvironnementales).join("; "));
    this.set("Montant après modifications", this.modifiedAmount());
    // The unit of account (SPEC §2.1.1).
    const parent = this.scalar("idAccordCadre");
    const parentId = parent === null || String(parent) === ownId ? null : String(parent);
    const techniques = listValues(r.techniques ?? r.technique).map((t) => t.toLowerCase());
    const kind = typeof r._type === "string" ? r._type.toLowerCase() : "";
    const form = typeof nature === "string" ? nature.toLowerCase() : "";
    let type: string | null = null;
    if (cc) type = "Concession";
    else if (parentId !== null || form === "marché subséquent") type = "Marché subséquent";
    else if (techniques.includes("accord-cadre") || form === "accord-cadre" || kind.startsWith("accord-cadre")) type = "Accord-cadre";
    this.set("Type de contrat", type);
    // The parent is named as its own record is: buyer and id.
    if (parentId !== null) this.set("idAccordCadre", `${buyer.id ?? ""}${parentId}`);
    const holders = this.holders(cc ? "concessionnaires" : "titulaires", cc ? "concessionnaire" : "titulaire");
    if (holders.length) this.holder(this.cells, holders[0]);
    return { cells: this.cells, holders };
  }

  holder(cells: Cell[], h: { id: string; type: string | null; name: string | null }): void {
    cells[COL.Titulaire] = h.name ?? h.id;
    cells[COL.titulaire_id] = h.id;
    cells[COL.titulaire_typeIdentifiant] = h.type;
  }

  /** The row of a co-holder: the key and the holder only. */
  coHolderRow(uid: Cell, h: { id: string; type: string | null; name: string | null }): Cell[] {
    const cells: Cell[] = [];
    cells[COL.uid] = uid;
    this.holder(cells, h);
    return cells;
  }
}

/** The kind of a record of a `marches` list in the 2019 layout: a concession says so in `_type`. */
function isConcessionRecord(r: Json, inConcessionList: boolean): boolean {
  if (inConcessionList) return true;
  if (typeof r._type === "string" && /concession/i.test(r._type)) return true;
  return isObject(r.autoriteConcedante) && r.acheteur === undefined;
}

/** The records of a parsed DECP document, one at a time (see also scanDecp, which reads them from bytes). */
export function jsonRecords(json: unknown): (each: RecordCallback) => boolean {
  return (each) => {
    const lists = decpLists(json);
    if (!lists) return false;
    for (const list of lists) list.records.forEach((record, index) => each(list.path, list.concession, index, record));
    return true;
  };
}

/**
 * Reads the records of a DECP document into `sink`, row by row (the header first). `source` gives
 * the records (jsonRecords, or scanDecp over a file's bytes) and returns false when the document is
 * not a DECP one (no `marches`).
 */
export function readDecpRecords(source: (each: RecordCallback) => boolean, sink: DecpRowSink): boolean {
  sink.row([...DECP_GRID_HEADER], null);
  let row = 1;
  return source((list, concessionList, index, record, error) => {
    const at = `${list}[${index}]`;
    const origin = { list, index };
    if (error !== undefined) {
      sink.note("error", null, null, `${at} : enregistrement illisible (JSON invalide : ${error}) : ignoré`);
      return;
    }
    if (!isObject(record)) {
      sink.note("error", null, null, `${at} : enregistrement illisible (objet JSON attendu) : ignoré`);
      return;
    }
    const first = row;
    const reader = new RecordReader(record, isConcessionRecord(record, concessionList), (col, message) => sink.note("warning", first, col, message));
    const { cells, holders } = reader.read();
    sink.row(cells, origin);
    row++;
    for (let h = 1; h < holders.length; h++) {
      sink.row(reader.coHolderRow(cells[COL.uid], holders[h]), origin);
      row++;
    }
  });
}

/** Reads a parsed DECP document into `sink` (see readDecpRecords). */
export function readDecp(json: unknown, sink: DecpRowSink): boolean {
  return readDecpRecords(jsonRecords(json), sink);
}

/**
 * A DECP JSON document ({"marches": {"marche": [...], "contrat-concession": [...]}} or the 2019
 * layout {"marches": [...]}) as a register grid with the DECP column names: one row per holder, the
 * key `uid` being the buyer's id followed by the contract id, as in the tabular exports. Null when
 * the JSON is not a DECP document. `origins[i]`: the record of row i (null for the header).
 */
export function decpJsonTable(json: unknown, sheet: string): { grid: Grid; origins: (DecpOrigin | null)[] } | null {
  const rows: Cell[][] = [];
  const origins: (DecpOrigin | null)[] = [];
  const notes: GridNote[] = [];
  const ok = readDecp(json, {
    row: (cells, origin) => {
      rows.push(cells);
      origins.push(origin);
    },
    note: (severity, index, col, message) => void notes.push({ severity, index, col, message }),
  });
  if (!ok) return null;
  return { grid: { sheet, rows, ...(notes.length ? { notes } : {}) }, origins };
}

/** The register grid of a DECP JSON document (see decpJsonTable), or null. */
export function decpJsonGrid(json: unknown, sheet: string): Grid | null {
  return decpJsonTable(json, sheet)?.grid ?? null;
}

const DUPLICATE = /^N° marché « (.*) » en double \(déjà ligne (\d+)\) : ligne ignorée$/;
const CO_HOLDERS = /^(\d+) lignes? de co-titulaires fusionnées? avec leur marché/;

/**
 * The issues of a register read from a DECP file, placed in the file: an issue on a row names its
 * record (`marches.marche[3]`) instead of a cell of the grid, which the user never saw.
 */
export function locateDecpIssues(issues: Issue[], sheet: string, originOf: (row0: number) => DecpOrigin | null): Issue[] {
  return issues.map((i) => {
    if (i.sheet !== sheet) return i;
    if (i.row === null) {
      const m = CO_HOLDERS.exec(i.message);
      return m ? { ...i, message: `${m[1]} titulaire${Number(m[1]) > 1 ? "s" : ""} de plus que le premier lu${Number(m[1]) > 1 ? "s" : ""} (marchés à plusieurs titulaires)` } : i;
    }
    const o = originOf(i.row - 1);
    if (!o) return i;
    // The register reader's words for a row, said of a record.
    let message = i.message;
    if (message === "N° marché vide : ligne ignorée") message = "ni « id » ni acheteur : enregistrement ignoré";
    const dup = DUPLICATE.exec(message);
    if (dup) {
      const first = originOf(Number(dup[2]) - 1);
      message = `marché « ${dup[1]} » en double (déjà ${first ? `${first.list}[${first.index}]` : `ligne ${dup[2]}`}) : enregistrement ignoré`;
    }
    return { ...i, cell: `${o.list}[${o.index}]`, message };
  });
}
