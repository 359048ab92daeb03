export type { DateValue, Parameters } from "../spaser/parameters";
import type { DateValue, Parameters } from "../spaser/parameters";
import type { CadDecisions } from "./cotation";
/**
 * A cell error as spreadsheet readers report it (`#N/A`, `#VALUE!` …). A formula saved without its
 * computed value (some producers write formulas and leave the computing to Excel) is the error
 * UNCALCULATED_FORMULA of register/values.
 */
export interface CellError {
  error: string;
}

/** One cell value, as Office.js and .xlsx readers give it. */
export type Cell = string | number | boolean | Date | null | undefined | CellError;

/** A block of cells read from one sheet (or one Excel table), with its position in the sheet. */
export interface Grid {
  /** Sheet name as the user sees it. */
  sheet: string;
  /** Excel table (ListObject) name when the grid is a table. */
  table?: string;
  /** 0-based row and column of the grid's first cell in the sheet. */
  originRow?: number;
  originCol?: number;
  /**
   * Rows of cell values. When `table` is set, the first row is the table's header row. A row may be
   * a sparse array (holes are blank cells): a file reader never fills the blanks before a cell far
   * to the right (column XFD is index 16,383).
   */
  rows: Cell[][];
  /**
   * What the file reader found wrong with the file itself (a CSV line split by another separator,
   * a stray byte), reported as issues of this sheet. `index`: 0-based row of `rows`. A `reject`
   * note stands for a row that could not be read as cells (its place in `rows` is empty).
   */
  notes?: GridNote[];
}

export interface GridNote {
  severity: Severity;
  index: number | null;
  col: number | null;
  message: string;
  reject?: boolean;
}

export type Severity = "error" | "warning" | "info";

export interface Issue {
  severity: Severity;
  sheet: string;
  /** 1-based row number in the sheet, as the user sees it (null for a sheet-level issue). */
  row: number | null;
  /** Column header as the user sees it (null when not about one column). */
  column: string | null;
  /** Cell address, e.g. `Registre!F12` (null when not about one cell). */
  cell: string | null;
  message: string;
}


export type ProcedureKind = "AOO" | "AOR" | "AO" | "PN" | "DC" | "MAPA" | "SANS";
export type Nature = "Travaux" | "Fournitures" | "Services" | "Maîtrise d'œuvre" | "Concession";
export type ReserveType = "oui" | "ESS" | "SIAE" | "EA" | "ESAT";
/** Type de contrat (docs/methodologie.md): blank means a marché. */
export type ContractType = "marche" | "accordCadre" | "subsequent" | "concession";

/**
 * A contract. Every field is `null` when unknown (blank where blank means unknown, or a bad cell).
 * Yes/no fields whose blank means "non" are `false` when blank.
 */
export interface Contract {
  id: string;
  /** Sheet row (1-based) the contract was read from. */
  row: number;
  /** Sheet the contract was read from (a register may be kept one sheet per year). */
  sheet: string;
  objet: string | null;
  titulaire: string | null;
  /** Co-holders merged into this contract (DECP exports write one row per holder). */
  cotitulaires: string[];
  entite: string | null;
  direction: string | null;
  nature: Nature | null;
  famille: string | null;
  cpv: string | null;
  procedure: ProcedureKind | null;
  /** The procedure as typed by the user. */
  procedureLabel: string | null;
  montant: number | null;
  dureeMois: number | null;
  dateNotification: DateValue | null;
  datePrevisionnelle: DateValue | null;
  recurrent: boolean | null;
  anticipe: boolean | null;
  dateCotation: DateValue | null;
  /** Date the consultation was launched (loi Climat et résilience, docs/methodologie.md). */
  dateLancement: DateValue | null;
  actionsCiblees: number[] | null;
  clauseInsertion: boolean | null;
  heuresInsertionPrevues: number | null;
  heuresInsertionRealisees: number | null;
  critereInsertion: boolean | null;
  reserve: boolean | null;
  reserveType: ReserveType | null;
  clauseSociale: boolean | null;
  critereSocial: boolean | null;
  /**
   * A DECP « Clause sociale » / « Critère social » (considerationsSociales): a social consideration
   * that may be an insertion one (the DECP format does not tell them apart).
   */
  socialDecp: boolean | null;
  commerceEquitable: boolean | null;
  nombreLots: number | null;
  alloti: boolean | null;
  avance: boolean | null;
  tauxAvance: number | null;
  /** The holder waived the advance (removes the contract from the A17.R3 alert). */
  renonciationAvance: boolean | null;
  questionnementBesoin: boolean | null;
  outilsMethodo: boolean | null;
  clausesEquilibrees: boolean | null;
  revisionPrix: boolean | null;
  negociation: boolean | null;
  gainPrix: number | null;
  gainTechnique: number | null;
  evaluation: boolean | null;
  noteSatisfaction: number | null;
  acv: boolean | null;
  clauseSobriete: boolean | null;
  amoDD: boolean | null;
  critereEnvironnemental: boolean | null;
  clauseEnvironnementale: boolean | null;
  clauseDonneesImpact: boolean | null;
  clauseLimitationImpact: boolean | null;
  donneesObtenues: boolean | null;
  compensationCarbone: boolean | null;
  tco2Compensees: number | null;
  economieCirculaire: boolean | null;
  titulaireTpePme: boolean | null;
  titulaireEss: boolean | null;
  offresRecues: number | null;
  offresTpePme: number | null;
  dceRetires: number | null;
  infructueux: boolean | null;
  offresIrregulieres: number | null;
  litiges: number | null;
  /** N° consultation: the lots sharing it are one procedure; null: the contract is its own consultation. */
  consultation: string | null;
  lot: string | null;
  /** Null: a marché (blank), or a bad cell. A parent agreement id with a blank type makes a subsequent contract. */
  typeContrat: ContractType | null;
  /** Id of the parent framework agreement of a subsequent contract (or order). */
  accordCadre: string | null;
  /** Défense ou sécurité (a DECP nature or procedure « Marché de défense ou de sécurité » sets it). */
  defense: boolean | null;
  /** Valeur estimée du besoin (€ HT) of the consultation. */
  valeurEstimee: number | null;
  /** Id of the contract this one renews. */
  marchePrecedent: string | null;
  /** Motif d'exception loi Climat: null when no exception is declared. */
  motifExceptionClimat: string | null;
  /** A single cost criterion that takes environmental characteristics into account (R2152-7 1°). */
  critereUniqueCout: boolean | null;
  // What the DECP 2024 format asks and the SPASER does not read (`spaser decp`, docs/methodologie.md).
  // Optional: a contract holds them only when its register has their column (undefined: no column,
  // read as null), so that a register without them costs nothing more.
  /** SIRET of the buyer (or of the conceding authority). */
  acheteurId?: string | null;
  /** Identifier of the holder (SIRET, TVA number…) and its type. */
  titulaireId?: string | null;
  titulaireTypeId?: string | null;
  /** Identifiers of the co-holders, in the order of `cotitulaires`. */
  cotitulairesIds?: readonly HolderId[];
  lieuExecutionCode?: string | null;
  lieuExecutionTypeCode?: string | null;
  ccag?: string | null;
  formePrix?: string | null;
  typesPrix?: readonly string[] | null;
  modalitesExecution?: readonly string[] | null;
  marcheInnovant?: boolean | null;
  typeGroupement?: string | null;
  sousTraitanceDeclaree?: boolean | null;
  datePublicationDonnees?: DateValue | null;
  /** The amount after the last modification that changed it (the notified amount stays `montant`). */
  montantModifie?: number | null;
  natureConcession?: string | null;
  procedureConcession?: string | null;
  dateDebutExecution?: DateValue | null;
  montantSubventionPublique?: number | null;
}

/** The identifier of a holder, as the DECP format writes it. */
export interface HolderId {
  id: string | null;
  type: string | null;
}

/** The DECP publication fields of a contract (optional: see Contract). */
export const PUBLICATION_FIELDS = [
  "acheteurId", "titulaireId", "titulaireTypeId", "cotitulairesIds", "lieuExecutionCode", "lieuExecutionTypeCode", "ccag", "formePrix", "typesPrix",
  "modalitesExecution", "marcheInnovant", "typeGroupement", "sousTraitanceDeclaree", "datePublicationDonnees", "montantModifie", "natureConcession",
  "procedureConcession", "dateDebutExecution", "montantSubventionPublique",
] as const;

export type ContractKey = Exclude<keyof Contract, "id" | "row" | "sheet" | "cotitulaires" | "procedureLabel" | "reserveType">;

export type ActivityStatus = "Programmée" | "Réalisée" | "Annulée";

export interface Activity {
  row: number;
  action: number;
  type: string | null;
  intitule: string | null;
  statut: ActivityStatus | null;
  date: DateValue | null;
  agentsFormes: number | null;
  agentsAFormer: number | null;
  tempsJours: number | null;
}

export interface InsertionRow {
  row: number;
  marche: string | null;
  annee: number;
  heures: number | null;
  genre: "F" | "H" | null;
  trancheAge: string | null;
  qualification: string | null;
  rqth: boolean | null;
  formationQualifiante: boolean | null;
}

export interface ManualInput {
  row: number;
  indicator: string;
  annee: number;
  valeur: number | string | null;
  commentaire: string | null;
}


/** Where a table was found and how its header was understood. */
export interface TableSource {
  sheet: string;
  table?: string;
  /** 1-based sheet row of the header. */
  headerRow: number;
  /** Recognised columns: key -> header as written. */
  columns: Record<string, string>;
  /** Headers that matched nothing (kept and ignored). */
  unknownColumns: string[];
}

export interface RegisterSource extends TableSource {
  /** Register columns absent for which a header within a typo was found: key -> that header as written. */
  nearHeaders?: Record<string, string>;
  rowsRead: number;
  rowsUsed: number;
  rowsRejected: number;
  rowsMerged: number;
}

export type DefinitionTypeName = "taux" | "compte" | "somme" | "moyenne" | "part en valeur" | "intégré";

/** One row of the workbook's `Référentiel` sheet (docs/methodologie.md), as read. */
export interface ReferentialRow {
  sheet: string;
  /** 1-based sheet row. */
  row: number;
  id: string;
  /** Blank: the built-in label (an added indicator then shows its id). */
  label: string | null;
  /** Blank for a built-in id: its own type (relabelled or retargeted only). */
  type: DefinitionTypeName | null;
  population: string;
  condition: string;
  valeur: string;
  /** [step 1, step 2] targets (fractions for a rate), null when blank. */
  cibles: [number | null, number | null];
  action: number | null;
  /** `Type` = `aucun`: the indicator is dropped (not computed, not shown). */
  drop?: boolean;
  /** The years counted (blank or « année »: the year). */
  periode?: import("../spaser/definitions").Periode;
  /** Why the row's definition cannot be used (the cell is named in an error issue): that indicator is n/a. */
  invalid: string | null;
}

export interface ReferentialSheet {
  sheet: string;
  rows: ReferentialRow[];
}

export interface Register {
  source: RegisterSource;
  contracts: Contract[];
  /** Keys of the register columns present (derived `alloti` included when `Nombre de lots` is). */
  present: ReadonlySet<string>;
  activities: Activity[] | null;
  activitiesSource: TableSource | null;
  insertion: InsertionRow[] | null;
  insertionSource: TableSource | null;
  manualInputs: ManualInput[];
  parameters: Parameters;
  /** The workbook's own referential (`Référentiel` sheet), when it has one. */
  referentiel: ReferentialSheet | null;
  /** The workbook's own plan (`Plan` sheet): replaces the seed's axes, objectives and actions. */
  plan?: import("../spaser/plan").Plan | null;
  /**
   * The register's own columns the `Référentiel` names (SPEC §8.1): their kind and values (a field
   * of every contract, see src/register/own-columns.ts). Absent when it names none.
   */
  ownColumns?: import("./own-columns").OwnColumns;
  issues: Issue[];
  /** Names of the sheets of the workbook (to spot the dashboards already written). */
  sheetNames: string[];
  /** What became of the CAD's decisions typed in the « Cotation CAD » sheets (absent: no such sheet). */
  decisions?: CadDecisions;
}
