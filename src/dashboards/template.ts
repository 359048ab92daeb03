/**
 * The "registre modèle": the sheets a user starts from when the workbook holds no register
 * (Registre, Activités, Insertion, Saisies, Paramètres), with the headers of the specification,
 * drop-down lists, number formats and the default parameters. Pure layout: the Excel add-in draws
 * it with Office.js.
 */
import { ACTIVITY_COLUMNS, ColumnDef, INSERTION_COLUMNS, MANUAL_COLUMNS, REGISTER_COLUMNS } from "../register/columns";
import { defaultParameters, PARAMETER_ROWS, parameterValue } from "../register/parameters";
import type { PlanValue } from "./plan";
import { dateToExcelSerial } from "../register/values";

export type TemplateValidation =
  /** Drop-down list (values joined with "," for Excel; at most 255 characters). */
  | { type: "list"; values: string[] }
  /** Whole number between min and max. */
  | { type: "wholeNumber"; min: number; max: number }
  /** Decimal number ≥ min. */
  | { type: "decimal"; min: number };

export interface TemplateColumn {
  header: string;
  /** Excel number format of the column's data cells (invariant codes, as in .xlsx). */
  numFmt?: string;
  /** Width in characters. */
  width: number;
  validation?: TemplateValidation;
}

export interface TemplateSheet {
  /** Sheet name. */
  name: string;
  /** Excel table name (letters, digits and underscores only). */
  table: string;
  columns: TemplateColumn[];
  /** Data rows written below the header (the default parameters); empty for the other tables. */
  rows: PlanValue[][];
  /** Number format per data cell, when it differs by row (Paramètres: percentages and amounts). */
  rowFormats?: (string | null)[][];
  tabColor: string;
}

export const YES_NO = ["oui", "non"];
export const PROCEDURES = [
  "Appel d'offres ouvert",
  "Appel d'offres restreint",
  "Procédure avec négociation",
  "Dialogue compétitif",
  "Procédure adaptée",
  "Sans publicité ni mise en concurrence",
];
export const NATURES = ["Travaux", "Fournitures", "Services", "Maîtrise d'œuvre", "Concession"];
export const RESERVE_VALUES = ["non", "oui", "ESS", "SIAE", "EA", "ESAT"];
export const ENTITES = ["Ville", "Métropole"];
export const STATUTS = ["Programmée", "Réalisée", "Annulée"];
export const GENRES = ["F", "H"];

export const FORMAT = {
  text: "@",
  date: "dd/mm/yyyy",
  euro: '#,##0 "€"',
  integer: "0",
  number: "#,##0.##",
  percent: "0%",
} as const;

const width = (header: string, min = 10): number => Math.max(min, Math.min(40, header.length + 3));

/** Format and list of a register column, from its type (text that Excel could misread stays text). */
function registerColumn(def: ColumnDef): TemplateColumn {
  const c: TemplateColumn = { header: def.header, width: width(def.header) };
  switch (def.type) {
    case "id":
    case "text":
    case "cpv":
    case "actions":
      // "8,11" would become the number 8.11 and "0045" would lose its zeros: kept as text.
      c.numFmt = FORMAT.text;
      if (def.key === "objet") c.width = 40;
      if (def.key === "entite") c.validation = { type: "list", values: ENTITES };
      break;
    case "date":
      c.numFmt = FORMAT.date;
      c.width = Math.max(c.width, 12);
      break;
    case "percent":
      c.numFmt = FORMAT.percent;
      c.validation = { type: "decimal", min: 0 };
      break;
    case "integer":
      c.numFmt = FORMAT.integer;
      c.validation = { type: "wholeNumber", min: 0, max: 1_000_000 };
      break;
    case "number":
      c.numFmt = def.key === "montant" ? FORMAT.euro : FORMAT.number;
      c.validation = { type: "decimal", min: 0 };
      break;
    case "yesno":
      c.validation = { type: "list", values: YES_NO };
      break;
    case "procedure":
      c.numFmt = FORMAT.text;
      c.width = 30;
      c.validation = { type: "list", values: PROCEDURES };
      break;
    case "nature":
      c.validation = { type: "list", values: NATURES };
      break;
    case "reserve":
      c.validation = { type: "list", values: RESERVE_VALUES };
      break;
    default:
      break;
  }
  return c;
}

function sideColumns(defs: readonly ColumnDef[], overrides: Record<string, Partial<TemplateColumn>>): TemplateColumn[] {
  return defs.map((d) => {
    const base: TemplateColumn = { header: d.header, width: width(d.header, 12) };
    if (d.type === "date") base.numFmt = FORMAT.date;
    if (d.type === "yesno") base.validation = { type: "list", values: YES_NO };
    if (d.type === "text") base.numFmt = FORMAT.text;
    return { ...base, ...overrides[d.key] };
  });
}

/** The five sheets of the template register. */
export function buildTemplate(): TemplateSheet[] {
  const registre: TemplateSheet = {
    name: "Registre",
    table: "Registre",
    // The DECP multi-valued columns are aliases for imports, not columns to type in.
    columns: REGISTER_COLUMNS.filter((d) => d.type !== "decpSocial" && d.type !== "decpEnv").map(registerColumn),
    rows: [],
    tabColor: "#2F5496",
  };
  const activites: TemplateSheet = {
    name: "Activités",
    table: "Activites",
    columns: sideColumns(ACTIVITY_COLUMNS, {
      action: { numFmt: FORMAT.integer, validation: { type: "wholeNumber", min: 1, max: 26 } },
      intitule: { width: 40 },
      statut: { validation: { type: "list", values: STATUTS } },
      agentsFormes: { numFmt: FORMAT.integer, validation: { type: "wholeNumber", min: 0, max: 1_000_000 } },
      agentsAFormer: { numFmt: FORMAT.integer, validation: { type: "wholeNumber", min: 0, max: 1_000_000 } },
      tempsJours: { numFmt: FORMAT.number, validation: { type: "decimal", min: 0 } },
    }),
    rows: [],
    tabColor: "#548235",
  };
  const insertion: TemplateSheet = {
    name: "Insertion",
    table: "Insertion",
    columns: sideColumns(INSERTION_COLUMNS, {
      annee: { numFmt: FORMAT.integer, validation: { type: "wholeNumber", min: 2000, max: 2100 } },
      heures: { numFmt: FORMAT.number, validation: { type: "decimal", min: 0 } },
      genre: { numFmt: undefined, validation: { type: "list", values: GENRES } },
    }),
    rows: [],
    tabColor: "#548235",
  };
  const saisies: TemplateSheet = {
    name: "Saisies",
    table: "Saisies",
    columns: sideColumns(MANUAL_COLUMNS, {
      annee: { numFmt: FORMAT.integer, validation: { type: "wholeNumber", min: 2000, max: 2100 } },
      // A value typed in Saisies may be a number or a text: left in the General format.
      valeur: { numFmt: undefined },
      commentaire: { width: 40 },
    }),
    rows: [],
    tabColor: "#548235",
  };
  const p = defaultParameters();
  const paramRows: PlanValue[][] = [];
  const paramFormats: (string | null)[][] = [];
  for (const row of PARAMETER_ROWS) {
    const raw = parameterValue(p, row.key);
    const v: PlanValue = raw !== null && typeof raw === "object" ? dateToExcelSerial(raw) : raw;
    paramRows.push([row.name, v]);
    const fmt = { percent: FORMAT.percent, optionalPercent: "0.0%", euro: FORMAT.euro, date: FORMAT.date, months: FORMAT.integer, year: "0", years: FORMAT.text, step: FORMAT.integer, text: FORMAT.text, yesno: FORMAT.text }[row.kind];
    paramFormats.push([FORMAT.text, fmt]);
  }
  const parametres: TemplateSheet = {
    name: "Paramètres",
    table: "Parametres",
    columns: [
      { header: "Paramètre", width: 38, numFmt: FORMAT.text },
      { header: "Valeur", width: 16 },
    ],
    rows: paramRows,
    rowFormats: paramFormats,
    tabColor: "#7F7F7F",
  };
  return [registre, activites, insertion, saisies, parametres];
}

/** The list as Excel's data validation expects it: values joined by commas. */
export function listSource(values: string[]): string {
  return values.join(",");
}
