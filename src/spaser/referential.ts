/**
 * The SPASER referential as typed data: 4 axes, 8 objectives, 26 actions, their indicators and
 * the six deployment targets. Titles and pilots are taken from the adopted SPASER text.
 */

export interface Axis {
  n: number;
  title: string;
}

export interface Objective {
  n: number;
  axis: number;
  title: string;
}

export interface Action {
  n: number;
  objective: number;
  title: string;
  pilot: string;
}

/** How an indicator is expressed. */
export type Unit = "percent" | "count" | "euro" | "hours" | "days" | "tco2e" | "yesno" | "number" | "breakdown" | "text";

export type IndicatorKind = "realisation" | "effet" | "cible";

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
  yesNo?: [string, string];
}

export const AXES: readonly Axis[] = [
  { n: 1, title: "Garantir l'opérationnalité et l'efficacité du SPASER" },
  { n: 2, title: "Affirmer l'utilité sociale de nos achats (considérations sociales et éthiques)" },
  { n: 3, title: "Contribuer au dynamisme économique du territoire (commande publique simplifiée, juste et attractive)" },
  { n: 4, title: "Atténuer et adapter nos achats face aux enjeux énergétiques et écologiques" },
];

export const OBJECTIVES: readonly Objective[] = [
  { n: 1, axis: 1, title: "Déployer une gouvernance efficiente" },
  { n: 2, axis: 1, title: "Accompagner les décideurs et les services" },
  { n: 3, axis: 2, title: "Favoriser le retour à l'emploi durable" },
  { n: 4, axis: 2, title: "Promouvoir la solidarité" },
  { n: 5, axis: 3, title: "Rendre visible et compréhensible la commande publique" },
  { n: 6, axis: 3, title: "Promouvoir des relations contractuelles équilibrées" },
  { n: 7, axis: 4, title: "Consommer moins" },
  { n: 8, axis: 4, title: "Consommer mieux" },
];

const SCP = "Service de la Commande Publique";
const PLIE = "Plan Local pluriannuel pour l'Insertion et l'Emploi (PLIE)";
const DDE = "Direction du développement durable et de l'énergie (3DE)";

export const ACTIONS: readonly Action[] = [
  { n: 1, objective: 1, title: "Instaurer un Comité Annuel des Achats Durables (CAD)", pilot: SCP },
  { n: 2, objective: 1, title: "Définir et mettre en œuvre une méthodologie interne afin d'identifier le « potentiel durable/responsable » des achats", pilot: SCP },
  { n: 3, objective: 1, title: "Suivre et mesurer les actions du SPASER", pilot: SCP },
  { n: 4, objective: 2, title: "S'approprier collectivement les objectifs de la politique d'achats responsables en formant et en communiquant", pilot: SCP },
  { n: 5, objective: 2, title: "Consacrer des temps d'expertise dédiés au SPASER", pilot: `${SCP} (sollicite les acteurs en fonction des besoins)` },
  { n: 6, objective: 2, title: "S'appuyer et développer les réseaux internes et externes", pilot: SCP },
  { n: 7, objective: 2, title: "Construire et mettre à disposition des outils d'aide à la décision et des outils méthodologiques", pilot: SCP },
  { n: 8, objective: 3, title: "Étendre la clause d'insertion à d'autres achats et diversifier les publics", pilot: PLIE },
  { n: 9, objective: 3, title: "Promouvoir la clause d'insertion notamment à travers un événement annuel réunissant les différents partenaires et acteurs du dispositif", pilot: PLIE },
  { n: 10, objective: 3, title: "Expérimenter puis développer le critère d'insertion en ciblant des publics prioritaires", pilot: PLIE },
  { n: 11, objective: 4, title: "Réserver les marchés inférieurs à 90 000 € HT lorsqu'une offre correspondant au besoin est proposée par l'ESS ou le SIAE ou le secteur protégé", pilot: SCP },
  { n: 12, objective: 4, title: "Diversifier les clauses sociales", pilot: SCP },
  { n: 13, objective: 4, title: "Cibler des achats équitables sur des segments d'achat pertinents comme la restauration scolaire", pilot: SCP },
  { n: 14, objective: 5, title: "Optimiser l'allotissement et le micro-allotissement pour faciliter l'accès aux TPE et PME et favoriser la concurrence", pilot: SCP },
  { n: 15, objective: 5, title: "Faire connaître les achats de la Ville et de la Métropole", pilot: SCP },
  { n: 16, objective: 5, title: "Accompagner ceux qui n'osent pas la commande publique", pilot: SCP },
  { n: 17, objective: 5, title: "Alléger les frais de trésorerie des entreprises et permettre à celles disposant de réserves financières faibles de répondre aux consultations", pilot: SCP },
  { n: 18, objective: 6, title: "Définir le juste besoin", pilot: "Les directions opérationnelles pour les achats qui les concernent" },
  { n: 19, objective: 6, title: "Renforcer mutuellement la sécurité juridique de nos contrats", pilot: SCP },
  { n: 20, objective: 6, title: "Pratiquer la négociation chaque fois qu'elle est possible et pertinente", pilot: SCP },
  { n: 21, objective: 6, title: "Mesurer les attentes et les besoins des uns et des autres", pilot: SCP },
  { n: 22, objective: 7, title: "Requestionner l'achat et ses usages dans une perspective de sobriété", pilot: SCP },
  { n: 23, objective: 7, title: "Pour la construction ou la rénovation d'ouvrages : s'adjoindre un AMO intégrant les dimensions de sobriété, durabilité", pilot: "Directions opérationnelles pour leurs opérations" },
  { n: 24, objective: 8, title: "Favoriser les achats écologiquement responsables, en s'appuyant sur l'Analyse du Cycle de Vie", pilot: SCP },
  { n: 25, objective: 8, title: "Expérimenter des dispositions d'exécution permettant de suivre régulièrement et limiter certains impacts écologiques", pilot: DDE },
  { n: 26, objective: 8, title: "Expérimenter l'intégration d'une clause de compensation carbone dans les opérations d'envergure de construction ou rénovation", pilot: "Direction du développement durable et de l'énergie" },
];

type Def = [id: string, label: string, unit: Unit, extra?: Partial<IndicatorDef>];

const R = (defs: Def[]): IndicatorDef[] => defs.map(([id, label, unit, extra]) => build(id, label, unit, "realisation", extra));
const E = (defs: Def[]): IndicatorDef[] => defs.map(([id, label, unit, extra]) => build(id, label, unit, "effet", extra));

function build(id: string, label: string, unit: Unit, kind: IndicatorKind, extra?: Partial<IndicatorDef>): IndicatorDef {
  const action = id.startsWith("T") ? 0 : Number(id.slice(1, id.indexOf(".")));
  return { id, label, unit, kind, action, ...extra };
}

const EVO = { evolution: true } as const;
const MANUAL = { manual: true } as const;

/** Every indicator of the SPASER, in the order of the dashboards. */
export const INDICATORS: readonly IndicatorDef[] = [
  build("T1", "% de contrats avec un critère environnemental", "percent", "cible"),
  build("T2", "% de contrats avec des considérations environnementales", "percent", "cible"),
  build("T3", "% de contrats issus de procédures formalisées comportant une clause d'insertion", "percent", "cible"),
  build("T4", "% de contrats issus de procédures formalisées comportant des considérations sociales ou éthiques", "percent", "cible"),
  build("T5", "% de contrats intégrant l'économie circulaire / contrats ciblés lors de la programmation", "percent", "cible"),
  build("T6", "% de contrats confiés à des TPE-PME / contrats ciblés lors de la programmation", "percent", "cible"),
  // Axis 1
  ...R([["A1.R1", "CAD réuni", "yesno", { yesNo: ["Réuni", "Pas réuni"] }]]),
  ...E([["A1.E1", "Taux des actions menées à terme / actions arrêtées", "percent"]]),
  ...R([["A2.R1", "Contrats anticipés / contrats récurrents", "percent"]]),
  ...E([["A2.E1", "Contrats clausés / contrats ciblés", "percent"]]),
  ...R([["A3.R1", "Tableaux de bord de suivi", "yesno", { yesNo: ["Fait", "Pas fait"] }]]),
  ...E([["A3.E1", "% d'objectifs atteints", "percent"]]),
  ...R([["A4.R1", "Actions de communication et d'animation menées / ciblées", "percent"]]),
  ...E([
    ["A4.E1", "% de contrats clausés / ciblés", "percent", { sameAs: "A2.E1" }],
    ["A4.E2", "% d'objectifs atteints", "percent", { sameAs: "A3.E1" }],
  ]),
  ...R([
    ["A5.R1", "Mission officialisée dans les fiches de poste", "yesno", { yesNo: ["Officialisée", "Non officialisée"] }],
    ["A5.R2", "Temps consacré au SPASER (jours)", "days"],
  ]),
  ...E([
    ["A5.E1", "% de contrats clausés / ciblés", "percent", { sameAs: "A2.E1" }],
    ["A5.E2", "Niveau d'atteinte des objectifs du SPASER", "percent", { sameAs: "A3.E1" }],
  ]),
  ...R([["A6.R1", "Actions réalisées / actions ciblées (réseaux)", "percent"]]),
  ...R([
    ["A7.R1", "Outils créés / outils programmés", "percent"],
    ["A7.R2", "Agents équipés ou formés / à équiper ou former", "percent"],
  ]),
  ...E([["A7.E1", "Contrats « clausés responsables » / ciblés", "percent", { sameAs: "A2.E1" }]]),
  // Axis 2
  ...R([
    ["A8.R1", "Contrats clausés insertion / ciblés", "percent"],
    ["A8.R2", "Marchés > seuil avec clause d'insertion", "percent"],
  ]),
  ...E([
    ["A8.E1", "Heures d'insertion réalisées", "hours"],
    ["A8.E2", "Part des femmes parmi les bénéficiaires", "percent"],
    ["A8.E3", "Répartition des bénéficiaires par tranche d'âge", "breakdown"],
    ["A8.E4", "Répartition des bénéficiaires par qualification", "breakdown"],
    ["A8.E5", "Répartition des contrats clausés insertion par nature", "breakdown", EVO],
    ["A8.E6", "Part des bénéficiaires reconnus travailleurs handicapés (RQTH)", "percent"],
  ]),
  ...R([["A9.R1", "Événement annuel de la clause réalisé", "yesno", { yesNo: ["Réalisé", "Pas réalisé"] }]]),
  ...E([
    ["A9.E1", "Nombre moyen d'offres (contrats clausés insertion)", "number", EVO],
    ["A9.E2", "Directions ayant recours à la clause", "count", EVO],
    ["A9.E3", "Répartition des contrats clausés insertion par nature", "breakdown", { ...EVO, sameAs: "A8.E5" }],
  ]),
  ...R([["A10.R1", "Marchés critérisés insertion / ciblés", "percent"]]),
  ...E([["A10.E1", "Bénéficiaires ayant suivi une formation qualifiante", "percent"]]),
  ...R([
    ["A11.R1", "Marchés réservés / ciblés", "percent"],
    ["A11.R2", "Marchés ≤ seuil réservés", "percent"],
  ]),
  ...E([
    ["A11.E1", "CA moyen confié aux structures ESS, SIAE, EA, ESAT", "euro"],
    ["A11.E2", "Part de ces structures parmi les titulaires", "percent"],
    ["A11.E3", "Nombre de contrats réservés", "count", EVO],
    ["A11.E4", "Marchés suivis entre 10 k€ et 40 k€ HT", "count"],
  ]),
  ...R([["A12.R1", "Contrats clausés « social hors insertion » / ciblés", "percent"]]),
  ...E([
    ["A12.E1", "Qualité moyenne des réponses au questionnaire de départage (note moyenne)", "number", { ...EVO, ...MANUAL }],
    ["A12.E2", "Ratio femmes-hommes dans l'exécution des contrats clausés égalité", "number", { ...EVO, ...MANUAL }],
  ]),
  ...R([["A13.R1", "Contrats clausés équitable / ciblés", "percent"]]),
  ...E([
    ["A13.E1", "Dépenses en faveur du commerce équitable (€ HT)", "euro"],
    ["A13.E2", "Nombre de contrats équitables", "count"],
  ]),
  // Axis 3
  ...R([
    ["A14.R1", "Marchés allotis / ciblés", "percent"],
    ["A14.R2", "Marchés allotis / an", "percent"],
  ]),
  ...E([
    ["A14.E1", "Part des TPE/PME parmi les soumissionnaires", "percent"],
    ["A14.E2", "Part des TPE/PME parmi les titulaires", "percent"],
  ]),
  ...R([["A15.R1", "Données essentielles publiées en open data", "yesno", { yesNo: ["Fait", "Pas fait"] }]]),
  ...E([
    ["A15.E1", "Nombre moyen de soumissionnaires par consultation", "number", EVO],
    ["A15.E2", "Nombre moyen de DCE retirés", "number", EVO],
  ]),
  ...R([["A16.R1", "Activités réalisées / programmées (accompagnement TPE/PME)", "percent"]]),
  ...E([
    ["A16.E1", "Procédures infructueuses", "count", EVO],
    ["A16.E2", "TPE/PME titulaires", "count", EVO],
    ["A16.E3", "Nombre moyen de soumissionnaires par consultation", "number", { ...EVO, sameAs: "A15.E1" }],
    ["A16.E4", "Nombre moyen de DCE retirés", "number", { ...EVO, sameAs: "A15.E2" }],
  ]),
  ...R([
    ["A17.R1", "Marchés proposant l'avance bonifiée / ciblés", "percent"],
    ["A17.R2", "Marchés éligibles (TPE/PME, < seuil) avec avance bonifiée", "percent"],
    ["A17.R3", "Marchés soumis à l'avance obligatoire sans avance", "count"],
  ]),
  ...E([
    ["A17.E1", "Nombre moyen de soumissionnaires par consultation", "number", { ...EVO, sameAs: "A15.E1" }],
    ["A17.E2", "Nombre moyen de DCE retirés", "number", { ...EVO, sameAs: "A15.E2" }],
    ["A17.E3", "Procédures infructueuses", "count", { ...EVO, sameAs: "A16.E1" }],
    ["A17.E4", "TPE/PME titulaires", "count", { ...EVO, sameAs: "A16.E2" }],
  ]),
  ...R([
    ["A18.R1", "Contrats ayant fait l'objet d'un questionnement", "percent"],
    ["A18.R2", "Contrats construits avec les outils méthodologiques", "percent"],
  ]),
  ...E([
    ["A18.E1", "Offres irrégulières", "count", EVO],
    ["A18.E2", "Litiges signalés", "count", EVO],
    ["A18.E3", "Note moyenne des évaluations", "number"],
    ["A18.E4", "Procédures infructueuses", "count", { ...EVO, sameAs: "A16.E1" }],
  ]),
  ...R([
    ["A19.R1", "Marchés proposant des clauses équilibrées", "percent"],
    ["A19.R2", "Marchés de plus d'un an avec révision des prix", "percent"],
  ]),
  ...E([
    ["A19.E1", "Litiges par contrat", "number", EVO],
    ["A19.E2", "Nombre moyen de soumissionnaires par consultation", "number", { ...EVO, sameAs: "A15.E1" }],
    ["A19.E3", "Note moyenne des évaluations", "number", { sameAs: "A18.E3" }],
  ]),
  ...R([["A20.R1", "Négociations / contrats le permettant", "percent"]]),
  ...E([
    ["A20.E1", "Gain moyen sur la valeur technique", "percent"],
    ["A20.E2", "Gain moyen sur les prix", "percent"],
    ["A20.E3", "Niveau moyen de satisfaction en cours d'exécution", "number", { sameAs: "A18.E3" }],
  ]),
  ...R([["A21.R1", "Marchés évalués / ciblés", "percent"]]),
  ...E([["A21.E1", "Satisfaction moyenne", "number", EVO]]),
  // Axis 4
  ...R([
    ["A22.R1", "Contrats ayant fait l'objet d'une ACV / ciblés", "percent"],
    ["A22.R2", "Marchés avec clause de sobriété / ciblés", "percent"],
  ]),
  ...E([
    ["A22.E1", "Consommations énergétiques du patrimoine immobilier (dont énergies renouvelables)", "number", MANUAL],
    ["A22.E2", "Durée de vie moyenne du parc mobilier (véhicules et informatique)", "number", { ...EVO, ...MANUAL }],
    ["A22.E3", "Volumes d'achats annuels des contrats ciblés", "number", MANUAL],
  ]),
  ...R([["A23.R1", "Recours à un AMO DD / ciblés", "percent"]]),
  ...E([
    ["A23.E1", "Consommation énergétique du patrimoine public", "number", MANUAL],
    ["A23.E2", "Taux d'énergies renouvelables dans cette consommation", "percent", MANUAL],
    ["A23.E3", "Taux moyen d'imperméabilisation des contrats", "percent", MANUAL],
    ["A23.E4", "Taux moyen de végétalisation des contrats", "percent", MANUAL],
    ["A23.E5", "Quantité et origine des matières consommées en phase de travaux", "text", MANUAL],
  ]),
  ...R([
    ["A24.R1", "Contrats ayant fait l'objet d'une ACV / ciblés", "percent"],
    ["A24.R2", "Marchés avec clause d'exécution écologique ou énergétique", "percent"],
    ["A24.R3", "Marchés avec critère écologique ou énergétique", "percent"],
  ]),
  ...E([
    ["A24.E1", "Part des dépenses en économie circulaire", "percent"],
    ["A24.E2", "% des produits éco-labellisés acquis / ciblés", "percent", MANUAL],
    ["A24.E3", "% des services certifiés acquis / certifiés", "percent", MANUAL],
    ["A24.E4", "% d'énergie renouvelable dans la consommation du patrimoine immobilier", "percent", MANUAL],
    ["A24.E5", "Volume produit d'énergie renouvelable (kWh)", "number", MANUAL],
  ]),
  ...R([
    ["A25.R1", "Contrats avec clause de suivi des impacts / ciblés", "percent"],
    ["A25.R2", "Contrats avec clause de limitation des impacts / ciblés", "percent"],
  ]),
  ...E([
    ["A25.E1", "Données d'impact obtenues / contrats clausés", "percent"],
    ["A25.E2", "Nature des impacts suivis effectivement", "text", MANUAL],
    ["A25.E3", "Nature des impacts ayant fait l'objet d'une limitation", "text", MANUAL],
    ["A25.E4", "Taux moyen de réduction des impacts / contrats concernés", "percent", MANUAL],
  ]),
  ...R([["A26.R1", "Marchés avec compensation carbone / ciblés", "percent"]]),
  ...E([["A26.E1", "Quantité de GES compensée (tCO2e)", "tco2e"]]),
];

export const INDICATOR_BY_ID: ReadonlyMap<string, IndicatorDef> = new Map(INDICATORS.map((d) => [d.id, d]));

export function indicatorsOfAction(n: number): IndicatorDef[] {
  return INDICATORS.filter((d) => d.action === n);
}

export function actionByNumber(n: number): Action | undefined {
  return ACTIONS[n - 1];
}

export function objectiveOf(action: Action): Objective {
  return OBJECTIVES[action.objective - 1];
}

export function axisOf(objective: Objective): Axis {
  return AXES[objective.axis - 1];
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
 * The provision that carries out action n on a contract (SPEC §3, realised(c, n)).
 * Actions absent from this map are not contract-level.
 */
export const CONTRACT_LEVEL_ACTIONS: readonly number[] = [8, 10, 11, 12, 13, 14, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26];
