/**
 * The indicator engine (SPEC §3 and §4) on a small hand-built workbook. Every expected value is
 * computed by hand below from the columns of the register, with the arithmetic in comments.
 *
 * Register: 17 contracts. Index → id: 1 → M01 … 17 → M17.
 *   M01–M12 notified in 2025 (C for Y = 2025, 12 contracts), M13–M16 in 2024, M17 not notified.
 */
import { computeIndicators } from "../../src/indicators/engine";
import { jsonOutput } from "../../src/indicators/json";
import type { IndicatorResult, Results } from "../../src/indicators/types";
import { readWorkbook } from "../../src/register/read";
import type { Cell, Grid, Register } from "../../src/register/types";
import { INDICATORS } from "../../src/spaser/referential";
import { rowsFromColumns, sheet } from "../helpers/workbook";

const _ = null;

// ------------------------------------------------------------------------------------------------
// The register, column by column (17 values each: M01 … M17)
// ------------------------------------------------------------------------------------------------
const REGISTER: Record<string, Cell[]> = {
  "N° marché": ["M01", "M02", "M03", "M04", "M05", "M06", "M07", "M08", "M09", "M10", "M11", "M12", "M13", "M14", "M15", "M16", "M17"],
  Objet: ["Voirie rue A", "Réhabilitation gymnase", "Maîtrise d'œuvre du groupe scolaire", "Denrées bio", "Fournitures de bureau", "Entretien espaces verts", "Nettoyage", "Logiciels", "Traiteur", "Travaux école", "Études", "Propreté urbaine", "Voirie 2024", "Services 2024", "Fournitures 2024", "Piscine", "Projet futur"],
  Direction: ["Voirie", "Bâtiments", "Voirie", "Restauration", "Bâtiments", "Espaces verts", "voirie", "Informatique", "Restauration", "Bâtiments", _, "Propreté", "Voirie", "Bâtiments", "Voirie", "Sport", "Voirie"],
  Nature: [_, "Travaux", _, "Fournitures", _, "Services", _, _, "Services", "Travaux", _, "Services", "Travaux", "Services", "Fournitures", "Travaux", "Travaux"],
  "Code CPV": ["45233140", "45000000", "71320000", _, "15800000", "77310000", _, "48000000", _, _, "79000000", _, _, _, _, _, _],
  Procédure: ["AOO", "Appel d'offres ouvert", "Procédure avec négociation", "MAPA", "Procédure adaptée", "Appel d'offres restreint", "Concours", "Dialogue compétitif", "MAPA", "AOO", "Marché passé sans publicité ni mise en concurrence préalable", "MAPA", "AOO", "MAPA", "AOO", "MAPA", "AOO"],
  "Montant HT": [250000, "1 200 000", 85000, 30000, 12000, 95000, 40000, "500 k€", 10000, 60000, 8000, _, 100000, 20000, 300000, 45000, 99999],
  "Durée (mois)": [24, 36, 18, 12, 1, 48, 6, _, 2, 3, 12, 24, 12, 6, 24, 3, 12],
  "Date de notification": ["15/03/2025", "10/05/2025", "2025-06-30", new Date(Date.UTC(2025, 8, 1)), 45658 /* 01/01/2025 */, "15/06/2025", "20/07/2025", "05/02/2025", "12/04/2025", "2025-11-03T10:00:00", "15.10.2025", "01-12-2025", "15/03/2024", "20/06/2024", "10/09/2024", "05/12/2024", _],
  Récurrent: ["oui", "oui", "non", "oui", _, "oui", "non", _, "oui", "non", _, "oui", "oui", "oui", "non", _, "oui"],
  Anticipé: [_, _, _, "oui", _, _, _, _, "non", _, _, "peut-être", _, "oui", _, _, _],
  "Date de cotation": ["01/02/2024", "01/09/2024", _, _, _, "15/06/2024", _, _, _, _, _, _, _, _, _, _, _],
  "Actions ciblées": ["8; 14; 24", "8, 17, 24", "1; 8; 10; 21", "11; 13; 16", "A11 A12", "n°22 et n°25", "14; 17; 26", "23; 24; 14", 13, "8; 17; 30", _, "12; 18; 19; 20", "8; 24", "14; 16", "24", _, "8"],
  "Clause d'insertion": ["oui", "oui", "non", _, "oui", "oui", "oui", _, _, "oui", _, "maybe", "oui", "non", "oui", _, "oui"],
  "Heures d'insertion réalisées": [1200, 800, _, _, "150,5", _, _, _, _, _, _, _, 500, _, _, _, 99],
  "Critère d'insertion": [_, _, "oui", _, _, _, _, _, _, _, _, _, _, _, _, _, _],
  "Marché réservé": [_, _, _, "ESAT", _, _, _, _, _, _, _, _, "oui", "EA", _, _, _],
  "Clause sociale": [_, _, _, _, "oui", _, _, _, _, _, _, "non", _, _, _, _, _],
  "Critère social": [_, _, _, _, _, _, _, _, _, _, "oui", _, _, _, _, _, _],
  "Commerce équitable": [_, _, _, "oui", _, _, _, _, "non", _, "oui", _, _, _, _, _, _],
  "Nombre de lots": [3, 1, _, _, _, _, _, 2, _, _, _, _, _, _, _, _, _],
  Alloti: [_, _, "oui", _, _, _, _, "non", _, _, _, _, _, _, _, _, _],
  Avance: ["oui", "oui", _, "oui", "oui", _, "oui", _, "oui", _, _, _, _, _, _, _, _],
  "Taux d'avance": ["30 %", 0.2, _, "0,3", 0.05, _, 35, _, "30%", _, _, _, _, _, _, _, _],
  "Questionnement du besoin": ["oui", _, "oui", _, "??", _, _, _, _, _, _, "oui", _, _, _, _, _],
  "Outils méthodologiques": [_, "oui", "oui", "oui", _, _, _, "oui", _, _, _, _, _, _, _, _, _],
  "Clauses équilibrées": ["oui", "oui", _, _, _, _, _, _, _, _, _, "oui", _, _, _, _, _],
  "Révision des prix": ["oui", "oui", "non", _, _, _, _, _, _, _, _, "oui", _, _, _, _, _],
  Négociation: [_, _, "oui", "oui", _, _, _, _, _, _, _, "oui", _, _, _, _, _],
  "Gain prix (%)": [_, _, "4", "2 %", _, _, _, _, _, _, _, 0.06, _, _, _, _, _],
  "Gain valeur technique (%)": [_, _, "10 %", 0.05, _, _, _, _, _, _, _, _, _, _, _, _, _],
  "Évaluation de l'exécution": ["oui", _, "oui", _, _, "oui", _, _, _, _, _, _, "oui", _, _, _, _],
  "Note de satisfaction": [4, _, 5, _, _, 3, _, _, _, _, _, 2, 5, _, _, _, _],
  "ACV réalisée": [_, "oui", _, _, _, "oui", _, _, _, _, _, _, _, _, _, _, _],
  "Clause de sobriété": [_, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _],
  "AMO DD": [_, _, _, _, _, _, _, "oui", _, _, _, _, _, _, _, _, _],
  "Critère environnemental": ["oui", _, "oui", _, _, "oui", _, "oui", _, _, _, _, _, _, _, _, _],
  "Clause environnementale": ["oui", "oui", _, _, _, _, _, _, _, "oui", _, _, _, _, _, _, _],
  "Clause de suivi des impacts": ["oui", "oui", _, _, _, "oui", _, _, _, _, _, _, _, _, _, _, _],
  "Clause de limitation des impacts": [_, "oui", _, _, _, _, _, _, _, _, _, _, _, _, _, _, _],
  "Données d'impact obtenues": ["oui", "non", _, _, _, "oui", _, _, _, _, _, _, _, _, _, _, _],
  "Compensation carbone": [_, _, _, _, _, _, "oui", _, _, _, _, _, _, _, _, _, _],
  "tCO2e compensées": [_, _, _, _, _, _, "12,5", _, _, _, _, _, _, _, _, _, _],
  "Économie circulaire": ["oui", "non", _, _, _, _, _, "oui", _, _, "oui", _, _, _, _, _, _],
  "Titulaire TPE/PME": ["non", "oui", "oui", "oui", "oui", _, "oui", "non", "oui", "non", _, "oui", "oui", "non", "oui", "oui", "oui"],
  "Titulaire ESS": ["non", "non", "non", "oui", _, "non", _, "non", "oui", "non", _, "oui", "oui", _, _, _, _],
  "Nombre d'offres": [4, 3, 2, 1, 5, _, 6, 2, 1, 3, 1, 4, 5, 2, 3, 1, 2],
  "Offres de TPE/PME": [2, 1, _, _, 3, _, 6, 1, _, _, _, 2, _, _, _, _, _],
  "DCE retirés": [10, 8, 5, _, 12, _, _, _, _, _, _, _, _, _, _, _, _],
  Infructueux: [_, _, _, _, _, _, "oui", _, _, _, "oui", _, _, _, _, "oui", "oui"],
  "Offres irrégulières": [1, 0, _, _, _, 2, _, _, _, _, _, _, 1, _, _, _, _],
  Litiges: [1, 0, 2, _, _, _, _, _, _, 0, _, _, _, _, 1, _, _],
};

/*
 * Reading of the register, per 2025 contract (what the hand computations below rely on):
 *   nature: M01 Travaux (CPV 45…), M02 Travaux, M03 Maîtrise d'œuvre (CPV 71… + objet), M04 Fournitures,
 *           M05 Fournitures (CPV 15…), M06 Services, M07 unknown (no nature, no CPV), M08 Fournitures (CPV 48…),
 *           M09 Services, M10 Travaux, M11 Services (CPV 79…), M12 Services.
 *   formalisée: M01 M02 M03(PN) M06(AOR) M08(DC) M10 → 6; not: M04 M05 M09 M11(sans publicité) M12; M07 unknown (Concours).
 *   procedures allowing negotiation: M03 M04 M05 M08 M09 M12 → 6.
 *   actions: M05 [11, 12], M06 [22, 25], M09 [13]; M10 "8; 17; 30" is a bad cell (unknown); M11 none.
 *   cib(8) = {M01 M02 M03}, cib(10) = {M03}, cib(11) = {M04 M05}, cib(12) = {M05 M12}, cib(13) = {M04 M09},
 *   cib(14) = {M01 M07 M08}, cib(16) = {M04}, cib(17) = {M02 M07}, cib(21) = {M03}, cib(22) = {M06},
 *   cib(23) = {M08}, cib(24) = {M01 M02 M08}, cib(25) = {M06}, cib(26) = {M07}.
 *   clause d'insertion: yes M01 M02 M05 M06 M07 M10; unknown M12 ("maybe"); no the others.
 *   alloti: M01 yes (3 lots), M02 no (1 lot), M03 yes (written), M08 no (written "non"), others unknown.
 *   taux d'avance: M01 0.30, M02 0.20, M04 0.30, M05 0.05, M07 0.35 (35 read as %), M09 0.30.
 *   montants: M01 250 000, M02 1 200 000, M03 85 000, M04 30 000, M05 12 000, M06 95 000, M07 40 000,
 *             M08 500 000 ("500 k€"), M09 10 000, M10 60 000, M11 8 000, M12 unknown.
 */

const ACTIVITIES: Cell[][] = [
  ["Action", "Type", "Intitulé", "Statut", "Date", "Agents formés", "Agents à former", "Temps (jours)"],
  [1, "Réunion", "CAD 2025", "Réalisée", "12/02/2025"],
  [4, "Communication", "Lettre interne", "Réalisée", "10/03/2025"],
  [4, "Formation", "Atelier clauses", "Programmée", "15/10/2025"],
  [4, "Formation", "Webinaire", "Annulée", "01/04/2025"],
  [4, "Communication", "Forum", "faite", "05/05/2025"],
  [4, "Communication", "Lettre 2024", "Réalisée", "05/05/2024"],
  [5, "Officialisation", "Fiche de poste acheteur", "Réalisée", "15/06/2024", _, _, 3],
  [5, "Expertise", "Appui CCTP", "Réalisée", "10/09/2025", _, _, "2,5"],
  [5, "Expertise", "Relecture", "Réalisée", "11/10/2025", _, _, 1.5],
  [5, "Expertise", "Revue prévue", "Programmée", "12/11/2025", _, _, 4],
  [6, "Réseau", "Club achats", "Réalisée", "01/03/2025"],
  [6, "Réseau", "Rencontre", "prévue", "01/06/2025"],
  [6, "Réseau", "Salon", "planifiée", "01/09/2025"],
  [7, "Outil", "Guide", "Réalisée", "01/02/2025", 20, 50],
  [7, "Outil", "Clausier", "Programmée", "01/11/2025"],
  [7, "Formation", "Formation achats", "Réalisée", "01/03/2025", 15, 30],
  [7, "Formation", "Session annulée", "Annulée", "01/04/2025", 5, 100],
  [7, "outil", "Matrice", "terminée", "01/04/2024", 10, 10],
  [9, "Événement", "Forum de la clause", "Programmée", "01/12/2025"],
  [15, "Publication", "Open data", "Réalisée", "20/12/2024"],
  [16, "Accompagnement", "Réunion TPE", "Réalisée", "01/03/2025"],
  [16, "Accompagnement", "Atelier", "Programmée", "01/10/2025"],
  [16, "Accompagnement", "Salon", "Annulée", "01/05/2025"],
];

const INSERTION: Cell[][] = [
  ["N° marché", "Année", "Heures réalisées", "Genre", "Tranche d'âge", "Niveau de qualification", "RQTH", "Formation qualifiante"],
  ["M01", 2025, 400, "F", "moins de 26 ans", "CAP", "non", "oui"],
  ["M01", 2025, 350, "H", "26-49 ans", "Bac", "non", _],
  ["M02", 2025, 300, "Femme", "26-49 ans", _, "oui", "oui"],
  ["M02", 2025, _, "Homme", "50 ans et plus", "CAP", "non", "non"],
  ["M05", 2025, 150, _, "moins de 26 ans", "Sans qualification", _, "oui"],
  ["M13", 2024, 500, "F", "26-49 ans", "CAP", "non", "oui"],
];

const SAISIES: Cell[][] = [
  ["Indicateur", "Année", "Valeur", "Commentaire"],
  ["A22.E1", 2025, "1 250 000", "relevé des compteurs"],
  ["A22.E1", 2024, 1300000, _],
  ["A23.E2", 2025, "35 %", _],
  ["A25.E2", 2025, "Émissions de CO2 du chantier", _],
  ["A22.E2", 2024, 6, _],
  ["A22.E2", 2025, 7, _],
];

const parametres = (etape: Cell): Cell[][] => [
  ["Paramètre", "Valeur"],
  ["Collectivité", "Ville de Montreuil-sur-Mer"],
  ["Étape en cours", etape],
  ["Cible T1 étape 1", "40 %"],
];

function workbook(opts: { etape?: Cell; without?: string[] } = {}): Grid[] {
  const grids: Grid[] = [
    sheet("Registre", [["Registre des marchés"], ["Direction de la commande publique"], ...rowsFromColumns(REGISTER)]),
    sheet("Activités", ACTIVITIES),
    sheet("Insertion", INSERTION),
    sheet("Saisies", SAISIES),
    sheet("Paramètres", parametres(opts.etape ?? 1)),
  ];
  return grids.filter((g) => !(opts.without ?? []).includes(g.sheet));
}

const REG: Register = readWorkbook(workbook());
const RES: Results = computeIndicators(REG, { year: 2025 });
const ind = (id: string, res: Results = RES): IndicatorResult => {
  const r = res.indicators[id];
  if (!r) throw new Error(`indicator ${id} missing`);
  return r;
};

/** Every id of SPEC §3 and §4. */
const SPEC_IDS = [
  "T1", "T2", "T3", "T4", "T5", "T6",
  "A1.R1", "A1.E1", "A2.R1", "A2.E1", "A3.R1", "A3.E1", "A4.R1", "A5.R1", "A5.R2", "A6.R1", "A7.R1", "A7.R2",
  "A8.R1", "A8.R2", "A8.E1", "A8.E2", "A8.E3", "A8.E4", "A8.E5", "A9.R1", "A9.E1", "A9.E2", "A10.R1", "A10.E1",
  "A11.R1", "A11.R2", "A11.E1", "A11.E2", "A11.E3", "A11.E4", "A12.R1", "A13.R1", "A13.E1", "A13.E2",
  "A14.R1", "A14.R2", "A14.E1", "A14.E2", "A15.R1", "A15.E1", "A15.E2", "A16.R1", "A16.E1", "A16.E2",
  "A17.R1", "A17.R2", "A17.R3", "A18.R1", "A18.R2", "A18.E1", "A18.E2", "A18.E3", "A19.R1", "A19.R2", "A19.E1",
  "A20.R1", "A20.E1", "A20.E2", "A21.R1", "A21.E1", "A22.R1", "A22.R2", "A23.R1", "A24.R1", "A24.R2", "A24.R3",
  "A24.E1", "A25.R1", "A25.R2", "A25.E1", "A26.R1", "A26.E1",
];

interface Expected {
  value: number | null;
  numerator?: number;
  denominator?: number;
  excluded?: number;
}

/** Year 2025, step 1 — computed by hand. */
const EXPECTED_2025: Record<string, Expected> = {
  // ---- Deployment targets (§4)
  // T1 critère environnemental: M01 M03 M06 M08 → 4 / 12
  T1: { value: 4 / 12, numerator: 4, denominator: 12 },
  // T2 envConsideration: critère {M01 M03 M06 M08} ∪ clause env {M01 M02 M10} ∪ suivi impacts {M01 M02 M06}
  //    ∪ limitation {M02} ∪ compensation {M07} ∪ économie circulaire {M01 M08 M11} = {M01 M02 M03 M06 M07 M08 M10 M11} → 8 / 12
  T2: { value: 8 / 12, numerator: 8, denominator: 12 },
  // T3 clause d'insertion among formalisées {M01 M02 M03 M06 M08 M10}: yes M01 M02 M06 M10 → 4 / 6 (M07 Concours: unknown procedure, out)
  //    M07's procedure is unknown: whether it is in the population is unknown, so it is left out and counted (SPEC §3, §8).
  T3: { value: 4 / 6, numerator: 4, denominator: 6, excluded: 1 },
  // T4 socialConsideration among formalisées: M01 (insertion) M02 (insertion) M03 (critère insertion) M06 (insertion)
  //    M10 (insertion) yes; M08 nothing → 5 / 6
  T4: { value: 5 / 6, numerator: 5, denominator: 6, excluded: 1 /* M07 procedure unknown */ },
  // T5 économie circulaire among cib(24) = {M01 M02 M08}: yes M01 M08 → 2 / 3
  //    M10's action list is unreadable ("30"): unknown membership, left out and counted, in every cib(n) population below.
  T5: { value: 2 / 3, numerator: 2, denominator: 3, excluded: 1 },
  // T6 TPE/PME among cib(14) ∪ cib(16) ∪ cib(17) = {M01 M07 M08} ∪ {M04} ∪ {M02 M07} = {M01 M02 M04 M07 M08}:
  //    M01 non, M02 oui, M04 oui, M07 oui, M08 non → 3 / 5
  T6: { value: 3 / 5, numerator: 3, denominator: 5, excluded: 1 /* M10 */ },

  // ---- Axis 1
  // A1.R1 a done activity of action 1 in 2025 (CAD 12/02/2025) → 1
  "A1.R1": { value: 1 },
  // A1.E1 pairs (contract, contract-level action), realised?
  //   M01 8✓ 14✓(3 lots) 24✓ → 3/3 ; M02 8✓ 17✗(20 %) 24✓(clause env) → 2/3 ; M03 8✗ 10✓ 21✓ (1 left out) → 2/3
  //   M04 11✓(ESAT) 13✓ (16 left out) → 2/2 ; M05 11✗ 12✓ → 1/2 ; M06 22✓(ACV) 25✓ → 2/2
  //   M07 14 unknown (excluded) 17✓(35 %) 26✓ → 2/2 ; M08 14✗("non") 23✓ 24✓ → 2/3 ; M09 13✗ → 0/1
  //   M12 12✗("non") 18✓ 19✓ 20✓ → 3/4
  //   numerator 3+2+2+2+1+2+2+2+0+3 = 19 ; denominator 3+3+3+2+2+2+2+3+1+4 = 25
  "A1.E1": { value: 19 / 25, numerator: 19, denominator: 25, excluded: 1 },
  // A2.R1 anticipated among récurrents {M01 M02 M04 M06 M09 M12}:
  //   M01 cotation 01/02/2024 ≤ 15/03/2025 − 12 months = 15/03/2024 ✓ ; M02 01/09/2024 > 10/05/2024 ✗ ;
  //   M04 Anticipé oui ✓ ; M06 15/06/2024 ≤ 15/06/2024 ✓ (boundary) ; M09 non ✗ ; M12 "peut-être" unknown (excluded) → 3 / 5
  "A2.R1": { value: 3 / 5, numerator: 3, denominator: 5, excluded: 1 },
  // A2.E1 clausés among targeted {M01…M09, M12} (M10 unknown list, M11 none):
  //   M01–M08 have an env or social provision, M09 none ✗, M12: social unknown (insertion "maybe"), env none → excluded → 8 / 9
  //   M10's list unreadable: membership unknown, left out too → excluded M12 + M10 = 2
  "A2.E1": { value: 8 / 9, numerator: 8, denominator: 9, excluded: 2 },
  "A3.R1": { value: 1 },
  // A3.E1 step 1 (T1 target 40 % from Paramètres): T1 0.333 < 0.40 En cours; T2 0.667 ≥ 0.5, T3 0.667 ≥ 0.5,
  //   T4 0.833 ≥ 0.3, T5 0.667 ≥ 0.5, T6 0.6 ≥ 0.5 Atteint → 5 / 6
  "A3.E1": { value: 5 / 6, numerator: 5, denominator: 6 },
  // A4.R1 action 4 in 2025: done "Lettre interne", "Forum" (faite) = 2; planned = those + "Atelier clauses" = 3 (Annulée out, 2024 out) → 2 / 3
  "A4.R1": { value: 2 / 3, numerator: 2, denominator: 3 },
  // A5.R1 done Officialisation of action 5 dated 15/06/2024 ≤ 31/12/2025 → 1
  "A5.R1": { value: 1 },
  // A5.R2 done activities of action 5 in 2025: 2.5 + 1.5 = 4 (the Programmée one and the 2024 one do not count)
  "A5.R2": { value: 4 },
  // A6.R1 done 1 (Club achats) / planned 3 (+ prévue + planifiée) → 1 / 3
  "A6.R1": { value: 1 / 3, numerator: 1, denominator: 3 },
  // A7.R1 type Outil in 2025: Guide done, Clausier programmed → 1 / 2
  "A7.R1": { value: 1 / 2, numerator: 1, denominator: 2 },
  // A7.R2 action 7 in 2025 not Annulée: Guide 20/50, Clausier blank/blank (0/0), Formation 15/30 → (20 + 15) / (50 + 30) = 35 / 80
  "A7.R2": { value: 35 / 80, numerator: 35, denominator: 80 },

  // ---- Axis 2
  // A8.R1 insertion among cib(8) = {M01 M02 M03}: ✓ ✓ ✗ → 2 / 3
  "A8.R1": { value: 2 / 3, numerator: 2, denominator: 3, excluded: 1 /* M10 */ },
  // A8.R2 insertion among montant > 90 000: M01 ✓, M02 ✓, M06 (95 000) ✓, M08 (500 000) ✗ → 3 / 4 (M03 85 000 below; M12 unknown)
  "A8.R2": { value: 3 / 4, numerator: 3, denominator: 4, excluded: 1 /* M12 montant unknown */ },
  // A8.E1 Insertion rows of 2025: 400 + 350 + 300 + 150 = 1 200 (one blank)
  "A8.E1": { value: 1200 },
  // A8.E2 2025 rows: F, H, Femme, Homme, blank → F 2 / (F 2 + H 2)
  "A8.E2": { value: 2 / 4, numerator: 2, denominator: 4 },
  // A8.E3 / A8.E4 breakdowns of the 5 rows of 2025
  "A8.E3": { value: 5 },
  "A8.E4": { value: 5 },
  // A8.E5 clausés insertion in 2025: M01 M02 M05 M06 M07 M10 → 6 contracts
  "A8.E5": { value: 6 },
  // A9.R1 the event of action 9 is only Programmée → 0
  "A9.R1": { value: 0 },
  // A9.E1 offers of the clausés insertion: M01 4, M02 3, M05 5, M06 blank, M07 6, M10 3 → (4+3+5+6+3) / 5 = 21 / 5
  //   M12's insertion clause is unknown ("maybe"): whether it belongs is unknown → left out and counted
  "A9.E1": { value: 21 / 5, numerator: 21, denominator: 5, excluded: 1 },
  // A9.E2 directions of the clausés: Voirie, Bâtiments, Bâtiments, Espaces verts, voirie, Bâtiments → 3 distinct
  "A9.E2": { value: 3 },
  // A10.R1 critère insertion among cib(10) = {M03}: ✓ → 1 / 1
  "A10.R1": { value: 1, numerator: 1, denominator: 1, excluded: 1 /* M10 */ },
  // A10.E1 2025 rows with formation qualifiante oui: rows 1, 3, 5 (blank = non) → 3 / 5
  "A10.E1": { value: 3 / 5, numerator: 3, denominator: 5 },
  // A11.R1 reserved among cib(11) = {M04 M05}: ESAT ✓, blank ✗ → 1 / 2
  "A11.R1": { value: 1 / 2, numerator: 1, denominator: 2, excluded: 1 /* M10 */ },
  // A11.R2 reserved among montant ≤ 90 000: M03 M04 M05 M07 M09 M10 M11 (7), reserved M04 → 1 / 7
  "A11.R2": { value: 1 / 7, numerator: 1, denominator: 7, excluded: 1 /* M12 montant unknown */ },
  // A11.E1 montant of ESS holders M04 30 000, M09 10 000, M12 unknown → (30 000 + 10 000) / 2 = 20 000
  //   (M05 M07 M11: ESS unknown → left out and counted, SPEC §8)
  "A11.E1": { value: 20000, numerator: 40000, denominator: 2, excluded: 3 },
  // A11.E2 ESS among known: M01 M02 M03 M04 M06 M08 M09 M10 M12 (9), yes M04 M09 M12 → 3 / 9
  //   the 3 others (M05 M07 M11) have it unknown: left out and counted
  "A11.E2": { value: 3 / 9, numerator: 3, denominator: 9, excluded: 3 },
  // A11.E3 reserved contracts of 2025: M04 → 1
  "A11.E3": { value: 1 },
  // A11.E4 10 000 ≤ montant ≤ 40 000: M04 30 000, M05 12 000, M07 40 000, M09 10 000 → 4 (M11 8 000 below)
  "A11.E4": { value: 4, excluded: 1 /* M12 montant unknown */ },
  // A12.R1 clause sociale among cib(12) = {M05 M12}: ✓ ✗ → 1 / 2
  "A12.R1": { value: 1 / 2, numerator: 1, denominator: 2, excluded: 1 /* M10 */ },
  // A13.R1 équitable among cib(13) = {M04 M09}: ✓ ✗ → 1 / 2
  "A13.R1": { value: 1 / 2, numerator: 1, denominator: 2, excluded: 1 /* M10 */ },
  // A13.E1 équitable M04 30 000 + M11 8 000 = 38 000
  "A13.E1": { value: 38000 },
  // A13.E2 équitable contracts: M04, M11 → 2
  "A13.E2": { value: 2 },

  // ---- Axis 3
  // A14.R1 alloti among cib(14) = {M01 M07 M08}: ✓, unknown (excluded), ✗ → 1 / 2
  "A14.R1": { value: 1 / 2, numerator: 1, denominator: 2, excluded: 2 /* M07 alloti unknown, M10 list unreadable */ },
  // A14.R2 alloti known: M01 ✓ M02 ✗ M03 ✓ M08 ✗ → 2 / 4; 8 unknown excluded
  "A14.R2": { value: 2 / 4, numerator: 2, denominator: 4, excluded: 8 },
  // A14.E1 both known: M01 2/4, M02 1/3, M05 3/5, M07 6/6, M08 1/2, M12 2/4 → (2+1+3+6+1+2) / (4+3+5+6+2+4) = 15 / 24
  "A14.E1": { value: 15 / 24, numerator: 15, denominator: 24 },
  // A14.E2 TPE/PME among known (M01 M02 M03 M04 M05 M07 M08 M09 M10 M12 = 10): yes M02 M03 M04 M05 M07 M09 M12 = 7 → 7 / 10
  "A14.E2": { value: 7 / 10, numerator: 7, denominator: 10, excluded: 2 /* M06 M11 unknown */ },
  // A15.R1 the only done activity of action 15 is dated 2024 → 0
  "A15.R1": { value: 0 },
  // A15.E1 offers over C: 4+3+2+1+5+6+2+1+3+1+4 = 32 over 11 known (M06 blank) → 32 / 11
  "A15.E1": { value: 32 / 11, numerator: 32, denominator: 11 },
  // A15.E2 DCE: 10 + 8 + 5 + 12 = 35 over 4 → 8.75
  "A15.E2": { value: 35 / 4, numerator: 35, denominator: 4 },
  // A16.R1 action 16: done 1, planned 2 (Annulée out) → 1 / 2
  "A16.R1": { value: 1 / 2, numerator: 1, denominator: 2 },
  // A16.E1 infructueux 2025: M07, M11 → 2
  "A16.E1": { value: 2 },
  // A16.E2 TPE/PME holders 2025: 7 (see A14.E2)
  "A16.E2": { value: 7, excluded: 2 /* M06 M11 unknown */ },
  // A17.R1 the SPASER's disposition: bonifiée (≥ 30 %) among cib(17) with montant < 215 000 = {M07}:
  //   M02 (1 200 000 €) is above the threshold: in neither term; M07 40 000 €, 35 % ✓ → 1 / 1
  "A17.R1": { value: 1, numerator: 1, denominator: 1, excluded: 1 /* M10: actions unreadable */ },
  // A17.R2 eligible = TPE/PME ∧ montant < 215 000: M03 M04 M05 M07 M09 (M02 too big, M12 montant unknown):
  //   M03 has no advance (Avance blank = non): no bonified advance ✗ whatever its rate (SPEC §3 amendment),
  //   M04 30 % ✓, M05 5 % ✗, M07 35 % ✓, M09 30 % ✓ → 3 / 5 ; membership unknown, left out: M12 (montant
  //   unknown), M06 and M11 (TPE/PME unknown, montants below 215 000) → excluded 3
  "A17.R2": { value: 3 / 5, numerator: 3, denominator: 5, excluded: 3 },
  // A17.R3 durée > 2 ∧ montant > 50 000 ∧ no avance: M03 (18, 85 000), M06 (48, 95 000), M10 (3, 60 000) → 3
  //   (M01 M02 have an avance, M08 durée unknown)
  "A17.R3": { value: 3, excluded: 2 /* M08 durée unknown, M12 montant unknown */ },
  // A18.R1 questionnement: M01 M03 M12 yes, M05 "??" unknown (excluded), 8 others no → 3 / 11
  "A18.R1": { value: 3 / 11, numerator: 3, denominator: 11, excluded: 1 },
  // A18.R2 outils: M02 M03 M04 M08 → 4 / 12
  "A18.R2": { value: 4 / 12, numerator: 4, denominator: 12 },
  // A18.E1 offres irrégulières: 1 + 0 + 2 = 3
  "A18.E1": { value: 3 },
  // A18.E2 litiges: 1 + 0 + 2 + 0 = 3
  "A18.E2": { value: 3 },
  // A18.E3 notes over C: (4 + 5 + 3 + 2) / 4 = 3.5
  "A18.E3": { value: 14 / 4, numerator: 14, denominator: 4 },
  // A19.R1 clauses équilibrées: M01 M02 M12 → 3 / 12
  "A19.R1": { value: 3 / 12, numerator: 3, denominator: 12 },
  // A19.R2 révision among durée > 12: M01 ✓ M02 ✓ M03 ✗ M06 ✗(blank) M12 ✓ → 3 / 5 (M04 M11 exactly 12: not more)
  "A19.R2": { value: 3 / 5, numerator: 3, denominator: 5, excluded: 1 /* M08 durée unknown */ },
  // A19.E1 litiges per contract with litiges known: 3 / 4
  "A19.E1": { value: 3 / 4, numerator: 3, denominator: 4 },
  // A20.R1 négociation among M03 M04 M05 M08 M09 M12: M03 M04 M12 → 3 / 6
  "A20.R1": { value: 3 / 6, numerator: 3, denominator: 6, excluded: 1 /* M07 procedure unknown */ },
  // A20.E1 gain technique of negotiated M03 10 %, M04 5 %, M12 blank → (0.10 + 0.05) / 2 = 0.075
  "A20.E1": { value: 0.075, numerator: 0.15, denominator: 2 },
  // A20.E2 gain prix: M03 "4" = 4 %, M04 2 %, M12 6 % → (0.04 + 0.02 + 0.06) / 3 = 0.04
  "A20.E2": { value: 0.04, numerator: 0.12, denominator: 3 },
  // A21.R1 évalué among cib(21) = {M03}: ✓ → 1 / 1
  "A21.R1": { value: 1, numerator: 1, denominator: 1, excluded: 1 /* M10 */ },
  // A21.E1 reads the same column as A18.E3 (Note de satisfaction): one figure, that of A18.E3 → 3.5
  "A21.E1": { value: 14 / 4, numerator: 14, denominator: 4 },

  // ---- Axis 4
  // A22.R1 ACV among cib(22) = {M06}: ✓ → 1 / 1 ; A22.R2 sobriété: ✗ → 0 / 1
  "A22.R1": { value: 1, numerator: 1, denominator: 1, excluded: 1 /* M10 */ },
  "A22.R2": { value: 0, numerator: 0, denominator: 1, excluded: 1 /* M10 */ },
  // A23.R1 AMO DD among cib(23) = {M08}: ✓ → 1 / 1
  "A23.R1": { value: 1, numerator: 1, denominator: 1, excluded: 1 /* M10 */ },
  // A24.R1 ACV among cib(24) = {M01 M02 M08}: ✗ ✓ ✗ → 1 / 3
  "A24.R1": { value: 1 / 3, numerator: 1, denominator: 3, excluded: 1 /* M10 */ },
  // A24.R2 clause environnementale: M01 M02 M10 → 3 / 12
  "A24.R2": { value: 3 / 12, numerator: 3, denominator: 12 },
  // A24.R3 critère environnemental: 4 / 12
  "A24.R3": { value: 4 / 12, numerator: 4, denominator: 12 },
  // A24.E1 montant of économie circulaire M01 250 000 + M08 500 000 + M11 8 000 = 758 000 over all known montants
  //   250 000 + 1 200 000 + 85 000 + 30 000 + 12 000 + 95 000 + 40 000 + 500 000 + 10 000 + 60 000 + 8 000 = 2 290 000
  "A24.E1": { value: 758000 / 2290000, numerator: 758000, denominator: 2290000 },
  // A25.R1 suivi among cib(25) = {M06}: ✓ → 1 / 1 ; A25.R2 limitation: ✗ → 0 / 1
  "A25.R1": { value: 1, numerator: 1, denominator: 1, excluded: 1 /* M10 */ },
  "A25.R2": { value: 0, numerator: 0, denominator: 1, excluded: 1 /* M10 */ },
  // A25.E1 données obtenues among clause de suivi {M01 M02 M06}: ✓ ✗ ✓ → 2 / 3
  "A25.E1": { value: 2 / 3, numerator: 2, denominator: 3 },
  // A26.R1 compensation among cib(26) = {M07}: ✓ → 1 / 1
  "A26.R1": { value: 1, numerator: 1, denominator: 1, excluded: 1 /* M10 */ },
  // A26.E1 tCO2e: M07 "12,5" → 12.5
  "A26.E1": { value: 12.5 },
};

describe("the hand-built workbook is read as intended", () => {
  test("17 rows, 17 contracts, and the bad cells planted in it", () => {
    expect(REG.source).toMatchObject({ sheet: "Registre", headerRow: 3, rowsRead: 17, rowsUsed: 17, rowsRejected: 0, rowsMerged: 0 });
    // M05 questionnement "??", M07 procédure Concours (warning), M10 actions "8; 17; 30", M12 insertion "maybe", M12 Anticipé "peut-être"
    const notInfo = REG.issues.filter((i) => i.severity !== "info");
    expect(notInfo.map((i) => `${i.severity} ${i.row} ${i.column}`).sort()).toEqual(
      [
        "error 15 Clause d'insertion", // M12: header on row 3, M01 on row 4, so M12 on row 3 + 12 = 15
        "error 15 Anticipé",
        "error 13 Actions ciblées", // M10 on row 13
        "error 8 Questionnement du besoin", // M05
        "warning 10 Procédure", // M07
      ].sort(),
    );
    expect(REG.activities).toHaveLength(ACTIVITIES.length - 1);
    expect(REG.insertion).toHaveLength(INSERTION.length - 1);
    expect(REG.manualInputs).toHaveLength(SAISIES.length - 1);
    expect(REG.parameters.etape).toBe(1);
    expect(REG.parameters.cibles.T1[0]).toBeCloseTo(0.4, 12);
  });
});

describe("every indicator of SPEC §3 and §4", () => {
  test("every id is in the results, and every id of the referential too", () => {
    for (const id of SPEC_IDS) expect(RES.indicators[id]).toBeDefined();
    for (const d of INDICATORS) expect(RES.indicators[d.id]).toBeDefined();
    expect(Object.keys(EXPECTED_2025).sort()).toEqual([...SPEC_IDS].sort());
  });

  test.each(SPEC_IDS)("%s (2025)", (id) => {
    const exp = EXPECTED_2025[id];
    const r = ind(id);
    if (exp.value === null) expect(r.value).toBeNull();
    else {
      expect(typeof r.value).toBe("number");
      expect(r.value as number).toBeCloseTo(exp.value, 10);
    }
    if (exp.numerator !== undefined) expect(r.numerator as number).toBeCloseTo(exp.numerator, 10);
    if (exp.denominator !== undefined) expect(r.denominator).toBe(exp.denominator);
    expect(r.excluded ?? 0).toBe(exp.excluded ?? 0);
    // value null exactly when a French reason is given
    expect(r.reason === undefined).toBe(r.value !== null);
  });

  test("labels are the French labels of the referential", () => {
    expect(ind("T1").label).toBe("% de contrats avec un critère environnemental");
    expect(ind("A8.R1").label).toBe("Contrats clausés insertion / ciblés");
  });
});

describe("breakdowns", () => {
  test("A8.E3 by age group and A8.E4 by qualification, with Non renseigné", () => {
    // 2025 rows: moins de 26 ans (rows 1, 5), 26-49 ans (rows 2, 3), 50 ans et plus (row 4)
    expect(ind("A8.E3").breakdown).toEqual({ "moins de 26 ans": 2, "26-49 ans": 2, "50 ans et plus": 1 });
    // CAP (rows 1, 4), Bac (row 2), blank (row 3), Sans qualification (row 5)
    expect(ind("A8.E4").breakdown).toEqual({ CAP: 2, Bac: 1, "Non renseigné": 1, "Sans qualification": 1 });
  });

  test("A8.E5 clausés insertion by nature: the four canonical words and Non renseigné", () => {
    // M01 Travaux (CPV), M02 Travaux, M05 Fournitures (CPV 15…), M06 Services, M07 unknown, M10 Travaux
    expect(ind("A8.E5").breakdown).toEqual({ Travaux: 3, Fournitures: 1, Services: 1, "Non renseigné": 1 });
  });
});

describe("A17.R3: the alert lists the contract ids", () => {
  test("M03, M06, M10", () => {
    expect([...(ind("A17.R3").ids ?? [])].sort()).toEqual(["M03", "M06", "M10"]);
    expect([...RES.alerts.avanceObligatoire].sort()).toEqual(["M03", "M06", "M10"]);
  });
});

describe("A1.E1 leaves the non contract-level actions out, with one info note", () => {
  test("M03 action 1 and M04 action 16: 2 pairs, one note", () => {
    const notes = RES.notes.filter((n) => n.message.startsWith("A1.E1"));
    expect(notes).toHaveLength(1);
    expect(notes[0].severity).toBe("info");
    expect(notes[0].message).toMatch(/\b2 couples\b/);
    expect(RES.notes.filter((n) => n.severity !== "info")).toEqual([]);
  });

  test("a pair counts only when its action has a realisation column in the register", () => {
    // Only Clause d'insertion is present: the pairs with 24 are not counted at all (not even as left out).
    const reg = readWorkbook([
      sheet("Registre", [
        ["N° marché", "Date de notification", "Actions ciblées", "Clause d'insertion"],
        ["X1", "01/03/2025", "8; 24", "oui"],
        ["X2", "01/04/2025", "8", "non"],
        ["X3", "01/05/2025", "24", "non"],
      ]),
    ]);
    const r = computeIndicators(reg, { year: 2025 }).indicators["A1.E1"];
    // pairs (X1, 8) ✓ and (X2, 8) ✗ → 1 / 2
    expect(r).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
  });
});

describe("A2.R1 anticipation by dates", () => {
  test("with a 6-month anticipation parameter the boundary moves", () => {
    const reg = readWorkbook([
      sheet("Registre", [
        ["N° marché", "Date de notification", "Récurrent", "Date de cotation"],
        ["X1", "15/06/2025", "oui", "15/12/2024"], // ≤ 15/06/2025 − 6 months = 15/12/2024 ✓
        ["X2", "15/06/2025", "oui", "16/12/2024"], // one day later ✗
        ["X3", "15/06/2025", "oui", "15/06/2024"], // ✓
        ["X4", "15/06/2025", "non", "15/06/2020"], // not récurrent: out
      ]),
      sheet("Paramètres", [["Paramètre", "Valeur"], ["Anticipation cotation (mois)", 6]]),
    ]);
    // X1 ✓, X2 ✗, X3 ✓ → 2 / 3
    expect(computeIndicators(reg, { year: 2025 }).indicators["A2.R1"]).toMatchObject({ numerator: 2, denominator: 3 });
  });

  test("with only a Date de cotation column (no Anticipé) the dates decide", () => {
    const reg = readWorkbook([
      sheet("Registre", [
        ["N° marché", "Date de notification", "Récurrent", "Date de cotation"],
        ["X1", "31/03/2025", "oui", "31/03/2024"], // ≤ 31/03/2024 ✓
        ["X2", "31/03/2025", "oui", "01/04/2024"], // ✗
      ]),
    ]);
    expect(computeIndicators(reg, { year: 2025 }).indicators["A2.R1"]).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
  });
});

describe("targets T1–T6: status of the current step", () => {
  test("step 1 from Paramètres « Étape en cours » = 1", () => {
    expect(RES.etape).toBe(1);
    // T1 0.333 < 0.40 (Paramètres); T2 0.667 ≥ 0.5; T3 0.667 ≥ 0.5; T4 0.833 ≥ 0.3; T5 0.667 ≥ 0.5; T6 0.6 ≥ 0.5
    const statuses = Object.fromEntries(["T1", "T2", "T3", "T4", "T5", "T6"].map((t) => [t, [ind(t).target, ind(t).status]]));
    expect(statuses).toEqual({
      T1: [0.4, "En cours"],
      T2: [0.5, "Atteint"],
      T3: [0.5, "Atteint"],
      T4: [0.3, "Atteint"],
      T5: [0.5, "Atteint"],
      T6: [0.5, "Atteint"],
    });
  });

  const STEP2 = {
    // T1 0.333 < 0.7; T2 0.667 < 1; T3 0.667 < 0.8; T4 0.833 ≥ 0.6; T5 0.667 < 0.8; T6 0.6 < 0.8
    T1: [0.7, "En cours"],
    T2: [1, "En cours"],
    T3: [0.8, "En cours"],
    T4: [0.6, "Atteint"],
    T5: [0.8, "En cours"],
    T6: [0.8, "En cours"],
  };

  test("step 2 from the etape option", () => {
    const res = computeIndicators(REG, { year: 2025, etape: 2 });
    expect(res.etape).toBe(2);
    expect(Object.fromEntries(Object.keys(STEP2).map((t) => [t, [ind(t, res).target, ind(t, res).status]]))).toEqual(STEP2);
    // A3.E1: only T4 reached → 1 / 6
    expect(ind("A3.E1", res)).toMatchObject({ numerator: 1, denominator: 6 });
    expect(ind("A3.E1", res).value as number).toBeCloseTo(1 / 6, 12);
  });

  test("step 2 from Paramètres « Étape en cours » = 2", () => {
    const res = computeIndicators(readWorkbook(workbook({ etape: "2" })), { year: 2025 });
    expect(res.etape).toBe(2);
    expect(Object.fromEntries(Object.keys(STEP2).map((t) => [t, [ind(t, res).target, ind(t, res).status]]))).toEqual(STEP2);
  });

  test("the etape option wins over Paramètres", () => {
    const res = computeIndicators(readWorkbook(workbook({ etape: 2 })), { year: 2025, etape: 1 });
    expect(ind("T2", res).status).toBe("Atteint");
  });

  test("Non renseigné when the target indicator is n/a; A3.E1 counts only targets with a value", () => {
    // A year without contracts: every target n/a → Non renseigné, A3.E1 n/a.
    const res = computeIndicators(REG, { year: 2023 });
    for (const t of ["T1", "T2", "T3", "T4", "T5", "T6"]) {
      expect(ind(t, res).value).toBeNull();
      expect(ind(t, res).status).toBe("Non renseigné");
    }
    expect(ind("A3.E1", res).value).toBeNull();
    expect(ind("A3.E1", res).reason).toMatch(/T1 à T6/);
  });

  test("a target exactly reached is Atteint", () => {
    const rows: Cell[][] = [["N° marché", "Date de notification", "Critère environnemental"]];
    for (let i = 1; i <= 10; i++) rows.push([`X${i}`, "01/06/2025", i <= 3 ? "oui" : "non"]);
    const res = computeIndicators(readWorkbook([sheet("Registre", rows)]), { year: 2025 });
    // 3 / 10 = 0.3 = target of step 1
    expect(ind("T1", res)).toMatchObject({ numerator: 3, denominator: 10, status: "Atteint" });
  });
});

describe("series by year for the indicators worded « évolution »", () => {
  // 2024 contracts: M13 (Voirie, Travaux, insertion, ESS, réservé oui, évalué note 5, 5 offers, 1 irrégulière, TPE/PME),
  // M14 (Bâtiments, réservé EA, 2 offers, not TPE/PME), M15 (Voirie, Fournitures, insertion, 3 offers, 1 litige, TPE/PME),
  // M16 (Sport, infructueux, 1 offer, TPE/PME). M17 has no notification date: in no year.
  test.each<[string, Record<string, number | null>]>([
    ["A8.E5", { 2024: 2, 2025: 6 }], // clausés insertion: M13 M15 | 6 (see above)
    ["A9.E1", { 2024: 4, 2025: 21 / 5 }], // (5 + 3) / 2 | 21 / 5
    ["A9.E2", { 2024: 1, 2025: 3 }], // Voirie only | 3
    ["A11.E3", { 2024: 2, 2025: 1 }], // M13 oui, M14 EA | M04
    ["A15.E1", { 2024: 11 / 4, 2025: 32 / 11 }], // (5 + 2 + 3 + 1) / 4 | 32 / 11
    ["A15.E2", { 2024: null, 2025: 35 / 4 }], // no DCE known in 2024
    ["A16.E1", { 2024: 1, 2025: 2 }], // M16 | M07 M11 (M17 not notified)
    ["A16.E2", { 2024: 3, 2025: 7 }], // M13 M15 M16
    ["A18.E1", { 2024: 1, 2025: 3 }],
    ["A18.E2", { 2024: 1, 2025: 3 }],
    ["A19.E1", { 2024: 1, 2025: 3 / 4 }], // 1 litige / 1 known
    ["A21.E1", { 2024: 5, 2025: 14 / 4 }], // same measure as A18.E3: M13 5 | (4 + 5 + 3 + 2) / 4
    ["A22.E2", { 2024: 6, 2025: 7 }], // from Saisies
    ["A16.E3", { 2024: 11 / 4, 2025: 32 / 11 }], // same measure as A15.E1
  ])("%s", (id, expected) => {
    const series = ind(id).series as Record<string, number | null>;
    expect(Object.keys(series).sort()).toEqual(["2024", "2025"]);
    for (const [y, v] of Object.entries(expected)) {
      if (v === null) expect(series[y]).toBeNull();
      else expect(series[y] as number).toBeCloseTo(v, 10);
    }
  });

  test("indicators not worded « évolution » have no series", () => {
    expect(ind("T1").series).toBeUndefined();
    expect(ind("A8.R1").series).toBeUndefined();
  });
});

describe("the year", () => {
  test("default year = the latest year with notified contracts (2025), the not-notified contract in none", () => {
    const res = computeIndicators(REG);
    expect(res.year).toBe(2025);
    expect(res.years).toEqual([2024, 2025]);
    expect(res.contractsInYear).toBe(12);
    expect(ind("T1", res).value as number).toBeCloseTo(4 / 12, 12);
  });

  test("year 2024 gives that year's values", () => {
    const res = computeIndicators(REG, { year: 2024 });
    expect(res.contractsInYear).toBe(4);
    // T3: formalisées 2024 = M13 M15 (AOO), both with insertion → 2 / 2
    expect(ind("T3", res)).toMatchObject({ value: 1, numerator: 2, denominator: 2 });
    // A8.R1: cib(8) 2024 = {M13}: ✓ → 1 / 1 (M17 targets 8 but is not notified)
    expect(ind("A8.R1", res)).toMatchObject({ value: 1, numerator: 1, denominator: 1 });
    // A1.R1: no activity of action 1 in 2024; A15.R1: open data done 20/12/2024
    expect(ind("A1.R1", res).value).toBe(0);
    expect(ind("A15.R1", res).value).toBe(1);
    // A8.E1: Insertion rows of 2024: 500
    expect(ind("A8.E1", res).value).toBe(500);
    // A22.E1 from Saisies for 2024
    expect(ind("A22.E1", res).value).toBe(1300000);
  });

  test("a year without contracts: rates n/a with a French reason, counts 0", () => {
    const res = computeIndicators(REG, { year: 2023 });
    expect(res.contractsInYear).toBe(0);
    expect(ind("A8.R1", res).value).toBeNull();
    expect(ind("A8.R1", res).reason).toBe("aucun contrat notifié en 2023");
    expect(ind("A16.E1", res).value).toBe(0);
    expect(ind("A13.E2", res).value).toBe(0);
  });
});

describe("n/a: empty denominators and absent columns", () => {
  test("an empty denominator is n/a (never 0 %), numerator and denominator 0, with a reason", () => {
    // 2024: no contract targets action 10
    const r = ind("A10.R1", computeIndicators(REG, { year: 2024 }));
    expect(r.value).toBeNull();
    expect(r.numerator).toBe(0);
    expect(r.denominator).toBe(0);
    expect(r.reason).toMatch(/aucun contrat notifié en 2024 ciblé pour l'action 10/);
  });

  test("a denominator emptied by unknown values says how many were left out", () => {
    const reg = readWorkbook([
      sheet("Registre", [
        ["N° marché", "Date de notification", "Actions ciblées", "Clause d'insertion"],
        ["X1", "01/03/2025", "8", "peut-être"],
        ["X2", "01/03/2025", "8", "#N/A"],
      ]),
    ]);
    const r = computeIndicators(reg, { year: 2025 }).indicators["A8.R1"];
    // both targeted contracts have an unknown clause d'insertion: 0 / 0, 2 left out
    expect(r).toMatchObject({ value: null, numerator: 0, denominator: 0, excluded: 2 });
    expect(r.reason).toMatch(/\(2 écartés faute de valeur connue\)/);
  });

  const minimal = readWorkbook([
    sheet("Registre", [
      ["N° marché", "Date de notification", "Montant HT"],
      ["X1", "01/03/2025", 100000],
      ["X2", "01/04/2025", 20000],
    ]),
  ]);
  const res = computeIndicators(minimal, { year: 2025 });

  test.each([
    ["T1", ["Critère environnemental"]],
    ["T3", ["Clause d'insertion", "Procédure"]],
    ["T5", ["Actions ciblées", "Économie circulaire"]],
    ["T6", ["Actions ciblées", "Titulaire TPE/PME"]],
    ["A8.R1", ["Actions ciblées", "Clause d'insertion"]],
    ["A8.R2", ["Clause d'insertion"]],
    ["A2.R1", ["Récurrent", "Anticipé"]],
    ["A9.E2", ["Clause d'insertion", "Direction"]],
    ["A11.E3", ["Marché réservé"]],
    ["A14.R2", ["Alloti"]],
    ["A15.E1", ["Nombre d'offres"]],
    ["A16.E1", ["Infructueux"]],
    ["A17.R3", ["Durée (mois)", "Avance"]],
    ["A19.R2", ["Révision des prix", "Durée (mois)"]],
    ["A20.R1", ["Négociation", "Procédure"]],
    ["A24.E1", ["Économie circulaire"]],
    ["A26.E1", ["tCO2e compensées"]],
  ])("%s is n/a and its reason names %p", (id, columns) => {
    const r = ind(id, res);
    expect(r.value).toBeNull();
    for (const c of columns) expect(r.reason).toContain(`« ${c} »`);
    // the column that is there is not blamed
    expect(r.reason).not.toContain("« Montant HT »");
  });

  test("T2 / T4 read only the columns present: n/a only when none is", () => {
    expect(ind("T2", res).value).toBeNull();
    expect(ind("T2", res).reason).toMatch(/aucune des colonnes/);
    const partial = readWorkbook([
      sheet("Registre", [
        ["N° marché", "Date de notification", "Critère environnemental", "Procédure", "Commerce équitable"],
        ["X1", "01/03/2025", "oui", "AOO", "non"],
        ["X2", "01/03/2025", "non", "AOO", "oui"],
        ["X3", "01/03/2025", "non", "MAPA", "non"],
      ]),
    ]);
    const r = computeIndicators(partial, { year: 2025 });
    // T2 with the critère column only: X1 → 1 / 3
    expect(r.indicators.T2).toMatchObject({ numerator: 1, denominator: 3 });
    // T4 among formalisées X1 X2 with commerce équitable only: X2 → 1 / 2
    expect(r.indicators.T4).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
  });

  test("counts with their column present are never n/a", () => {
    // A11.E4 reads Montant HT: X2 20 000 is within 10 000–40 000 → 1
    expect(ind("A11.E4", res).value).toBe(1);
  });

  test("side tables absent: the activity and PLIE indicators say so", () => {
    for (const id of ["A1.R1", "A4.R1", "A5.R1", "A5.R2", "A6.R1", "A7.R1", "A7.R2", "A9.R1", "A15.R1", "A16.R1"]) {
      expect(ind(id, res).value).toBeNull();
      expect(ind(id, res).reason).toMatch(/Activités/);
    }
    for (const id of ["A8.E2", "A8.E3", "A8.E4", "A10.E1"]) {
      expect(ind(id, res).value).toBeNull();
      expect(ind(id, res).reason).toMatch(/Insertion/);
    }
    // A8.E1 needs either the Insertion sheet or the register's hours column
    expect(ind("A8.E1", res).value).toBeNull();
    expect(ind("A8.E1", res).reason).toContain("Heures d'insertion réalisées");
  });

  test("a side table without one of its columns: n/a naming the column", () => {
    const reg = readWorkbook([
      sheet("Registre", [["N° marché", "Date de notification"], ["X1", "01/03/2025"]]),
      sheet("Activités", [["Action", "Statut", "Date"], [5, "Réalisée", "01/03/2025"]]),
      sheet("Insertion", [["Année", "Heures réalisées"], [2025, 10]]),
    ]);
    const r = computeIndicators(reg, { year: 2025 });
    expect(r.indicators["A5.R2"].value).toBeNull();
    expect(r.indicators["A5.R2"].reason).toContain("« Temps (jours) »");
    expect(r.indicators["A7.R2"].reason).toContain("« Agents formés »");
    expect(r.indicators["A8.E2"].value).toBeNull();
    expect(r.indicators["A8.E2"].reason).toContain("« Genre »");
    expect(r.indicators["A8.E1"].value).toBe(10);
  });

  test("A8.E1 falls back to the register's hours when there is no Insertion sheet", () => {
    const res2 = computeIndicators(readWorkbook(workbook({ without: ["Insertion"] })), { year: 2025 });
    // Heures d'insertion réalisées of 2025: M01 1 200 + M02 800 + M05 150,5 = 2 150.5 (M17 not notified)
    expect(ind("A8.E1", res2).value as number).toBeCloseTo(2150.5, 10);
    expect(ind("A8.E2", res2).value).toBeNull();
  });
});

describe("Saisies: values typed for the manual indicators", () => {
  test("A22.E1 2025 is the value typed, with its comment", () => {
    expect(ind("A22.E1")).toMatchObject({ value: 1250000, source: "Saisies", comment: "relevé des compteurs" });
  });

  test("a percent indicator typed « 35 % » is 0.35; a text stays a text", () => {
    expect(ind("A23.E2").value as number).toBeCloseTo(0.35, 12);
    expect(ind("A25.E2").value).toBe("Émissions de CO2 du chantier");
  });

  test("a manual indicator with nothing typed is n/a and says where to type it", () => {
    const r = ind("A23.E1");
    expect(r.value).toBeNull();
    expect(r.reason).toContain("Saisies");
    expect(r.reason).toContain("A23.E1");
  });
});

describe("indicators the SPASER lists under several actions", () => {
  test.each([
    ["A4.E1", "A2.E1"],
    ["A5.E1", "A2.E1"],
    ["A7.E1", "A2.E1"],
    ["A4.E2", "A3.E1"],
    ["A5.E2", "A3.E1"],
    ["A9.E3", "A8.E5"],
    ["A16.E3", "A15.E1"],
    ["A17.E4", "A16.E2"],
    ["A19.E3", "A18.E3"],
    ["A20.E3", "A18.E3"],
    ["A21.E1", "A18.E3"],
    ["A24.R3", "T1"],
  ])("%s has the value of %s", (id, same) => {
    expect(ind(id).value).toBe(ind(same).value);
  });
});

describe("JSON output (SPEC §5)", () => {
  const out = jsonOutput(REG, RES);

  test("year, register counts, issues and every indicator", () => {
    expect(out.year).toBe(2025);
    expect(out.register).toEqual({ sheet: "Registre", headerRow: 3, rowsRead: 17, rowsUsed: 17, rowsRejected: 0, rowsMerged: 0 });
    for (const id of SPEC_IDS) expect(out.indicators[id]).toBeDefined();
    expect(out.issues.some((i) => i.severity === "info" && i.message.startsWith("A1.E1"))).toBe(true);
    expect(out.issues.filter((i) => i.severity === "error")).toHaveLength(4);
  });

  test("value is null exactly when a reason is given; ratios are fractions", () => {
    for (const [id, r] of Object.entries(out.indicators)) {
      expect({ id, hasReason: r.reason !== undefined }).toEqual({ id, hasReason: r.value === null });
    }
    expect(out.indicators.T1).toMatchObject({ numerator: 4, denominator: 12, target: 0.4, status: "En cours" });
    expect(out.indicators.T1.value as number).toBeCloseTo(0.3333, 4);
    expect(out.indicators["A8.E3"].breakdown).toEqual({ "moins de 26 ans": 2, "26-49 ans": 2, "50 ans et plus": 1 });
  });

  test("it survives JSON.stringify unchanged", () => {
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });
});

describe("side tables without the column every indicator reads", () => {
  const { readWorkbook } = require("../../src/register/read") as typeof import("../../src/register/read");
  const { computeIndicators } = require("../../src/indicators/engine") as typeof import("../../src/indicators/engine");
  const register = ["N° marché", "Date de notification", "Heures d'insertion réalisées"];
  test("Activités without « Action », Insertion without « Année »: n/a naming the column; hours fall back to the register", () => {
    const reg = readWorkbook([
      { sheet: "Registre", rows: [register, ["M1", "01/02/2025", 120], ["M2", "01/03/2025", 30]] },
      { sheet: "Activités", rows: [["Type", "Statut", "Date", "Agents formés", "Agents à former"], ["Outil", "Réalisée", "01/04/2025", 3, 4]] },
      { sheet: "Insertion", rows: [["N° marché", "Heures réalisées", "Genre"], ["M1", 35, "F"]] },
    ]);
    const res = computeIndicators(reg, { year: 2025 });
    for (const id of ["A1.R1", "A4.R1", "A7.R1", "A7.R2"]) {
      expect(res.indicators[id].value).toBeNull();
      expect(res.indicators[id].reason).toMatch(/« Action »/);
    }
    expect(res.indicators["A8.E2"].value).toBeNull();
    expect(res.indicators["A8.E2"].reason).toMatch(/« Année »/);
    // 120 + 30 hours from the register's column
    expect(res.indicators["A8.E1"].value).toBe(150);
  });
  test("A7.R2 reads the status (cancelled activities are out): n/a without « Statut »", () => {
    const reg = readWorkbook([
      { sheet: "Registre", rows: [register, ["M1", "01/02/2025", 1]] },
      { sheet: "Activités", rows: [["Action", "Date", "Agents formés", "Agents à former"], [7, "01/04/2025", 3, 4]] },
    ]);
    const r = computeIndicators(reg, { year: 2025 }).indicators["A7.R2"];
    expect(r.value).toBeNull();
    expect(r.reason).toMatch(/« Statut »/);
  });
});

describe("sums over the side tables that leave the limits of the calculation", () => {
  test("A5.R2 (Σ Temps (jours)) and A8.E1 (Σ Heures réalisées) are n/a with the reason, never Infinity", () => {
    const reg = readWorkbook([
      { sheet: "Registre", rows: [["N° marché", "Date de notification", "Montant HT"], ["M1", "15/03/2025", 1000]] },
      // Two days typed as 1e308: 1e308 + 1e308 is beyond the largest number (about 1.8e308).
      { sheet: "Activités", rows: [["Action", "Type", "Statut", "Date", "Temps (jours)"], [5, "Réunion", "Réalisée", "10/02/2025", 1e308], [5, "Réunion", "Réalisée", "11/02/2025", 1e308]] },
      { sheet: "Insertion", rows: [["N° marché", "Année", "Heures réalisées"], ["M1", 2025, 1.5e308], ["M1", 2025, 1e308]] },
    ]);
    const res = computeIndicators(reg, { year: 2025 });
    for (const id of ["A5.R2", "A8.E1"]) {
      expect({ id, value: res.indicators[id].value }).toEqual({ id, value: null });
      expect(res.indicators[id].reason).toMatch(/^montants hors limites : la somme des valeurs de la feuille « (Activités|Insertion) » dépasse les limites du calcul/);
    }
  });
});
