/**
 * The built-in indicators in the form of a `Référentiel` sheet (docs/methodologie.md): each is a rate, a count,
 * a sum or a mean over a population of the year's contracts, written in the expression language;
 * those the language cannot express are `intégré` (they can be relabelled and retargeted, not
 * redefined). Thresholds are named, not written: `[Seuil clause d'insertion]` reads `Paramètres`.
 * Only T4 depends on a parameter's value (« T4 inclut l'insertion »).
 * docs/methodologie.md is generated from this table (npm run methodologie).
 */
import type { Parameters } from "./parameters";
import type { BuiltinId } from "./referential";

export type DefinitionType = "taux" | "compte" | "somme" | "moyenne" | "part en valeur" | "intégré";

export interface Definition {
  id: string;
  type: DefinitionType;
  /** Expression selecting the contracts of C; empty = all the contracts notified in the year. */
  population: string;
  /** taux: the numerator's predicate; compte: what is counted; somme/moyenne: an optional filter. */
  condition: string;
  /** somme/moyenne: the column summed or averaged (a register header). */
  valeur: string;
  /** intégré: what is computed, in French, for the methodology. */
  description?: string;
  /** The years counted: the year (default), every year of the current stage up to it, or the N years up to it. */
  periode?: Periode;
}

/** The period of an indicator (docs/methodologie.md): `année` (default), `étape`, `N ans`. */
export type Periode = { kind: "etape" } | { kind: "ans"; n: number };

/** « étape », « 3 ans » as the Référentiel writes them. */
export function periodeText(p: Periode | undefined): string {
  return !p ? "année" : p.kind === "etape" ? "étape" : `${p.n} ans`;
}

type Row = [id: BuiltinId, type: DefinitionType, population: string, condition: string, valeur?: string, description?: string];

/** Every built-in indicator computed over the register's contracts, as data. */
export function builtinDefinitions(p: Parameters): Definition[] {
  const rows: Row[] = [
    ["T1", "taux", "", "[Critère environnemental]"],
    ["T2", "taux", "", "considération environnementale"],
    ["T3", "taux", "formalisée", "[Clause d'insertion]"],
    ["T4", "taux", "formalisée", p.t4InclutInsertion ? "considération sociale" : "considération sociale hors insertion"],
    ["T5", "taux", "ciblé(24)", "[Économie circulaire]"],
    ["T6", "taux", "ciblé(14) OU ciblé(16) OU ciblé(17)", "[Titulaire TPE/PME]"],
    ["T1.V", "intégré", "", "", "", "T1 pondéré par les montants : somme des « Montant HT » du numérateur de T1 / somme des « Montant HT » de son dénominateur (contrats au montant inconnu écartés)"],
    ["T2.V", "intégré", "", "", "", "T2 pondéré par les montants (même règle que T1.V)"],
    ["T3.V", "intégré", "", "", "", "T3 pondéré par les montants (même règle que T1.V)"],
    ["T4.V", "intégré", "", "", "", "T4 pondéré par les montants (même règle que T1.V)"],
    ["T5.V", "intégré", "", "", "", "T5 pondéré par les montants (même règle que T1.V)"],
    ["T6.V", "intégré", "", "", "", "T6 pondéré par les montants (même règle que T1.V)"],
    [
      "C7.1",
      "intégré",
      "",
      "",
      "",
      "consultations (lots réunis par leur « N° consultation ») lancées à compter de la « Date d'application loi Climat », notifiées dans l'année ou en cours (pas encore notifiées, comptées l'année de leur lancement), dont un lot au moins n'a pas de « Critère environnemental » ; écartées avec leur motif : marché de défense ou de sécurité, « Motif d'exception loi Climat » renseigné, procédure sans mise en concurrence (pas de critère d'attribution), « Critère unique du coût » = oui (art. R2152-7 1°)",
    ],
    [
      "C7.2",
      "intégré",
      "",
      "",
      "",
      "mêmes consultations que C7.1, sans aucune clause environnementale d'exécution (« Clause environnementale », « Clause de sobriété », « Clause de suivi des impacts », « Clause de limitation des impacts », « Compensation carbone » ou « Économie circulaire », parmi les colonnes présentes ; le critère d'attribution ne compte pas) ; écartées : défense ou sécurité, exception déclarée",
    ],
    [
      "C7.3",
      "intégré",
      "",
      "",
      "",
      "mêmes consultations que C7.1, dont la valeur estimée du besoin (« Valeur estimée du besoin », sinon somme des « Montant HT » de ses lots) atteint le seuil européen de son type (concession : « Seuil européen concessions » ; Travaux : « Seuil européen travaux » ; autres : « Seuil européen fournitures et services »), sans clause d'insertion, ni clause sociale, ni considération sociale DECP (parmi ces colonnes, celles que le registre contient) ; écartées : défense ou sécurité, exception déclarée",
    ],
    [
      "C7.4",
      "intégré",
      "",
      "",
      "",
      "groupes (« Entité », « Famille d'achat » — sinon les 5 premiers chiffres du « Code CPV » —, année de notification) de contrats passés sans procédure formalisée (procédure adaptée ou sans mise en concurrence), chacun sous le « Seuil européen fournitures et services », dont la somme des « Montant HT » atteint ce seuil ; travaux et concessions exclus",
    ],
    ["A1.E1", "intégré", "", "", "", "couples (contrat notifié dans l'année, action ciblée mesurable au niveau du contrat) : part des couples où la disposition de l'action figure au contrat (8 clause d'insertion, 10 critère d'insertion, 11 marché réservé, 12 clause sociale, 13 commerce équitable, 14 alloti, 17 avance bonifiée, 18 questionnement du besoin, 19 clauses équilibrées, 20 négociation, 21 évaluation, 22 clause de sobriété ou ACV, 23 AMO DD, 24 critère ou clause environnementale, 25 clause de suivi ou de limitation des impacts, 26 compensation carbone)"],
    ["A2.R1", "intégré", "", "", "", "parmi les contrats récurrents : part des contrats anticipés (« Anticipé » = oui, ou « Date de cotation » au plus tard « Anticipation cotation » mois avant la notification)"],
    ["A2.E1", "taux", "[Actions ciblées]", "considération environnementale OU considération sociale"],
    ["A8.R1", "taux", "ciblé(8)", "[Clause d'insertion]"],
    ["A8.R2", "taux", "[Montant HT] > [Seuil clause d'insertion]", "[Clause d'insertion]"],
    ["A8.E5", "intégré", "", "", "", "répartition par nature des contrats avec clause d'insertion"],
    ["A9.E1", "moyenne", "", "[Clause d'insertion]", "Nombre d'offres"],
    ["A9.E2", "intégré", "", "", "", "nombre de directions distinctes parmi les contrats avec clause d'insertion"],
    ["A10.R1", "taux", "ciblé(10)", "[Critère d'insertion]"],
    ["A11.R1", "taux", "ciblé(11)", "[Marché réservé]"],
    ["A11.R2", "taux", "[Montant HT] <= [Seuil marchés réservés]", "[Marché réservé]"],
    ["A11.E1", "moyenne", "", "[Titulaire ESS/SIAE/EA/ESAT]", "Montant HT"],
    ["A11.E2", "taux", "", "[Titulaire ESS/SIAE/EA/ESAT]"],
    ["A11.E3", "compte", "", "[Marché réservé]"],
    ["A11.E4", "compte", "", "[Montant HT] >= [Suivi marchés de] ET [Montant HT] <= [Suivi marchés à]"],
    ["A12.R1", "taux", "ciblé(12)", "[Clause sociale (hors insertion)]"],
    ["A13.R1", "taux", "ciblé(13)", "[Commerce équitable]"],
    ["A13.E1", "somme", "", "[Commerce équitable]", "Montant HT"],
    ["A13.E2", "compte", "", "[Commerce équitable]"],
    ["A14.R1", "taux", "ciblé(14)", "[Alloti]"],
    ["A14.R2", "taux", "", "[Alloti]"],
    ["A14.E1", "intégré", "", "", "", "somme des « Offres de TPE/PME » / somme des « Nombre d'offres », sur les contrats où les deux sont connus"],
    ["A14.E2", "taux", "", "[Titulaire TPE/PME]"],
    ["A15.E1", "moyenne", "", "", "Nombre d'offres"],
    ["A15.E2", "moyenne", "", "", "DCE retirés"],
    ["A16.E1", "intégré", "", "", "", "lignes du registre « Infructueux » = oui dont la date de procédure tombe dans l'année (Date de lancement, sinon Date de notification, sinon Date prévisionnelle d'attribution) : une procédure infructueuse n'a souvent pas de notification"],
    ["A16.E2", "compte", "", "[Titulaire TPE/PME]"],
    [
      "A17.R1",
      "intégré",
      "",
      "",
      "",
      "disposition du SPASER (avance bonifiée sans garantie à première demande pour les marchés sous le « Seuil avance bonifiée ») : parmi les contrats ciblés pour l'action 17 dont le « Montant HT » est sous le « Seuil avance bonifiée », part des contrats avec avance bonifiée (aucune avance si « Avance » = non ; sinon « Taux d'avance » au moins égal au « Taux avance bonifiée » ; inconnu si le taux l'est). Un contrat ciblé au montant égal ou supérieur au seuil est hors du dispositif : compté ni au numérateur ni au dénominateur ; s'il a une avance bonifiée, une information « avance bonifiée hors dispositif du SPASER » le signale",
    ],
    ["A17.R2", "intégré", "", "", "", "parmi les contrats confiés à une TPE/PME dont le montant est sous le « Seuil avance bonifiée » : part des contrats avec avance bonifiée (même règle que A17.R1)"],
    ["A17.R3", "intégré", "", "", "", "alerte à vérifier : contrats de plus de « Durée avance obligatoire » mois et de plus de « Seuil avance obligatoire » sans avance, sauf « Renonciation à l'avance » = oui (le titulaire peut renoncer à l'avance ; pour un accord-cadre, l'obligation s'apprécie par bon de commande, art. R2191-3)"],
    ["A18.R1", "taux", "", "[Questionnement du besoin]"],
    ["A18.R2", "taux", "", "[Outils méthodologiques]"],
    ["A18.E1", "somme", "", "", "Offres irrégulières"],
    ["A18.E2", "somme", "", "", "Litiges"],
    ["A18.E3", "moyenne", "", "", "Note de satisfaction"],
    ["A19.R1", "taux", "", "[Clauses équilibrées]"],
    ["A19.R2", "taux", "[Durée (mois)] > [Durée révision des prix]", "[Révision des prix]"],
    ["A19.E1", "moyenne", "", "", "Litiges"],
    ["A20.R1", "intégré", "", "", "", "parmi les contrats passés en MAPA, procédure avec négociation ou dialogue compétitif : part des contrats négociés"],
    ["A20.E1", "moyenne", "", "[Négociation]", "Gain valeur technique (%)"],
    ["A20.E2", "moyenne", "", "[Négociation]", "Gain prix (%)"],
    ["A21.R1", "taux", "ciblé(21)", "[Évaluation de l'exécution]"],
    ["A22.R1", "taux", "ciblé(22)", "[ACV réalisée]"],
    ["A22.R2", "taux", "ciblé(22)", "[Clause de sobriété]"],
    ["A23.R1", "taux", "ciblé(23)", "[AMO développement durable]"],
    ["A24.R1", "taux", "ciblé(24)", "[ACV réalisée]"],
    ["A24.R2", "taux", "", "[Clause environnementale]"],
    ["A24.E1", "intégré", "", "", "", "somme des « Montant HT » des contrats en économie circulaire / somme des « Montant HT » des contrats notifiés dans l'année (montant et économie circulaire connus)"],
    ["A25.R1", "taux", "ciblé(25)", "[Clause de suivi des impacts]"],
    ["A25.R2", "taux", "ciblé(25)", "[Clause de limitation des impacts]"],
    ["A25.E1", "taux", "[Clause de suivi des impacts]", "[Données d'impact obtenues]"],
    ["A26.R1", "taux", "ciblé(26)", "[Compensation carbone]"],
    ["A26.E1", "somme", "", "", "tCO2e compensées"],
    // The population of the OECP census (contracts of 90 000 € HT and more): compared with its national figures.
    ["N.ENV", "taux", "[Montant HT] >= 90 000", "considération environnementale"],
    ["N.SOC", "taux", "[Montant HT] >= 90 000", "considération sociale"],
  ];
  return rows.map(([id, type, population, condition, valeur, description]) => ({ id, type, population, condition, valeur: valeur ?? "", ...(description ? { description } : {}) }));
}


/** Whether a definition is the built-in one of its id (a `Référentiel` sheet may repeat it unchanged). */
export function isBuiltinDefinition(d: Pick<Definition, "id" | "type" | "population" | "condition" | "valeur">, p: Parameters): boolean {
  const b = builtinDefinitions(p).find((x) => x.id === d.id);
  const norm = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, " ").trim().toLowerCase();
  return !!b && b.type === d.type && norm(b.population) === norm(d.population) && norm(b.condition) === norm(d.condition) && norm(b.valeur) === norm(d.valeur);
}

/**
 * What the indicators that are not computed over the register's contracts read, for the
 * methodology: activities, PLIE follow-up, manual inputs, the targets reached.
 */
export const OTHER_SOURCES: Readonly<Partial<Record<BuiltinId, string>>> = {
  "A1.R1": "feuille « Activités » : Réuni si une activité de l'action 1 est « Réalisée » dans l'année",
  "A3.R1": "Fait dès que les deux tableaux de bord sont produits",
  "A3.E1": "parmi les cibles T1 à T6 qui ont une valeur : part de celles qui atteignent la cible de l'étape en cours",
  "A4.R1": "feuille « Activités », action 4 : activités réalisées / activités réalisées ou programmées (les annulées sont écartées)",
  "A5.R1": "feuille « Activités », action 5 : une activité de type « Officialisation » réalisée au plus tard dans l'année",
  "A5.R2": "feuille « Activités », action 5 : somme des « Temps (jours) » des activités réalisées dans l'année",
  "A6.R1": "feuille « Activités », action 6 : activités réalisées / programmées",
  "A7.R1": "feuille « Activités », action 7, type « Outil » : réalisées / programmées",
  "A7.R2": "feuille « Activités », action 7 : somme des « Agents formés » / somme des « Agents à former » (activités non annulées)",
  "A8.E1": "feuille « Insertion » : somme des « Heures réalisées » de l'année ; sans cette feuille, somme des « Heures d'insertion réalisées » des contrats notifiés dans l'année (heures sur la durée de ces marchés, pas les heures de l'année)",
  "A8.E2": "feuille « Insertion » : part des femmes parmi les bénéficiaires de l'année dont le genre est connu",
  "A8.E3": "feuille « Insertion » : bénéficiaires de l'année par tranche d'âge",
  "A8.E4": "feuille « Insertion » : bénéficiaires de l'année par niveau de qualification",
  "A8.E6": "feuille « Insertion » : part des bénéficiaires RQTH",
  "A9.R1": "feuille « Activités » : Réalisé si une activité de l'action 9 est réalisée dans l'année",
  "A10.E1": "feuille « Insertion » : part des bénéficiaires de l'année ayant suivi une formation qualifiante ou certifiante",
  "A15.R1": "feuille « Activités » : Fait si une activité de l'action 15 est réalisée dans l'année",
  "A16.R1": "feuille « Activités », action 16 : activités réalisées / programmées",
};
