/**
 * The plan of a SPASER as data (docs/methodologie.md, « Le plan ») : axes, objectives, actions with
 * their pilots. The seed's plan is given below in the form of a `Plan` sheet — one row per action,
 * titles written once and carried down — and read by the same function as a workbook's `Plan`
 * sheet (src/register/plan-sheet.ts): one mechanism for both.
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
  axis: number;
  title: string;
  pilot: string;
}

export interface Plan {
  axes: readonly Axis[];
  objectives: readonly Objective[];
  actions: readonly Action[];
  /** The seed's plan, or a workbook's `Plan` sheet. */
  kind: "intégré" | "classeur";
  /** The sheet it was read from. */
  sheet?: string;
  /**
   * Axes shown on the first dashboard (« Déploiement du SPASER ») beside the targets: the seed's
   * governance axis; a buyer's plan shows every axis on the second.
   */
  tdb1Axes: readonly number[];
}

/** One row of a `Plan` sheet, values read: a title or pilot left blank is carried from above. */
export interface PlanEntry {
  axis: number;
  axisTitle: string;
  objective: number;
  objectiveTitle: string;
  action: number | null;
  actionTitle: string;
  pilot: string;
}

/** A plan from its rows (already checked: numbers present, no duplicate action). */
export function planFromEntries(entries: readonly PlanEntry[], kind: Plan["kind"], sheet?: string): Plan {
  const axes = new Map<number, Axis>();
  const objectives = new Map<string, Objective>();
  const actions = new Map<number, Action>();
  for (const e of entries) {
    let axis = axes.get(e.axis);
    if (!axis) axes.set(e.axis, (axis = { n: e.axis, title: "" }));
    if (!axis.title && e.axisTitle) axis.title = e.axisTitle;
    const key = `${e.axis}/${e.objective}`;
    let obj = objectives.get(key);
    if (!obj) objectives.set(key, (obj = { n: e.objective, axis: e.axis, title: "" }));
    if (!obj.title && e.objectiveTitle) obj.title = e.objectiveTitle;
    if (e.action !== null && !actions.has(e.action)) actions.set(e.action, { n: e.action, objective: e.objective, axis: e.axis, title: e.actionTitle, pilot: e.pilot });
  }
  return {
    axes: [...axes.values()],
    objectives: [...objectives.values()],
    actions: [...actions.values()],
    kind,
    ...(sheet ? { sheet } : {}),
    // The seed's governance axis, also when a `Plan` sheet copies it (spaser referentiel writes it).
    tdb1Axes: kind === "intégré" ? [1] : [...axes.values()].filter((a) => a.n === 1 && a.title === GOVERNANCE_AXIS).map((a) => a.n),
  };
}

export function planAction(plan: Plan, n: number): Action | undefined {
  return plan.actions.find((a) => a.n === n);
}

export function objectivesOfAxis(plan: Plan, axis: number): Objective[] {
  return plan.objectives.filter((o) => o.axis === axis);
}

export function actionsOfObjective(plan: Plan, o: Objective): Action[] {
  return plan.actions.filter((a) => a.axis === o.axis && a.objective === o.n);
}

export function objectiveOfAction(plan: Plan, a: Action): Objective | undefined {
  return plan.objectives.find((o) => o.axis === a.axis && o.n === a.objective);
}

/** « Axe 2 — Affirmer l'utilité sociale … » (« Axe 2 » alone when the plan gives no title). */
export function axisHeading(a: Axis): string {
  return a.title ? `Axe ${a.n} — ${a.title}` : `Axe ${a.n}`;
}

export function objectiveHeading(o: Objective): string {
  return o.title ? `Objectif ${o.n} — ${o.title}` : `Objectif ${o.n}`;
}

/** Indicators placed under no action of the plan (shown under « Indicateurs propres à la collectivité »). */
export function unplaced<T extends { action: number; kind: string }>(defs: readonly T[], plan: Plan): T[] {
  const known = new Set(plan.actions.map((a) => a.n));
  return defs.filter((d) => !known.has(d.action) && d.kind !== "cible" && d.kind !== "valeur" && d.kind !== "alerte" && d.kind !== "repere");
}

/** « 1 à 26 », « 1 à 12, 20 » : the action numbers of a plan, for messages. */
export function actionRangeText(plan: Plan): string {
  const ns = [...plan.actions.map((a) => a.n)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < ns.length; ) {
    let j = i;
    while (j + 1 < ns.length && ns[j + 1] === ns[j] + 1) j++;
    parts.push(j === i ? String(ns[i]) : j === i + 1 ? `${ns[i]}, ${ns[j]}` : `${ns[i]} à ${ns[j]}`);
    i = j + 1;
  }
  return parts.join(", ") || "aucune";
}

const GOVERNANCE_AXIS = "Garantir l'opérationnalité et l'efficacité du SPASER";
const SCP = "Service de la Commande Publique";
const PLIE = "Plan Local pluriannuel pour l'Insertion et l'Emploi (PLIE)";
const DDE = "Direction du développement durable et de l'énergie (3DE)";

/**
 * The seed's plan, as a `Plan` sheet writes it: Axe, Titre de l'axe, Objectif, Titre de
 * l'objectif, Action, Titre de l'action, Pilote. Titles are taken from the adopted SPASER text.
 */
type Row = [axis: number, axisTitle: string, objective: number, objectiveTitle: string, action: number, actionTitle: string, pilot: string];
const SEED: readonly Row[] = [
  [1, GOVERNANCE_AXIS, 1, "Déployer une gouvernance efficiente", 1, "Instaurer un comité annuel des achats durables (CAD)", SCP],
  [1, "", 1, "", 2, "Définir et mettre en œuvre une méthodologie interne afin d'identifier le « potentiel durable/responsable » des achats", SCP],
  [1, "", 1, "", 3, "Suivre et mesurer les actions du SPASER", SCP],
  [1, "", 2, "Accompagner les décideurs et les services", 4, "S'approprier collectivement les objectifs de la politique d'achats responsables en formant et en communiquant", SCP],
  [1, "", 2, "", 5, "Consacrer des temps d'expertise dédiés au SPASER", `${SCP} (sollicite les acteurs en fonction des besoins)`],
  [1, "", 2, "", 6, "S'appuyer et développer les réseaux internes et externes", SCP],
  [1, "", 2, "", 7, "Construire et mettre à disposition des outils d'aide à la décision et des outils méthodologiques", SCP],
  [2, "Affirmer l'utilité sociale de nos achats en poursuivant l'intégration de considérations sociales et éthiques dans nos contrats", 3, "Favoriser le retour à l'emploi durable", 8, "Étendre la clause d'insertion à d'autres achats et diversifier les publics", PLIE],
  [2, "", 3, "", 9, "Promouvoir la clause d'insertion notamment à travers un événement annuel réunissant les différents partenaires et acteurs du dispositif", PLIE],
  [2, "", 3, "", 10, "Expérimenter puis développer le critère d'insertion en ciblant des publics prioritaires", `${PLIE} propose les critères, réalise l'analyse, suit l'exécution de cette dimension de l'achat`],
  [2, "", 4, "Promouvoir la solidarité", 11, "Réserver les marchés inférieurs à 90 000 € HT lorsqu'une offre correspondant au besoin est proposée par l'ESS ou le SIAE ou le secteur protégé", SCP],
  [2, "", 4, "", 12, "Diversifier les clauses sociales", SCP],
  [2, "", 4, "", 13, "Cibler des achats équitables sur des segments d'achat pertinents comme la restauration scolaire", SCP],
  [3, "Contribuer au dynamisme économique du territoire par une commande publique simplifiée, juste et attractive", 5, "Rendre visible et compréhensible la commande publique pour être accessible au plus grand nombre", 14, "Optimiser l'allotissement et le micro-allotissement pour faciliter l'accès aux TPE et PME et favoriser la concurrence", SCP],
  [3, "", 5, "", 15, "Faire connaître les achats de la Ville et de la Métropole", SCP],
  [3, "", 5, "", 16, "Accompagner ceux qui n'osent pas la commande publique", SCP],
  [3, "", 5, "", 17, "Alléger les frais de trésorerie des entreprises et permettre à celles disposant de réserves financières faibles de répondre aux consultations", SCP],
  [3, "", 6, "Promouvoir des relations contractuelles équilibrées et des engagements réciproques", 18, "Définir le juste besoin", "Les directions opérationnelles pour les achats qui les concernent"],
  [3, "", 6, "", 19, "Renforcer mutuellement la sécurité juridique de nos contrats", SCP],
  [3, "", 6, "", 20, "Pratiquer la négociation chaque fois qu'elle est possible et pertinente", SCP],
  [3, "", 6, "", 21, "Mesurer les attentes et les besoins des uns et des autres", SCP],
  [4, "Atténuer et adapter nos achats face aux enjeux énergétiques et écologiques en consommant moins et mieux", 7, "Consommer moins", 22, "Requestionner l'achat et ses usages dans une perspective de sobriété", SCP],
  [4, "", 7, "", 23, "Pour la construction ou la rénovation d'ouvrages : s'adjoindre un AMO intégrant les dimensions de sobriété, durabilité", "Directions opérationnelles pour leurs opérations"],
  [4, "", 8, "Consommer mieux", 24, "Favoriser les achats écologiquement responsables, en s'appuyant sur l'Analyse du Cycle de Vie", SCP],
  [4, "", 8, "", 25, "Expérimenter des dispositions d'exécution permettant de suivre régulièrement et limiter certains impacts écologiques", DDE],
  [4, "", 8, "", 26, "Expérimenter l'intégration d'une clause de compensation carbone dans les opérations d'envergure de construction ou rénovation", "Direction du développement durable et de l'énergie"],
];

/** The seed's plan rows, as a `Plan` sheet holds them (written by `spaser referentiel`). */
export const DEFAULT_PLAN_ROWS: readonly PlanEntry[] = SEED.map(([axis, axisTitle, objective, objectiveTitle, action, actionTitle, pilot]) => ({ axis, axisTitle, objective, objectiveTitle, action, actionTitle, pilot }));

export const DEFAULT_PLAN: Plan = planFromEntries(DEFAULT_PLAN_ROWS, "intégré");

/** A plan whose actions are the seed's, number for number and word for word (a `Plan` sheet written by spaser referentiel). */
export function isSeedPlan(plan: Plan): boolean {
  return plan.actions.length === DEFAULT_PLAN.actions.length && plan.actions.every((a) => DEFAULT_PLAN.actions.find((d) => d.n === a.n)?.title === a.title);
}
