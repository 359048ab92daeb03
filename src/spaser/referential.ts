import type { Parameters } from "./parameters";

/**
 * The SPASER referential as typed data: 4 axes, 8 objectives, 26 actions, their indicators and
 * the six deployment targets. Titles and pilots are taken from the adopted SPASER text.
 */

import { DEFAULT_PLAN } from "./plan";
export type { Axis, Objective, Action, Plan } from "./plan";

/** How an indicator is expressed. */
export type Unit = "percent" | "count" | "euro" | "hours" | "days" | "tco2e" | "yesno" | "number" | "breakdown" | "text";

/**
 * realisation / effet: the SPASER's own kinds; cible: T1–T6; valeur: T1.V–T6.V; alerte: loi Climat
 * checks; repere: the buyer's figure on the population of a national observation (N.ENV, N.SOC).
 */
export type IndicatorKind = "realisation" | "effet" | "cible" | "valeur" | "alerte" | "repere";

export interface IndicatorDef {
  id: string;
  label: string;
  unit: Unit;
  kind: IndicatorKind;
  /** Action number (0 for the deployment targets T1–T6). */
  action: number;
  /** The SPASER words it as "évolution de …": shown for every year of the register. */
  evolution?: boolean;
  /** Not computable from the register: the value comes from the `Saisies` sheet. */
  manual?: boolean;
  /** Same measure as another indicator (the SPASER lists it under several actions). */
  sameAs?: string;
  /** Words for a yes/no indicator: [yes, no]. */
  yesNo?: readonly [string, string];
  /** An alert « à vérifier »: a list of contracts to look at, not a finding. */
  alert?: boolean;
  /** Not in the SPASER document: an indicator this tool adds beside it. */
  complementary?: boolean;
  /** Added by the workbook's `Référentiel` sheet (not built in). */
  custom?: boolean;
}

/** The seed's plan (src/spaser/plan.ts, data in the form of a `Plan` sheet). */
export const AXES = DEFAULT_PLAN.axes;
export const OBJECTIVES = DEFAULT_PLAN.objectives;
export const ACTIONS = DEFAULT_PLAN.actions;

/**
 * One row per indicator: [id, label, unit, kind, options]. The action is read from the id
 * (`A8.R1` → 8; T1–T6, their value forms and the loi Climat alerts → 0). The order is the order of
 * the dashboards. Labels follow the SPASER document (fixing only obvious typos).
 */
const TABLE = [
  // Deployment targets (Déploiement échelonné)
  ["T1", "% de contrats avec un critère environnemental", "percent", "cible"],
  ["T2", "% de contrats avec des considérations environnementales", "percent", "cible"],
  ["T3", "% de contrats issus de procédures formalisées comportant une clause d'insertion", "percent", "cible"],
  ["T4", "% de contrats issus de procédures formalisées comportant des considérations sociales ou éthiques", "percent", "cible"],
  ["T5", "% de contrats intégrant l'économie circulaire / contrats ciblés lors de la programmation", "percent", "cible"],
  ["T6", "% de contrats confiés à des TPE-PME / contrats ciblés lors de la programmation", "percent", "cible"],
  // The same targets weighted by amount (art. L2111-3: a SPASER may count in contracts or in value)
  ["T1.V", "T1 en valeur : part des montants des contrats avec un critère environnemental", "percent", "valeur"],
  ["T2.V", "T2 en valeur : part des montants des contrats avec des considérations environnementales", "percent", "valeur"],
  ["T3.V", "T3 en valeur : part des montants des contrats de procédures formalisées avec une clause d'insertion", "percent", "valeur"],
  ["T4.V", "T4 en valeur : part des montants des contrats de procédures formalisées avec des considérations sociales ou éthiques", "percent", "valeur"],
  ["T5.V", "T5 en valeur : part des montants des contrats ciblés intégrant l'économie circulaire", "percent", "valeur"],
  ["T6.V", "T6 en valeur : part des montants des contrats ciblés confiés à des TPE-PME", "percent", "valeur"],
  // Loi Climat et résilience, art. 35 (docs/methodologie.md): alerts « à vérifier »
  ["C7.1", "Consultations soumises à la loi Climat sans critère environnemental", "count", "alerte", { alert: true }],
  ["C7.2", "Consultations soumises à la loi Climat sans clause environnementale d'exécution", "count", "alerte", { alert: true }],
  ["C7.3", "Consultations soumises à la loi Climat au-dessus du seuil européen sans considération sociale d'exécution", "count", "alerte", { alert: true }],
  // Possible splitting of a need (art. R2121-1 ff.): an alert « à vérifier »
  ["C7.4", "Fractionnement possible : achats homogènes sans procédure formalisée atteignant le seuil européen (groupes)", "count", "alerte", { alert: true }],
  // Axis 1
  ["A1.R1", "CAD réuni", "yesno", "realisation", { yesNo: ["Réuni", "Pas réuni"] }],
  ["A1.E1", "Taux des actions menées à terme / actions arrêtées", "percent", "effet"],
  ["A2.R1", "Contrats anticipés / contrats identifiés comme récurrents", "percent", "realisation"],
  ["A2.E1", "Contrats clausés / contrats ciblés", "percent", "effet"],
  ["A3.R1", "Tableaux de bord de suivi", "yesno", "realisation", { yesNo: ["Fait", "Pas fait"] }],
  ["A3.E1", "% d'objectifs atteints", "percent", "effet"],
  ["A4.R1", "% des actions menées / ciblées en matière de communication et d'animation", "percent", "realisation"],
  ["A4.E1", "% de contrats clausés / ciblés", "percent", "effet", { sameAs: "A2.E1" }],
  ["A4.E2", "% d'objectifs atteints", "percent", "effet", { sameAs: "A3.E1" }],
  ["A5.R1", "Mission officialisée dans les fiches de poste et attribution d'un temps minimum", "yesno", "realisation", { yesNo: ["Officialisée", "Non officialisée"] }],
  ["A5.R2", "Temps consacré au SPASER (jours)", "days", "realisation"],
  ["A5.E1", "% de contrats clausés / ciblés", "percent", "effet", { sameAs: "A2.E1" }],
  ["A5.E2", "Niveau d'atteinte des objectifs du SPASER", "percent", "effet", { sameAs: "A3.E1" }],
  ["A6.R1", "Actions réalisées / actions ciblées (réseaux)", "percent", "realisation"],
  ["A7.R1", "Outils créés / outils programmés", "percent", "realisation"],
  ["A7.R2", "Agents équipés ou formés / à équiper ou former", "percent", "realisation"],
  ["A7.E1", "Contrats « clausés responsables » / ciblés", "percent", "effet", { sameAs: "A2.E1" }],
  // Axis 2
  ["A8.R1", "Contrats clausés insertion / ciblés", "percent", "realisation"],
  ["A8.R2", "Marchés au-dessus du seuil d'insertion avec clause d'insertion", "percent", "realisation"],
  ["A8.E1", "Heures d'insertion réalisées", "hours", "effet"],
  ["A8.E2", "Part des femmes parmi les bénéficiaires", "percent", "effet"],
  ["A8.E3", "Répartition des bénéficiaires par tranche d'âge", "breakdown", "effet"],
  ["A8.E4", "Répartition des bénéficiaires par qualification", "breakdown", "effet"],
  ["A8.E5", "Répartition des contrats clausés insertion selon leur objet (nature des prestations)", "breakdown", "effet", { evolution: true }],
  ["A8.E6", "Part des bénéficiaires reconnus travailleurs handicapés (RQTH) — indicateur complémentaire", "percent", "effet", { complementary: true }],
  ["A9.R1", "Événement annuel de la clause réalisé", "yesno", "realisation", { yesNo: ["Réalisé", "Pas réalisé"] }],
  ["A9.E1", "Nombre moyen de soumissionnaires pour les contrats clausés insertion", "number", "effet", { evolution: true }],
  ["A9.E2", "Nombre de directions ayant recours à la clause", "count", "effet", { evolution: true }],
  ["A9.E3", "Répartition des contrats clausés insertion selon leur objet (nature des prestations)", "breakdown", "effet", { evolution: true, sameAs: "A8.E5" }],
  ["A10.R1", "Marchés critérisés insertion / ciblés", "percent", "realisation"],
  ["A10.E1", "Bénéficiaires de la clause ayant suivi une formation qualifiante ou certifiante", "percent", "effet"],
  ["A11.R1", "Marchés réservés / ciblés", "percent", "realisation"],
  ["A11.R2", "Marchés sous le seuil des marchés réservés qui sont réservés", "percent", "realisation"],
  ["A11.E1", "CA moyen par contrat confié aux structures ESS, SIAE, EA, ESAT (montant notifié)", "euro", "effet"],
  ["A11.E2", "Part de ces structures parmi les titulaires", "percent", "effet"],
  ["A11.E3", "Nombre de contrats réservés", "count", "effet", { evolution: true }],
  ["A11.E4", "Marchés suivis entre 10 000 € HT et 40 000 € HT", "count", "effet"],
  ["A12.R1", "Contrats clausés « social hors insertion » / ciblés", "percent", "realisation"],
  ["A12.E1", "Qualité moyenne des réponses au questionnaire de départage et aux exigences fixées en la matière (note moyenne)", "number", "effet", { evolution: true, manual: true }],
  ["A12.E2", "Ratio femmes-hommes dans l'exécution des contrats clausés égalité femmes-hommes", "number", "effet", { evolution: true, manual: true }],
  ["A13.R1", "Contrats clausés équitable / ciblés", "percent", "realisation"],
  ["A13.E1", "Montants notifiés en faveur du commerce équitable (€ HT)", "euro", "effet"],
  ["A13.E2", "Nombre de contrats équitables", "count", "effet"],
  // Axis 3
  ["A14.R1", "Marchés allotis / ciblés", "percent", "realisation"],
  ["A14.R2", "Marchés allotis / an", "percent", "realisation"],
  ["A14.E1", "Part des TPE/PME parmi les soumissionnaires", "percent", "effet"],
  ["A14.E2", "Part des TPE/PME parmi les titulaires", "percent", "effet"],
  ["A15.R1", "Intentions d'achat communiquées et données essentielles publiées en données ouvertes", "yesno", "realisation", { yesNo: ["Fait", "Pas fait"] }],
  ["A15.E1", "Nombre moyen de soumissionnaires par consultation", "number", "effet", { evolution: true }],
  ["A15.E2", "Nombre moyen de DCE retirés", "number", "effet", { evolution: true }],
  ["A16.R1", "Activités réalisées / programmées (accompagnement TPE/PME)", "percent", "realisation"],
  ["A16.E1", "Procédures infructueuses", "count", "effet", { evolution: true }],
  ["A16.E2", "TPE/PME titulaires", "count", "effet", { evolution: true }],
  ["A16.E3", "Nombre moyen de soumissionnaires par consultation", "number", "effet", { evolution: true, sameAs: "A15.E1" }],
  ["A16.E4", "Nombre moyen de DCE retirés", "number", "effet", { evolution: true, sameAs: "A15.E2" }],
  ["A17.R1", "Marchés proposant l'avance bonifiée / ciblés", "percent", "realisation"],
  ["A17.R2", "Marchés éligibles (TPE/PME, sous le seuil) avec avance bonifiée", "percent", "realisation"],
  ["A17.R3", "Avance obligatoire non prévue : à vérifier", "count", "realisation", { alert: true }],
  ["A17.E1", "Nombre moyen de soumissionnaires par consultation", "number", "effet", { evolution: true, sameAs: "A15.E1" }],
  ["A17.E2", "Nombre moyen de DCE retirés", "number", "effet", { evolution: true, sameAs: "A15.E2" }],
  ["A17.E3", "Procédures infructueuses", "count", "effet", { evolution: true, sameAs: "A16.E1" }],
  ["A17.E4", "TPE/PME titulaires", "count", "effet", { evolution: true, sameAs: "A16.E2" }],
  ["A18.R1", "Contrats ayant fait l'objet d'un questionnement", "percent", "realisation"],
  ["A18.R2", "Contrats construits avec l'aide des outils méthodologiques", "percent", "realisation"],
  ["A18.E1", "Offres irrégulières", "count", "effet", { evolution: true }],
  ["A18.E2", "Litiges signalés au service de la commande publique", "count", "effet", { evolution: true }],
  ["A18.E3", "Qualité moyenne des évaluations des contrats (note moyenne)", "number", "effet"],
  ["A18.E4", "Procédures infructueuses", "count", "effet", { evolution: true, sameAs: "A16.E1" }],
  ["A19.R1", "Marchés proposant des clauses équilibrées", "percent", "realisation"],
  ["A19.R2", "Marchés de plus de 12 mois avec révision des prix", "percent", "realisation"],
  ["A19.E1", "Nombre moyen de litiges signalés par contrat", "number", "effet", { evolution: true }],
  ["A19.E2", "Nombre moyen de soumissionnaires par consultation", "number", "effet", { evolution: true, sameAs: "A15.E1" }],
  ["A19.E3", "Qualité moyenne des évaluations des contrats (note moyenne)", "number", "effet", { sameAs: "A18.E3" }],
  ["A20.R1", "Négociations / contrats le permettant", "percent", "realisation"],
  ["A20.E1", "Gain moyen obtenu sur la valeur technique", "percent", "effet"],
  ["A20.E2", "Gain moyen obtenu sur les prix", "percent", "effet"],
  ["A20.E3", "Niveau moyen de satisfaction en cours d'exécution", "number", "effet", { sameAs: "A18.E3" }],
  ["A21.R1", "Marchés évalués / ciblés", "percent", "realisation"],
  ["A21.E1", "Niveau moyen de satisfaction interne et externe", "number", "effet", { evolution: true, sameAs: "A18.E3" }],
  // Axis 4
  ["A22.R1", "Contrats ayant fait l'objet d'une ACV / ciblés", "percent", "realisation"],
  ["A22.R2", "Marchés avec clause d'exécution relative à la sobriété / ciblés", "percent", "realisation"],
  ["A22.E1", "Consommations énergétiques du patrimoine immobilier, dont énergies renouvelables (MWh)", "number", "effet", { manual: true }],
  ["A22.E2", "Durée de vie moyenne du parc mobilier (véhicules et informatique, années)", "number", "effet", { evolution: true, manual: true }],
  ["A22.E3", "Volumes d'achats annuels des contrats ciblés", "number", "effet", { manual: true }],
  ["A23.R1", "Recours à un AMO développement durable notifiés / ciblés", "percent", "realisation"],
  ["A23.E1", "Consommation énergétique du patrimoine public (MWh)", "number", "effet", { manual: true }],
  ["A23.E2", "Taux d'énergies renouvelables dans cette consommation", "percent", "effet", { manual: true }],
  ["A23.E3", "Taux moyen d'imperméabilisation des contrats", "percent", "effet", { manual: true }],
  ["A23.E4", "Taux moyen de végétalisation des contrats", "percent", "effet", { manual: true }],
  ["A23.E5", "Quantité et origine des matières consommées en phase de travaux", "text", "effet", { manual: true }],
  ["A24.R1", "Contrats ayant fait l'objet d'une ACV / ciblés", "percent", "realisation"],
  ["A24.R2", "Marchés comprenant une clause d'exécution écologique ou énergétique", "percent", "realisation"],
  ["A24.R3", "Marchés comportant un critère écologique ou énergétique", "percent", "realisation", { sameAs: "T1" }],
  ["A24.E1", "Part des montants notifiés en économie circulaire", "percent", "effet"],
  ["A24.E2", "% des produits éco-labellisés acquis / ciblés", "percent", "effet", { manual: true }],
  ["A24.E3", "% des services certifiés acquis / certifiés", "percent", "effet", { manual: true }],
  ["A24.E4", "% d'énergie renouvelable dans la consommation du patrimoine immobilier", "percent", "effet", { manual: true }],
  ["A24.E5", "Volume produit d'énergie renouvelable (kWh)", "number", "effet", { manual: true }],
  ["A25.R1", "Contrats avec clause d'exécution relative aux données d'impact / ciblés", "percent", "realisation"],
  ["A25.R2", "Contrats avec clause d'exécution relative à la limitation des impacts / ciblés", "percent", "realisation"],
  ["A25.E1", "Données d'impact obtenues / contrats clausés", "percent", "effet"],
  ["A25.E2", "Nature des impacts suivis effectivement", "text", "effet", { manual: true }],
  ["A25.E3", "Nature des impacts ayant fait l'objet d'une limitation", "text", "effet", { manual: true }],
  ["A25.E4", "Taux moyen de réduction des impacts / contrats concernés (par nature d'impact)", "percent", "effet", { manual: true }],
  ["A26.R1", "Marchés avec compensation carbone / ciblés", "percent", "realisation"],
  ["A26.E1", "Quantité de gaz à effet de serre compensée (tCO2e)", "tco2e", "effet"],
  // Beside the national observation (OECP census): the buyer's figure on the same population (contracts of 90 000 € HT or more)
  ["N.ENV", "Part des contrats de 90 000 € HT et plus avec une considération environnementale", "percent", "repere"],
  ["N.SOC", "Part des contrats de 90 000 € HT et plus avec une considération sociale", "percent", "repere"],
] as const satisfies readonly (readonly [string, string, Unit, IndicatorKind, Partial<IndicatorDef>?])[];

/** The id of a built-in indicator: a misspelt id is a compile error. */
export type BuiltinId = (typeof TABLE)[number][0];

function build(row: (typeof TABLE)[number]): IndicatorDef {
  const [id, label, unit, kind, extra] = row as readonly [BuiltinId, string, Unit, IndicatorKind, Partial<IndicatorDef>?];
  const action = /^A\d/.test(id) ? Number(id.slice(1, id.indexOf("."))) : 0;
  return { id, label, unit, kind, action, ...(extra ?? {}) } as IndicatorDef;
}

/** Every indicator of the SPASER, in the order of the dashboards. */
export const INDICATORS: readonly IndicatorDef[] = TABLE.map(build);

export const BUILTIN_IDS: readonly BuiltinId[] = TABLE.map((r) => r[0]);

/** Labels that name a threshold of `Paramètres` follow it. */
export function labelWithParameters(id: string, label: string, p: Pick<Parameters, "suiviDe" | "suiviA" | "dureeRevisionPrix">): string {
  const eur = (n: number) => `${Math.round(n).toLocaleString("fr-FR").replace(/\u202f|\u00a0/g, " ")} € HT`;
  if (id === "A11.E4") return `Marchés suivis entre ${eur(p.suiviDe)} et ${eur(p.suiviA)}`;
  if (id === "A19.R2") return `Marchés de plus de ${p.dureeRevisionPrix} mois avec révision des prix`;
  return label;
}

export const INDICATOR_BY_ID: ReadonlyMap<string, IndicatorDef> = new Map(INDICATORS.map((d) => [d.id, d]));

/**
 * Indicators the SPASER words as counting enterprises (« titulaires »): with a « Titulaire » column
 * they count distinct holders, and say so; without it they count contracts, and say that instead.
 */
export const HOLDER_LABELS: Readonly<Record<string, { holders: string; contracts: string }>> = {
  "A14.E2": { holders: "Part des TPE/PME parmi les titulaires (entreprises distinctes)", contracts: "Part des contrats confiés à des TPE/PME (en nombre de contrats)" },
  "A16.E2": { holders: "TPE/PME titulaires (entreprises distinctes)", contracts: "Contrats confiés à des TPE/PME (en nombre de contrats)" },
  "A17.E4": { holders: "TPE/PME titulaires (entreprises distinctes)", contracts: "Contrats confiés à des TPE/PME (en nombre de contrats)" },
};

/** The label of a built-in indicator for the register's columns (HOLDER_LABELS); other labels unchanged. */
export function labelWithColumns(id: string, label: string, present: ReadonlySet<string>): string {
  const h = HOLDER_LABELS[id];
  if (!h || label !== INDICATOR_BY_ID.get(id)?.label) return label;
  return present.has("titulaire") ? h.holders : h.contracts;
}

export function indicatorsOfAction(n: number, list: readonly IndicatorDef[] = INDICATORS): IndicatorDef[] {
  return list.filter((d) => d.action === n && d.kind !== "cible" && d.kind !== "valeur" && d.kind !== "alerte" && d.kind !== "repere");
}


export type TargetId = "T1" | "T2" | "T3" | "T4" | "T5" | "T6";
export const TARGET_IDS: readonly TargetId[] = ["T1", "T2", "T3", "T4", "T5", "T6"];

/** Default targets of the "Déploiement échelonné" table: [step 1, step 2]. */
export const DEFAULT_TARGETS: Readonly<Record<TargetId, readonly [number, number]>> = {
  T1: [0.3, 0.7],
  T2: [0.5, 1],
  T3: [0.5, 0.8],
  T4: [0.3, 0.6],
  T5: [0.5, 0.8],
  T6: [0.5, 0.8],
};

/**
 * The provision that carries out action n on a contract (docs/methodologie.md, realised(c, n)).
 * Actions absent from this map are not contract-level.
 */
export const CONTRACT_LEVEL_ACTIONS: readonly number[] = [8, 10, 11, 12, 13, 14, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26];
