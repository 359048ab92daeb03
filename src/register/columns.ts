/**
 * The columns of the register and of the side tables (docs/methodologie.md–§2.5), with every accepted alias,
 * and the forgiving header normalisation.
 */
import { fold } from "./values";

export type ValueType =
  | "id"
  | "text"
  | "yesno"
  | "number"
  | "integer"
  | "percent"
  | "date"
  | "actions"
  | "procedure"
  | "nature"
  | "reserve"
  | "cpv"
  | "decpSocial"
  | "decpEnv"
  | "contractType"
  | "identifier"
  | "choice"
  | "choiceList";

/** What a blank cell of a present column means. */
export type BlankRule = "unknown" | "no" | "reject";

export interface ColumnDef {
  key: string;
  header: string;
  aliases: string[];
  type: ValueType;
  blank: BlankRule;
  /**
   * A `choice` or `choiceList` column: its values, each with the other ways of writing it (compared
   * case-, accent- and punctuation-free). The first of each list is the value kept (the DECP one).
   */
  choices?: readonly (readonly string[])[];
}

const col = <K extends string>(key: K, header: string, type: ValueType, aliases: string[] = [], blank: BlankRule = type === "yesno" ? "no" : "unknown"): ColumnDef & { key: K } => ({
  key,
  header,
  aliases: [header, ...aliases],
  type,
  blank,
});

/** A column whose cells hold one (or, `list`, several) of a closed set of values. */
const choice = <K extends string>(key: K, header: string, choices: readonly (readonly string[])[], aliases: string[] = [], list = false): ColumnDef & { key: K } => ({
  ...col(key, header, list ? "choiceList" : "choice", aliases),
  choices,
});

/** The values of the DECP 2024 format (schema 2.0.3), with the usual ways registers write them. */
export const DECP_CHOICES = {
  typeIdentifiant: [["SIRET"], ["TVA", "n° TVA", "numéro de TVA", "TVA intracommunautaire"], ["TAHITI"], ["RIDET"], ["FRWF"], ["IREP"], ["HORS-UE", "hors UE"]],
  typeCode: [
    ["Code postal", "CP", "postal"],
    ["Code commune", "commune", "code INSEE", "INSEE", "code officiel géographique", "COG"],
    ["Code arrondissement", "arrondissement"],
    ["Code canton", "canton"],
    ["Code département", "département", "dép", "dept"],
    ["Code région", "région"],
    ["Code pays", "pays"],
  ],
  ccag: [
    ["Travaux", "CCAG Travaux", "CCAG-Travaux", "CCAG TX"],
    ["Maitrise d'œuvre", "Maîtrise d'œuvre", "CCAG MOE", "CCAG-MOE", "MOE"],
    ["Fournitures courantes et services", "CCAG FCS", "CCAG-FCS", "FCS"],
    ["Marchés industriels", "CCAG MI", "CCAG-MI", "MI"],
    ["Prestations intellectuelles", "CCAG PI", "CCAG-PI", "PI"],
    ["Techniques de l'information et de la communication", "CCAG TIC", "CCAG-TIC", "TIC"],
    ["Pas de CCAG", "aucun", "sans CCAG", "sans", "sans objet", "non"],
  ],
  formePrix: [["Unitaire", "prix unitaires"], ["Forfaitaire", "prix forfaitaire", "forfait"], ["Mixte", "prix mixtes"]],
  typesPrix: [
    ["Définitif ferme", "ferme", "prix ferme"],
    ["Définitif actualisable", "actualisable", "prix actualisable", "ferme et actualisable"],
    ["Définitif révisable", "révisable", "prix révisable", "révisables"],
    ["Provisoire", "prix provisoire"],
  ],
  modalitesExecution: [["Tranches", "tranche", "marché à tranches"], ["Bons de commande", "bon de commande", "BDC"], ["Marchés subséquents", "marché subséquent", "MS"], ["Sans objet", "aucune"]],
  typeGroupementOperateurs: [["Conjoint", "groupement conjoint"], ["Solidaire", "groupement solidaire"], ["Pas de groupement", "aucun", "sans", "sans groupement", "non"]],
  natureConcession: [
    ["Concession de travaux", "concession de travaux publics"],
    ["Concession de service", "concession de services"],
    ["Concession de service public", "concession de services publics"],
    ["Délégation de service public", "DSP"],
  ],
  procedureConcession: [["Procédure négociée ouverte"], ["Procédure non négociée ouverte"], ["Procédure négociée restreinte"], ["Procédure non négociée restreinte"]],
} as const;

const REGISTER_COLUMN_LIST = [
  col("id", "N° marché", "id", ["Numéro", "Référence", "N° de marché", "Numéro de marché", "Numéro du marché", "N° du marché", "Référence du marché", "uid", "id"], "reject"),
  col("objet", "Objet", "text", ["Objet du marché", "objet", "Intitulé du marché"]),
  col("titulaire", "Titulaire", "text", ["Attributaire", "titulaire_nom", "Titulaire du marché", "Raison sociale du titulaire"]),
  col("entite", "Entité", "text", ["Acheteur", "acheteur", "Collectivité", "acheteur_nom"]),
  col("direction", "Direction", "text", ["Service", "Direction opérationnelle", "Service acheteur", "Direction acheteuse"]),
  col("nature", "Nature", "nature", ["Type de marché", "Catégorie", "Nature des prestations", "type"]),
  col("famille", "Famille d'achat", "text", ["Famille", "Segment", "Famille d'achats"]),
  col("cpv", "Code CPV", "cpv", ["CPV", "codeCPV"]),
  col("procedure", "Procédure", "procedure", ["Type de procédure", "procedure"]),
  col("montant", "Montant HT", "number", ["Montant", "Montant estimé HT", "Montant notifié HT", "montant", "Montant du marché"]),
  col("dureeMois", "Durée (mois)", "number", ["Durée", "dureeMois", "Durée en mois"]),
  col("dateNotification", "Date de notification", "date", ["Date d'attribution", "Notification", "dateNotification", "Date notification"]),
  col("datePrevisionnelle", "Date prévisionnelle d'attribution", "date", ["Attribution prévue", "Date d'attribution prévue", "Date prévisionnelle"]),
  col("recurrent", "Récurrent", "yesno", ["Marché récurrent"]),
  col("anticipe", "Anticipé", "yesno", ["Marché anticipé"]),
  col("dateCotation", "Date de cotation", "date"),
  // Loi Climat et résilience (docs/methodologie.md): the date the consultation was launched. The DECP
  // `datePublicationDonnees` is the open-data publication date, not an alias.
  col("dateLancement", "Date de lancement", "date", ["Date de lancement de la consultation", "Date d'envoi à la publication", "Date de publication", "Date de lancement consultation"]),
  col("actionsCiblees", "Actions ciblées", "actions", ["Actions SPASER", "Ciblage", "Actions ciblées SPASER"]),
  col("clauseInsertion", "Clause d'insertion", "yesno", ["Clause insertion"]),
  col("heuresInsertionPrevues", "Heures d'insertion prévues", "number", ["Heures insertion prévues"]),
  col("heuresInsertionRealisees", "Heures d'insertion réalisées", "number", ["Heures insertion réalisées"]),
  col("critereInsertion", "Critère d'insertion", "yesno", ["Critère insertion"]),
  col("reserve", "Marché réservé", "reserve", ["Réservé"], "no"),
  col("clauseSociale", "Clause sociale (hors insertion)", "yesno", ["Clause sociale"]),
  col("critereSocial", "Critère social (hors insertion)", "yesno", ["Critère social"]),
  col("commerceEquitable", "Commerce équitable", "yesno"),
  col("nombreLots", "Nombre de lots", "integer", ["Nb lots", "Nombre lots"]),
  col("alloti", "Alloti", "yesno", ["Allotissement", "Marché alloti"], "unknown"),
  col("avance", "Avance", "yesno", ["attributionAvance", "Avance versée"]),
  col("tauxAvance", "Taux d'avance", "percent", ["tauxAvance", "Taux avance"]),
  col("renonciationAvance", "Renonciation à l'avance", "yesno", ["Avance refusée", "Renonciation avance"]),
  col("questionnementBesoin", "Questionnement du besoin", "yesno"),
  col("outilsMethodo", "Outils méthodologiques", "yesno"),
  col("clausesEquilibrees", "Clauses équilibrées", "yesno"),
  col("revisionPrix", "Révision des prix", "yesno", ["Révision de prix", "Prix révisables"]),
  col("negociation", "Négociation", "yesno"),
  col("gainPrix", "Gain prix (%)", "percent", ["Gain sur les prix", "Gain prix"]),
  col("gainTechnique", "Gain valeur technique (%)", "percent", ["Gain sur la valeur technique", "Gain technique"]),
  col("evaluation", "Évaluation de l'exécution", "yesno", ["Évalué"]),
  col("noteSatisfaction", "Note de satisfaction", "number"),
  col("acv", "ACV réalisée", "yesno", ["ACV", "Analyse du cycle de vie"]),
  col("clauseSobriete", "Clause de sobriété", "yesno"),
  col("amoDD", "AMO développement durable", "yesno", ["AMO DD"]),
  col("critereEnvironnemental", "Critère environnemental", "yesno"),
  col("clauseEnvironnementale", "Clause environnementale", "yesno"),
  col("clauseDonneesImpact", "Clause de suivi des impacts", "yesno"),
  col("clauseLimitationImpact", "Clause de limitation des impacts", "yesno"),
  col("donneesObtenues", "Données d'impact obtenues", "yesno"),
  col("compensationCarbone", "Compensation carbone", "yesno"),
  col("tco2Compensees", "tCO2e compensées", "number", ["tCO2 compensées", "Tonnes CO2e compensées"]),
  col("economieCirculaire", "Économie circulaire", "yesno"),
  col("titulaireTpePme", "Titulaire TPE/PME", "yesno", ["TPE/PME", "PME", "Titulaire PME"], "unknown"),
  col("titulaireEss", "Titulaire ESS/SIAE/EA/ESAT", "yesno", ["Titulaire ESS"], "unknown"),
  col("offresRecues", "Nombre d'offres", "integer", ["Offres reçues", "Soumissionnaires", "offresRecues", "Nombre de soumissionnaires", "Nb offres"]),
  col("offresTpePme", "Offres de TPE/PME", "integer", ["Offres TPE/PME"]),
  col("dceRetires", "DCE retirés", "integer", ["Nombre de DCE retirés"]),
  col("infructueux", "Infructueux", "yesno", ["Procédure infructueuse"]),
  col("offresIrregulieres", "Offres irrégulières", "integer"),
  col("litiges", "Litiges", "integer", ["Nombre de litiges"]),
  // The unit of account (docs/methodologie.md): consultations and lots, framework agreements and
  // their subsequent contracts, concessions, defence contracts, renewals, the estimated value of the need.
  col("consultation", "N° consultation", "text", ["N° de procédure", "Référence consultation", "N° consultation / procédure", "Numéro de consultation", "N° de consultation"]),
  col("lot", "N° lot", "text", ["Lot", "Numéro de lot", "N° de lot"]),
  // DECP `techniques` « Accord-cadre » is a framework agreement (its other techniques leave a marché).
  col("typeContrat", "Type de contrat", "contractType", ["Forme du contrat", "techniques", "Type contrat"]),
  col("accordCadre", "N° accord-cadre", "text", ["Accord-cadre parent", "idAccordCadre", "N° de l'accord-cadre", "Numéro d'accord-cadre"]),
  col("defense", "Défense ou sécurité", "yesno", ["Marché de défense ou de sécurité", "Défense et sécurité"]),
  col("valeurEstimee", "Valeur estimée du besoin", "number", ["Valeur estimée", "Estimation", "Valeur estimée du besoin HT"]),
  col("marchePrecedent", "Marché précédent", "text", ["Remplace le marché", "Renouvellement de", "Marché renouvelé"]),
  col("motifExceptionClimat", "Motif d'exception loi Climat", "text", ["Exception loi Climat", "Motif d'exception"]),
  col("critereUniqueCout", "Critère unique du coût", "yesno", ["Critère unique coût", "Critère coût unique"]),
  // What the national open-data format (DECP 2024) requires and the SPASER does not read
  // (docs/methodologie.md, `spaser decp`): French headers, and the names of the DECP tabular exports.
  col("acheteurId", "SIRET acheteur", "identifier", ["acheteur_id", "SIRET de l'acheteur", "Identifiant acheteur", "Identifiant de l'acheteur", "autoriteConcedante_id"]),
  col("titulaireId", "SIRET titulaire", "identifier", ["titulaire_id", "SIRET du titulaire", "Identifiant titulaire", "Identifiant du titulaire", "concessionnaire_id"]),
  choice("titulaireTypeId", "Type d'identifiant titulaire", DECP_CHOICES.typeIdentifiant, ["titulaire_typeIdentifiant", "Type d'identifiant du titulaire", "concessionnaire_typeIdentifiant"]),
  col("lieuExecutionCode", "Code du lieu d'exécution", "text", ["lieuExecution_code", "Lieu d'exécution", "Code lieu d'exécution"]),
  choice("lieuExecutionTypeCode", "Type de code du lieu d'exécution", DECP_CHOICES.typeCode, ["lieuExecution_typeCode", "Type de code lieu d'exécution", "Type du lieu d'exécution"]),
  choice("ccag", "CCAG", DECP_CHOICES.ccag, ["CCAG de référence", "CCAG applicable"]),
  choice("formePrix", "Forme du prix", DECP_CHOICES.formePrix, ["formePrix", "Forme des prix"]),
  choice("typesPrix", "Types de prix", DECP_CHOICES.typesPrix, ["typesPrix", "Type de prix", "typePrix"], true),
  choice("modalitesExecution", "Modalités d'exécution", DECP_CHOICES.modalitesExecution, ["modalitesExecution", "Modalité d'exécution"], true),
  col("marcheInnovant", "Marché innovant", "yesno", ["marcheInnovant"]),
  choice("typeGroupement", "Groupement d'opérateurs", DECP_CHOICES.typeGroupementOperateurs, ["typeGroupementOperateurs", "Type de groupement", "Type de groupement d'opérateurs"]),
  col("sousTraitanceDeclaree", "Sous-traitance déclarée", "yesno", ["sousTraitanceDeclaree", "Sous-traitance"]),
  col("datePublicationDonnees", "Date de publication des données", "date", ["datePublicationDonnees", "Date de publication DECP", "Date de publication des données essentielles"]),
  col("montantModifie", "Montant après modifications", "number", ["Montant modifié", "Montant après avenants", "Montant après avenant"]),
  choice("natureConcession", "Nature de la concession", DECP_CHOICES.natureConcession, ["Nature du contrat de concession"]),
  choice("procedureConcession", "Procédure de la concession", DECP_CHOICES.procedureConcession, ["Procédure du contrat de concession"]),
  col("dateDebutExecution", "Date de début d'exécution", "date", ["dateDebutExecution", "Début d'exécution"]),
  col("montantSubventionPublique", "Subvention publique", "number", ["montantSubventionPublique", "Montant de la subvention publique"]),
  // DECP multi-valued columns
  col("considerationsSociales", "considerationsSociales", "decpSocial", ["Considérations sociales"], "unknown"),
  col("considerationsEnvironnementales", "considerationsEnvironnementales", "decpEnv", ["Considérations environnementales"], "unknown"),
] as const;

/** The key of a register column (a Contract field, or a DECP multi-valued column): a misspelt key is a compile error. */
export type RegisterColumnKey = (typeof REGISTER_COLUMN_LIST)[number]["key"];

export const REGISTER_COLUMNS: readonly ColumnDef[] = REGISTER_COLUMN_LIST;

export const ACTIVITY_COLUMNS: readonly ColumnDef[] = [
  col("action", "Action", "integer", ["N° action", "Numéro d'action", "N° de l'action"]),
  col("type", "Type", "text", ["Type d'activité"]),
  col("intitule", "Intitulé", "text", ["Libellé", "Activité"]),
  col("statut", "Statut", "text", ["État"]),
  col("date", "Date", "date", ["Date de réalisation"]),
  col("agentsFormes", "Agents formés", "integer", ["Agents équipés ou formés"]),
  col("agentsAFormer", "Agents à former", "integer", ["Agents à équiper ou former"]),
  col("tempsJours", "Temps (jours)", "number"),
];

export const INSERTION_COLUMNS: readonly ColumnDef[] = [
  col("marche", "N° marché", "text", ["Numéro de marché", "Marché", "N° de marché"]),
  col("annee", "Année", "integer", ["Annee", "Exercice"]),
  col("heures", "Heures réalisées", "number", ["Heures", "Nombre d'heures"]),
  col("genre", "Genre", "text", ["Sexe"]),
  col("trancheAge", "Tranche d'âge", "text", ["Âge"]),
  col("qualification", "Niveau de qualification", "text", ["Qualification"]),
  col("rqth", "RQTH", "yesno"),
  col("formationQualifiante", "Formation qualifiante", "yesno", ["Formation qualifiante ou certifiante"]),
];

export const MANUAL_COLUMNS: readonly ColumnDef[] = [
  col("indicateur", "Indicateur", "text", ["Id", "Identifiant"]),
  col("annee", "Année", "integer", ["Exercice"]),
  col("valeur", "Valeur", "text"),
  col("commentaire", "Commentaire", "text", ["Source"]),
];

/** The `Référentiel` sheet (docs/methodologie.md): a workbook's own definitions of its indicators. */
export const REFERENTIAL_COLUMNS: readonly ColumnDef[] = [
  col("id", "Id", "text", ["Identifiant", "Indicateur"]),
  col("label", "Libellé", "text", ["Intitulé"]),
  col("type", "Type", "text"),
  col("population", "Population", "text"),
  col("condition", "Condition", "text"),
  col("valeur", "Valeur", "text", ["Colonne"]),
  col("cible1", "Cible étape 1", "text", ["Cible 1"]),
  col("cible2", "Cible étape 2", "text", ["Cible 2"]),
  col("action", "Action", "text", ["N° action"]),
  col("periode", "Période", "text", ["Periode de calcul"]),
];

/** The `Plan` sheet (docs/methodologie.md): the buyer's own axes, objectives and actions. */
export const PLAN_COLUMNS: readonly ColumnDef[] = [
  col("axe", "Axe", "text", ["N° axe", "Axe n°", "Numéro d'axe"]),
  col("titreAxe", "Titre de l'axe", "text", ["Intitulé de l'axe", "Libellé de l'axe"]),
  col("objectif", "Objectif", "text", ["N° objectif", "Objectif n°", "Numéro d'objectif"]),
  col("titreObjectif", "Titre de l'objectif", "text", ["Intitulé de l'objectif", "Libellé de l'objectif"]),
  col("action", "Action", "text", ["N° action", "Action n°", "Numéro d'action", "Fiche action"]),
  col("titreAction", "Titre de l'action", "text", ["Intitulé de l'action", "Libellé de l'action"]),
  col("pilote", "Pilote", "text", ["Pilotes", "Pilote de l'action", "Service pilote", "Référent"]),
];

export const PARAMETER_COLUMNS: readonly ColumnDef[] = [
  col("parametre", "Paramètre", "text", ["Paramètres"]),
  col("valeur", "Valeur", "text"),
];

const UNIT_SUFFIX = /\s*(\((?:[^()]*)\)|\bh\.?\s?t\.?|€|%|\beur(?:os?)?\b)\s*$/;
/** Trailing punctuation (`Montant HT :`) that would hide a unit from UNIT_SUFFIX. */
const TRAILING_PUNCTUATION = /[\s:;,.*\-\u2013\u2014]+$/;

/**
 * Header normalisation: case, accents, spaces, punctuation and a trailing unit such as `(€)`, `HT`,
 * `(mois)` or `(%)` do not matter.
 */
export function normalizeHeader(header: string): string {
  let s = fold(header).replace(/[\u2019`´]/g, "'").replace(/_/g, " ");
  for (let i = 0; i < 4; i++) {
    const next = s.replace(TRAILING_PUNCTUATION, "").replace(UNIT_SUFFIX, "");
    if (next === s || next.trim() === "") break;
    s = next;
  }
  return s.replace(/[^a-z0-9]/g, "");
}

export interface HeaderIndex {
  /** normalised alias -> [column key, alias rank] */
  map: Map<string, { key: string; rank: number }>;
  columns: readonly ColumnDef[];
}

export function buildHeaderIndex(columns: readonly ColumnDef[]): HeaderIndex {
  const map = new Map<string, { key: string; rank: number }>();
  for (const c of columns) {
    c.aliases.forEach((a, rank) => {
      const n = normalizeHeader(a);
      if (!map.has(n)) map.set(n, { key: c.key, rank });
    });
  }
  return { map, columns };
}

export const REGISTER_INDEX = buildHeaderIndex(REGISTER_COLUMNS);
export const ACTIVITY_INDEX = buildHeaderIndex(ACTIVITY_COLUMNS);
export const INSERTION_INDEX = buildHeaderIndex(INSERTION_COLUMNS);
export const MANUAL_INDEX = buildHeaderIndex(MANUAL_COLUMNS);
export const PARAMETER_INDEX = buildHeaderIndex(PARAMETER_COLUMNS);
export const REFERENTIAL_INDEX = buildHeaderIndex(REFERENTIAL_COLUMNS);
export const PLAN_INDEX = buildHeaderIndex(PLAN_COLUMNS);

export const REGISTER_COLUMN_BY_KEY: ReadonlyMap<string, ColumnDef> = new Map(REGISTER_COLUMNS.map((c) => [c.key, c]));
