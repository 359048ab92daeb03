/**
 * A DECP 2024 JSON export of a register's notified contracts, written here for the tests of the
 * reconciliation (the official layout: {"marches": {"marche": [...]}}, one object per contract,
 * considerations as the DECP words). Alterations are made on the objects afterwards.
 */
import type { Contract, ProcedureKind } from "../../src/register/types";

/** Buyers' SIRETs (14 digits passing the Luhn check) of the example's two entities. */
export const SIRET: Record<string, string> = { Ville: "21690123100011", Métropole: "24690002100014" };

const DECP_PROCEDURE: Record<ProcedureKind, string> = {
  AOO: "Appel d'offres ouvert",
  AOR: "Appel d'offres restreint",
  AO: "Appel d'offres ouvert",
  PN: "Procédure avec négociation",
  DC: "Dialogue compétitif",
  MAPA: "Procédure adaptée",
  SANS: "Marché passé sans publicité ni mise en concurrence préalable",
};

export type DecpRecord = Record<string, unknown> & {
  id: string;
  acheteur: { id: string };
  montant?: number;
  dateNotification?: string;
  procedure?: string;
  titulaires: { titulaire: { typeIdentifiant: string; id: string } }[];
  considerationsSociales: { considerationSociale: string[] };
  considerationsEnvironnementales: { considerationEnvironnementale: string[] };
};

const iso = (c: Contract) => (c.dateNotification ? `${c.dateNotification.y}-${String(c.dateNotification.m).padStart(2, "0")}-${String(c.dateNotification.d).padStart(2, "0")}` : undefined);

/** The DECP words of a contract's social considerations (insertion and fair trade published as a clause). */
export function socialWords(c: Contract): string[] {
  const out: string[] = [];
  if (c.clauseInsertion || c.clauseSociale || c.commerceEquitable) out.push("Clause sociale");
  if (c.critereInsertion || c.critereSocial) out.push("Critère social");
  if (c.reserve) out.push("Marché réservé");
  return out.length ? out : ["Pas de considération sociale"];
}

export function envWords(c: Contract): string[] {
  const out: string[] = [];
  if (c.clauseEnvironnementale || c.clauseSobriete || c.clauseDonneesImpact || c.clauseLimitationImpact || c.compensationCarbone || c.economieCirculaire) out.push("Clause environnementale");
  if (c.critereEnvironnemental) out.push("Critère environnemental");
  return out.length ? out : ["Pas de considération environnementale"];
}

/** One DECP record per notified contract; `holders` co-holders per contract (one by default). */
export function decpRecord(c: Contract, holders = 1): DecpRecord {
  const r: DecpRecord = {
    id: c.id,
    acheteur: { id: SIRET[c.entite ?? "Ville"] ?? SIRET.Ville },
    nature: "Marché",
    objet: c.objet ?? "",
    titulaires: Array.from({ length: holders }, (_, k) => ({ titulaire: { typeIdentifiant: "SIRET", id: `${c.titulaire ?? "Titulaire"}${k ? ` ${k + 1}` : ""}` } })),
    considerationsSociales: { considerationSociale: socialWords(c) },
    considerationsEnvironnementales: { considerationEnvironnementale: envWords(c) },
    modifications: [],
  };
  if (c.cpv) r.codeCPV = c.cpv;
  if (c.montant !== null) r.montant = c.montant;
  const date = iso(c);
  if (date) r.dateNotification = date;
  if (c.procedure) r.procedure = DECP_PROCEDURE[c.procedure];
  else if (c.procedureLabel) r.procedure = c.procedureLabel;
  if (c.dureeMois !== null) r.dureeMois = c.dureeMois;
  return r;
}

export function decpExport(contracts: readonly Contract[]): { marches: { marche: DecpRecord[] } } {
  return { marches: { marche: contracts.filter((c) => c.dateNotification !== null).map((c) => decpRecord(c)) } };
}
