/**
 * The register's notified contracts as DECP 2024 records (SPEC §11, schema 2.0.3 of the national
 * format): public contracts in `marches.marche`, concessions in `marches.contrat-concession`, where
 * the schema places them. Pure: no file, no validator (src/decp/validate.ts checks the records).
 *
 * A required field the register lacks is never invented: the contract is then left out and listed
 * with what it lacks, named by the register's column headers. The few values derived are stated in
 * the methodology: the nature « Marché de défense ou de sécurité » from « Défense ou sécurité », the
 * technique « Accord-cadre » from « Type de contrat », a 14-digit holder identifier is a SIRET, the
 * concession's signature date is its « Date de notification », its global value its « Montant HT ».
 */
import { REGISTER_COLUMN_BY_KEY } from "../register/columns";
import type { Contract, DateValue, HolderId, ProcedureKind, Register } from "../register/types";
import { compact } from "../register/values";

/** A record of the DECP format, as JSON. */
export type DecpRecord = Record<string, unknown>;

export interface DecpDocument {
  marches: { marche: DecpRecord[]; "contrat-concession": DecpRecord[] };
  [key: string]: unknown;
}

/** A notified contract that is not published, and why (French, one item per missing or unusable field). */
export interface LeftOut {
  id: string;
  sheet: string;
  row: number;
  concession: boolean;
  /** Everything the contract lacks, absent columns included. */
  missing: string[];
  /** Those of `missing` that are register columns absent (the same for every contract). */
  absent: string[];
}

export interface DecpExport {
  document: DecpDocument;
  /** The register's contract of each record, in the order of the document's lists. */
  marches: Contract[];
  concessions: Contract[];
  leftOut: LeftOut[];
}

export interface DecpWriteOptions {
  /** The contracts notified that year; all the notified contracts when absent. */
  year?: number;
  /** `datePublicationDonnees` of a contract whose register row gives none. */
  publicationDate: DateValue;
}

/** Identifiers of contracts and framework agreements: 16 characters at most. */
export const MAX_ID = 16;
const MAX_OBJET = 1000;

const PROCEDURES: Record<ProcedureKind, string | null> = {
  AOO: "Appel d'offres ouvert",
  AOR: "Appel d'offres restreint",
  AO: null,
  PN: "Procédure avec négociation",
  DC: "Dialogue compétitif",
  MAPA: "Procédure adaptée",
  SANS: "Marché passé sans publicité ni mise en concurrence préalable",
};

const CONCESSION_PROCEDURES = ["Procédure négociée ouverte", "Procédure non négociée ouverte", "Procédure négociée restreinte", "Procédure non négociée restreinte"];
const CONCESSION_PROCEDURE_INDEX = new Map(CONCESSION_PROCEDURES.map((p) => [compact(p), p]));

const SIRET = /^[0-9]{14}$/;
const HOLDER_TYPES = ["SIRET", "TVA", "TAHITI", "RIDET", "FRWF", "IREP", "HORS-UE"];

/** The header of a register column, as the user reads it. */
const H = (key: string): string => `« ${REGISTER_COLUMN_BY_KEY.get(key)?.header ?? key} »`;

export const isConcession = (c: Contract): boolean => c.typeContrat === "concession" || c.nature === "Concession";

export function isoDate(d: DateValue): string {
  return `${String(d.y).padStart(4, "0")}-${String(d.m).padStart(2, "0")}-${String(d.d).padStart(2, "0")}`;
}

/** What one contract gives, field by field; `missing` collects what it lacks. */
class Fields {
  readonly missing: string[] = [];
  readonly absent: string[] = [];
  constructor(
    readonly c: Contract,
    readonly present: ReadonlySet<string>,
  ) {}

  /** A value the register must give: its column present and its cell known. */
  need<T>(key: string, v: T | null | undefined, label?: string): T | null {
    if (v === null || v === undefined) {
      const what = label ?? H(key);
      if (this.present.has(key)) this.missing.push(`${what} (cellule vide ou en erreur)`);
      else this.absentColumn(what);
      return null;
    }
    return v;
  }

  absentColumn(what: string): null {
    this.missing.push(`${what} (colonne absente)`);
    this.absent.push(what);
    return null;
  }

  bad(message: string): null {
    this.missing.push(message);
    return null;
  }
}

function id(f: Fields): string | null {
  return f.c.id.length > MAX_ID ? f.bad(`${H("id")} « ${f.c.id} » de ${f.c.id.length} caractères (16 au plus dans les DECP)`) : f.c.id;
}

function siret(f: Fields, key: "acheteurId"): string | null {
  const v = f.need(key, f.c[key]);
  if (v === null) return null;
  return /^[0-9]{14}$/.test(v) ? v : f.bad(`${H(key)} « ${v} » : 14 chiffres attendus`);
}

function objet(f: Fields): string | null {
  const v = f.need("objet", f.c.objet);
  if (v === null) return null;
  return v.length > MAX_OBJET ? f.bad(`${H("objet")} de ${v.length} caractères (1 000 au plus dans les DECP)`) : v;
}

function cpv(f: Fields): string | null {
  const v = f.need("cpv", f.c.cpv);
  if (v === null) return null;
  const m = /^(\d{8})-?(\d)?$/.exec(v);
  return m ? (m[2] ? `${m[1]}-${m[2]}` : m[1]) : f.bad(`${H("cpv")} « ${v} » : 8 chiffres attendus`);
}

function duree(f: Fields): number | null {
  const v = f.need("dureeMois", f.c.dureeMois);
  if (v === null) return null;
  if (!Number.isInteger(v)) return f.bad(`${H("dureeMois")} ${String(v).replace(".", ",")} : un nombre entier de mois est attendu`);
  return v >= 1 ? v : f.bad(`${H("dureeMois")} ${v} : au moins 1 mois`);
}

function amount(f: Fields, label?: string): number | null {
  const v = f.need("montant", f.c.montant, label);
  if (v === null) return null;
  return v >= 1 ? v : f.bad(`${label ?? H("montant")} ${v} : au moins 1 € HT`);
}

function publicationDate(f: Fields, fallback: DateValue): string {
  return isoDate(f.c.datePublicationDonnees ?? fallback);
}

/** The holder and co-holders, each with its identifier and the type of it (a 14-digit one is a SIRET). */
function holders(f: Fields, wrapper: "titulaire" | "concessionnaire"): { [k: string]: { typeIdentifiant: string; id: string } }[] | null {
  const c = f.c;
  // One holder with a SIRET (the usual case): no list to build.
  if (c.cotitulaires.length === 0 && c.titulaireId && (c.titulaireTypeId === "SIRET" || (c.titulaireTypeId == null && SIRET.test(c.titulaireId)))) {
    if (!SIRET.test(c.titulaireId)) return f.bad(`${H("titulaireId")} « ${c.titulaireId} » : 14 chiffres attendus pour un SIRET`);
    return [{ [wrapper]: { typeIdentifiant: "SIRET", id: c.titulaireId } }];
  }
  const all: { name: string | null; h: HolderId }[] = [{ name: c.titulaire, h: { id: c.titulaireId ?? null, type: c.titulaireTypeId ?? null } }];
  const ids = c.cotitulairesIds ?? [];
  c.cotitulaires.forEach((name, i) => all.push({ name, h: ids[i] ?? { id: null, type: null } }));
  const out: { [k: string]: { typeIdentifiant: string; id: string } }[] = [];
  const seen = new Set<string>();
  let ok = true;
  for (const [i, { name, h }] of all.entries()) {
    const who = i === 0 ? "" : ` du co-titulaire « ${name ?? "?"} »`;
    if (h.id === null) {
      ok = false;
      if (i === 0 && !f.present.has("titulaireId")) f.absentColumn(H("titulaireId"));
      else f.missing.push(`${H("titulaireId")}${who} (cellule vide ou en erreur)`);
      continue;
    }
    const type = h.type ?? (/^[0-9]{14}$/.test(h.id) ? "SIRET" : null);
    if (type === null || !HOLDER_TYPES.includes(type)) {
      ok = false;
      f.missing.push(`${H("titulaireTypeId")}${who} (vide, et l'identifiant « ${h.id} » n'a pas les 14 chiffres d'un SIRET)`);
      continue;
    }
    if (type === "SIRET" && !/^[0-9]{14}$/.test(h.id)) {
      ok = false;
      f.missing.push(`${H("titulaireId")}${who} « ${h.id} » : 14 chiffres attendus pour un SIRET`);
      continue;
    }
    // The same holder twice (a row repeated with another spelling of its name) is written once.
    if (seen.has(`${type}:${h.id}`)) continue;
    seen.add(`${type}:${h.id}`);
    out.push({ [wrapper]: { typeIdentifiant: type, id: h.id } });
  }
  return ok ? out : null;
}

type Tri = boolean | null;

/** Three-valued OR over the fields of the register's columns present (none present: null). */
function anyPresent(f: Fields, keys: readonly (keyof Contract)[]): { value: Tri; columns: number } {
  let unknown = false;
  let columns = 0;
  let value: Tri = false;
  for (const k of keys) {
    if (!f.present.has(k)) continue;
    columns++;
    const v = f.c[k];
    if (v === true) value = true;
    else if (v !== false) unknown = true;
  }
  if (value) return { value: true, columns };
  return { value: columns === 0 || unknown ? null : false, columns };
}

/**
 * The social considerations: « Clause sociale » (clause d'insertion, clause sociale, commerce
 * équitable), « Critère social » (critère d'insertion, critère social), « Marché réservé ».
 */
function socialConsiderations(f: Fields, reserved: string): string[] | null {
  const clause = anyPresent(f, ["clauseInsertion", "clauseSociale", "commerceEquitable"]);
  const critere = anyPresent(f, ["critereInsertion", "critereSocial"]);
  const reserve = anyPresent(f, ["reserve"]);
  const parts = [clause, critere, reserve];
  const out: string[] = [];
  if (clause.value) out.push("Clause sociale");
  if (critere.value) out.push("Critère social");
  if (reserve.value) out.push(reserved);
  // A DECP social consideration read from a DECP file: clause or criterion, the register cannot say which.
  if (f.c.socialDecp === true && !clause.value && !critere.value) return f.bad("considération sociale DECP : clause ou critère ? (renseignez « Clause sociale (hors insertion) » ou « Critère social (hors insertion) »)");
  if (out.length) return out;
  if (parts.every((p) => p.columns === 0) && !f.present.has("socialDecp")) return f.absentColumn("considérations sociales : « Clause d'insertion », « Clause sociale (hors insertion) », « Critère social (hors insertion) », « Marché réservé »…");
  if (parts.some((p) => p.columns > 0 && p.value === null) || (f.present.has("socialDecp") && f.c.socialDecp !== false)) return f.bad("considérations sociales inconnues (une cellule est en erreur)");
  return ["Pas de considération sociale"];
}

/** Execution clauses that protect the environment, and environmental award criteria. */
const ENV_CLAUSES = ["clauseEnvironnementale", "clauseSobriete", "clauseDonneesImpact", "clauseLimitationImpact", "compensationCarbone", "economieCirculaire"] as const;

function environmentalConsiderations(f: Fields): string[] | null {
  const clause = anyPresent(f, ENV_CLAUSES);
  const critere = anyPresent(f, ["critereEnvironnemental"]);
  const out: string[] = [];
  if (clause.value) out.push("Clause environnementale");
  if (critere.value) out.push("Critère environnemental");
  if (out.length) return out;
  if (clause.columns === 0 && critere.columns === 0) return f.absentColumn("considérations environnementales : « Critère environnemental », « Clause environnementale »…");
  if (clause.value === null || critere.value === null) return f.bad("considérations environnementales inconnues (une cellule est en erreur)");
  return ["Pas de considération environnementale"];
}

function procedure(f: Fields): string | null {
  const p = f.c.procedure;
  if (p === null) {
    const label = f.c.procedureLabel;
    if (!f.present.has("procedure")) return f.absentColumn(H("procedure"));
    return f.bad(label ? `${H("procedure")} « ${label} » non reconnue (attendu : une procédure du format DECP)` : `${H("procedure")} (cellule vide ou en erreur)`);
  }
  return PROCEDURES[p] ?? f.bad(`${H("procedure")} « ${f.c.procedureLabel ?? "Appel d'offres"} » : ouvert ou restreint ? (écrivez « Appel d'offres ouvert » ou « Appel d'offres restreint »)`);
}

function marche(c: Contract, present: ReadonlySet<string>, opts: DecpWriteOptions): { record: DecpRecord | null; missing: string[]; absent: string[] } {
  const f = new Fields(c, present);
  const ident = id(f);
  const acheteur = siret(f, "acheteurId");
  const obj = objet(f);
  const code = cpv(f);
  const type = present.has("typeContrat") || present.has("accordCadre") ? (c.typeContrat ?? "marche") : f.need("typeContrat", null);
  let idAccordCadre: string | null = null;
  if (type === "subsequent" && c.accordCadre !== null) {
    idAccordCadre = c.accordCadre.length > MAX_ID ? f.bad(`${H("accordCadre")} « ${c.accordCadre} » de ${c.accordCadre.length} caractères (16 au plus dans les DECP)`) : c.accordCadre;
  }
  const modalites = f.need("modalitesExecution", c.modalitesExecution);
  const innovant = f.need("marcheInnovant", c.marcheInnovant);
  const ccag = f.need("ccag", c.ccag);
  let offres = f.need("offresRecues", c.offresRecues);
  if (offres !== null && offres < 1) offres = f.bad(`${H("offresRecues")} ${offres} : au moins 1 pour un marché notifié`);
  const avance = f.need("avance", c.avance);
  let taux = c.tauxAvance;
  if (taux !== null && (taux < 0 || taux > 1)) taux = f.bad(`${H("tauxAvance")} ${taux} : entre 0 et 100 %`);
  const groupement = f.need("typeGroupement", c.typeGroupement);
  const sousTraitance = f.need("sousTraitanceDeclaree", c.sousTraitanceDeclaree);
  const proc = procedure(f);
  const lieuCode = f.need("lieuExecutionCode", c.lieuExecutionCode);
  const lieuType = f.need("lieuExecutionTypeCode", c.lieuExecutionTypeCode);
  const dureeMois = duree(f);
  const montant = amount(f);
  const typesPrix = f.need("typesPrix", c.typesPrix);
  const formePrix = f.need("formePrix", c.formePrix);
  const titulaires = holders(f, "titulaire");
  const sociales = socialConsiderations(f, "Marché réservé");
  const environnementales = environmentalConsiderations(f);
  if (f.missing.length) return { record: null, missing: f.missing, absent: f.absent };
  const record: DecpRecord = {
    id: ident,
    acheteur: { id: acheteur },
    nature: c.defense === true ? "Marché de défense ou de sécurité" : "Marché",
    objet: obj,
    codeCPV: code,
    techniques: { technique: [type === "accordCadre" ? "Accord-cadre" : "Sans objet"] },
    modalitesExecution: { modaliteExecution: [...(modalites as readonly string[])] },
    ...(idAccordCadre !== null ? { idAccordCadre } : {}),
    marcheInnovant: innovant,
    ccag,
    offresRecues: offres,
    attributionAvance: avance,
    ...(taux !== null ? { tauxAvance: taux } : {}),
    typeGroupementOperateurs: groupement,
    sousTraitanceDeclaree: sousTraitance,
    procedure: proc,
    lieuExecution: { code: lieuCode, typeCode: lieuType },
    dureeMois,
    dateNotification: isoDate(c.dateNotification as DateValue),
    datePublicationDonnees: publicationDate(f, opts.publicationDate),
    montant,
    typesPrix: { typePrix: [...(typesPrix as readonly string[])] },
    formePrix,
    titulaires,
    considerationsSociales: { considerationSociale: sociales },
    considerationsEnvironnementales: { considerationEnvironnementale: environnementales },
  };
  return { record, missing: [], absent: [] };
}

function concession(c: Contract, present: ReadonlySet<string>, opts: DecpWriteOptions): { record: DecpRecord | null; missing: string[]; absent: string[] } {
  const f = new Fields(c, present);
  const ident = id(f);
  const autorite = siret(f, "acheteurId");
  const nature = f.need("natureConcession", c.natureConcession);
  const obj = objet(f);
  // « Procédure de la concession », else a « Procédure » that already holds a concession procedure.
  const proc = c.procedureConcession ?? (c.procedureLabel ? CONCESSION_PROCEDURE_INDEX.get(compact(c.procedureLabel)) : undefined) ?? f.need("procedureConcession", null);
  const dureeMois = duree(f);
  const debut = f.need("dateDebutExecution", c.dateDebutExecution);
  const valeur = amount(f, `${H("montant")} (valeur globale)`);
  const subvention = f.need("montantSubventionPublique", c.montantSubventionPublique);
  const concessionnaires = holders(f, "concessionnaire");
  const sociales = socialConsiderations(f, "Concession réservée");
  const environnementales = environmentalConsiderations(f);
  if (f.missing.length) return { record: null, missing: f.missing, absent: f.absent };
  const record: DecpRecord = {
    id: ident,
    autoriteConcedante: { id: autorite },
    nature,
    objet: obj,
    procedure: proc,
    dureeMois,
    dateSignature: isoDate(c.dateNotification as DateValue),
    datePublicationDonnees: publicationDate(f, opts.publicationDate),
    dateDebutExecution: isoDate(debut as DateValue),
    valeurGlobale: valeur,
    montantSubventionPublique: subvention,
    concessionnaires,
    considerationsSociales: { considerationSociale: sociales },
    considerationsEnvironnementales: { considerationEnvironnementale: environnementales },
  };
  return { record, missing: [], absent: [] };
}

/**
 * The register's notified contracts (of `year`, or all) as a DECP 2024 document, with the
 * contracts left out and why. The records are not validated here (src/decp/validate.ts).
 */
export function decpExport(reg: Register, opts: DecpWriteOptions): DecpExport {
  const out: DecpExport = { document: { marches: { marche: [], "contrat-concession": [] } }, marches: [], concessions: [], leftOut: [] };
  for (const c of reg.contracts) {
    const d = c.dateNotification;
    if (d === null || (opts.year !== undefined && d.y !== opts.year)) continue;
    const cc = isConcession(c);
    const { record, missing, absent } = cc ? concession(c, reg.present, opts) : marche(c, reg.present, opts);
    if (record === null) out.leftOut.push({ id: c.id, sheet: c.sheet, row: c.row, concession: cc, missing, absent });
    else if (cc) {
      out.document.marches["contrat-concession"].push(record);
      out.concessions.push(c);
    } else {
      out.document.marches.marche.push(record);
      out.marches.push(c);
    }
  }
  return out;
}
