#!/usr/bin/env node
"use strict";
 
/**
 * Builds examples/registre-exemple.xlsx: the procurement register of "la Ville et la Métropole" as
 * a procurement officer keeps it (title rows above the header, number formats, a few realistic
 * mistakes), with the side sheets Activités, Insertion, Saisies and Paramètres.
 *
 * The register is extracted in December 2026: three full years (2023–2025) and the year in
 * progress, 2026, whose last consultations fall under the loi Climat et résilience (launched from
 * 21 August 2026). 2026 is therefore the default year of every command (the latest year with
 * notified contracts), so that the demo shows the loi Climat alerts; 2025 is the last full year.
 *
 * Deterministic: every random choice comes from seeded generators, and the workbook's dates and
 * the zip entries' timestamps are fixed, so that rebuilding gives the same file. The columns added
 * after the first version (launch date, waiver of the advance) draw from their own generator, so
 * that adding them left the contracts of 2023–2025 as they were.
 *
 *   node scripts/build-example.js [OUTPUT.xlsx]     (default: examples/registre-exemple.xlsx,
 *                                                     and then examples/spaser-ght.xlsx and
 *                                                     examples/spaser-departement.xlsx)
 */
const { writeDeterministic } = require("./example-workbook");
const path = require("path");
const ExcelJS = require("exceljs");

const DEFAULT_OUTPUT = path.join(__dirname, "..", "examples", "registre-exemple.xlsx");
const SEED = 9;
/** Date of the extraction shown above the header; also the fixed date of the file. */
const EXTRACTION = utc(2026, 12, 14);
/** The full years of the register; 2026, the year in progress, is added after them. */
const YEARS = [2023, 2024, 2025];
const CURRENT_YEAR = 2026;
/** Application date of the loi Climat et résilience, art. 35 (SPEC §7.1). */
const LOI_CLIMAT = utc(2026, 8, 21);

// ------------------------------------------------------------------ seeded randomness

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let rnd = mulberry32(SEED);
/** A second stream, for the launch dates and the other columns added later. */
let rndLate = mulberry32(SEED * 7919 + 1);
const chance = (p) => rnd() < p;
const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
const int = (a, b) => a + Math.floor(rnd() * (b - a + 1));
const logUniform = (a, b) => Math.exp(Math.log(a) + rnd() * (Math.log(b) - Math.log(a)));
const round = (x, step) => Math.round(x / step) * step;
const round2 = (x) => Math.round(x * 100) / 100;
/**
 * A level that moves from `a` in 2023 to `b` in 2025 (the SPASER's effect, year after year), and
 * keeps rising more slowly in 2026 (yi = 3).
 */
const lvl = (yi, a, b) => (yi < YEARS.length ? a + ((b - a) * yi) / (YEARS.length - 1) : b + (b - a) * 0.2);
const lateInt = (a, b) => a + Math.floor(rndLate() * (b - a + 1));

function utc(y, m, d) {
  return new Date(Date.UTC(y, m - 1, d));
}
function frDate(d) {
  return `${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${d.getUTCFullYear()}`;
}
function addDays(date, n) {
  return new Date(date.getTime() + n * 86_400_000);
}
/** Moves a Saturday or a Sunday to the next Monday. */
function workingDay(date) {
  const wd = date.getUTCDay();
  return wd === 6 ? addDays(date, 2) : wd === 0 ? addDays(date, 1) : date;
}
function monthsBetween(a, b) {
  return (b.getTime() - a.getTime()) / (30.4375 * 86_400_000);
}
function randomDateIn(year) {
  // Fewer notifications in August, more in the spring and before the end of the year.
  const month = pick([1, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 9, 10, 10, 11, 11, 12, 12]);
  return workingDay(utc(year, month, int(1, 28)));
}

// ------------------------------------------------------------------ the purchases of the two entities

const DIR = {
  patrimoine: "Direction du Patrimoine Bâti",
  espacesVerts: "Direction des Espaces Verts et de la Nature",
  education: "Direction de l'Éducation",
  restauration: "Direction de la Restauration Scolaire",
  moyens: "Direction des Moyens Généraux",
  dsi: "Direction des Systèmes d'Information",
  voirie: "Direction de la Voirie",
  proprete: "Direction de la Propreté Urbaine",
  eau: "Direction de l'Eau et de l'Assainissement",
  communication: "Direction de la Communication",
  sports: "Direction des Sports",
  dde: "Direction du Développement Durable et de l'Énergie (3DE)",
  juridique: "Direction des Affaires Juridiques",
  rh: "Direction des Ressources Humaines",
  mobilites: "Direction des Mobilités",
  culture: "Direction de la Culture",
};

const SECTEURS = ["Nord", "Sud", "Est", "Ouest", "Centre"];
const QUARTIERS = ["des Brotteaux", "de la Guillotière", "de Vaise", "de Montchat", "des Pentes", "du Vieux Bourg", "de la Duchère", "des Gratte-Ciel"];
const ECOLES = ["l'école élémentaire Jules Ferry", "l'école maternelle Jean Moulin", "le groupe scolaire Pasteur", "l'école élémentaire Louise Michel", "l'école maternelle Victor Hugo", "le groupe scolaire Les Tilleuls", "l'école élémentaire Marie Curie"];
const EQUIPEMENTS = ["du gymnase Léo Lagrange", "de la médiathèque Simone Veil", "de la piscine municipale du Rhône", "du conservatoire à rayonnement régional", "de la maison de quartier des Tilleuls", "du centre technique municipal"];
const PARCS = ["du parc de la Cerisaie", "du square des Tanneurs", "du parc des Hauteurs", "des berges du canal", "du jardin des Plantes"];
const LOTS_BATIMENT = [
  ["Gros œuvre, démolition", "45223220"],
  ["Menuiseries extérieures", "45421100"],
  ["Plâtrerie, peintures", "45442100"],
  ["Électricité courants forts et faibles", "45311000"],
  ["Plomberie, chauffage, ventilation", "45331000"],
  ["Couverture, étanchéité", "45261000"],
  ["Revêtements de sols", "45432100"],
  ["Menuiseries intérieures", "45421000"],
];

/**
 * A kind of purchase. `actions`: the SPASER actions the CAD may target on it (the first ones more
 * often). `insertion`: labour-intensive (a clause d'insertion makes sense). `reservable`: offers
 * exist in the ESS / SIAE / sheltered sector. `equitable`: fair-trade products exist.
 * `circular`: reuse, recycled or reconditioned goods exist.
 */
const TEMPLATES = [
  { w: 7, objet: () => `Entretien des espaces verts du secteur ${pick(SECTEURS)}`, nature: "Services", famille: "Espaces verts", cpv: ["77310000"], dir: "espacesVerts", entite: "Ville", montant: [40_000, 420_000], duree: [36, 48], recurrent: 0.95, actions: [8, 11, 24, 14, 12, 10], insertion: true, reservable: true, trade: "Paysages" },
  { w: 3, objet: () => `Fourniture de végétaux, plants et ${pick(["bulbes", "arbres d'alignement", "terreaux sans tourbe"])}`, nature: "Fournitures", famille: "Espaces verts", cpv: ["03451000", "03452000"], dir: "espacesVerts", entite: "Ville", montant: [15_000, 120_000], duree: [12, 24, 48], recurrent: 0.8, actions: [24, 14, 11], reservable: true, circular: false, trade: "Pépinières" },
  { w: 2, objet: () => "Restauration scolaire : fourniture et livraison de repas en liaison froide", nature: "Services", famille: "Restauration collective", cpv: ["55523100"], dir: "restauration", entite: "Ville", montant: [900_000, 4_200_000], duree: [48], recurrent: 1, actions: [13, 24, 8, 21, 25, 14], insertion: true, equitable: true, circular: true, trade: "Restauration" },
  { w: 4, objet: () => `Fourniture de denrées alimentaires : ${pick(["fruits et légumes frais", "produits laitiers", "épicerie", "viandes et volailles", "pain et viennoiseries"])}`, nature: "Fournitures", famille: "Denrées alimentaires", cpv: ["15000000", "03221000", "15500000", "15100000", "15810000"], dir: "restauration", entite: "Ville", montant: [60_000, 520_000], duree: [48], recurrent: 1, actions: [13, 24, 14, 17], equitable: true, trade: "Primeurs" },
  { w: 4, objet: () => `Fournitures de bureau et ${pick(["papier", "consommables d'impression", "petit matériel"])}`, nature: "Fournitures", famille: "Fournitures de bureau", cpv: ["30192000", "30197630", "30125100"], dir: "moyens", entite: null, montant: [18_000, 190_000], duree: [48], recurrent: 1, actions: [24, 18, 11, 14, 17], reservable: true, circular: true, trade: "Bureautique" },
  { w: 4, objet: () => `Nettoyage des locaux ${pick(["administratifs", "des équipements sportifs", "des écoles", "de l'hôtel de ville et de ses annexes"])}`, nature: "Services", famille: "Propreté des locaux", cpv: ["90919200", "90911200"], dir: "moyens", entite: null, montant: [90_000, 950_000], duree: [48], recurrent: 1, actions: [8, 12, 24, 11, 21, 10], insertion: true, reservable: true, trade: "Propreté" },
  { w: 6, works: true, objet: () => `Travaux de rénovation de ${pick(ECOLES)}`, nature: "Travaux", famille: "Travaux de bâtiment", cpv: ["45454000"], dir: "patrimoine", entite: "Ville", montant: [35_000, 650_000], duree: [8, 10, 12, 14, 18], recurrent: 0, actions: [8, 14, 22, 24, 25, 23, 17, 10], insertion: true, circular: true, trade: "Bâtiment" },
  { w: 2, works: true, objet: () => `Travaux de réhabilitation énergétique ${pick(EQUIPEMENTS)}`, nature: "Travaux", famille: "Travaux de bâtiment", cpv: ["45453000"], dir: "patrimoine", entite: null, montant: [60_000, 900_000], duree: [12, 16, 20], recurrent: 0, actions: [22, 8, 14, 23, 24, 25], insertion: true, circular: true, trade: "Bâtiment" },
  { w: 3, objet: () => `Maîtrise d'œuvre pour la réhabilitation ${pick(EQUIPEMENTS)}`, nature: "Maîtrise d'œuvre", famille: "Prestations intellectuelles", cpv: ["71221000", "71000000"], dir: "patrimoine", entite: null, montant: [60_000, 680_000], duree: [36, 48, 60], recurrent: 0, actions: [23, 22, 24, 25], moe: true, trade: "Architectes" },
  { w: 3, objet: () => "Maintenance des installations de chauffage, ventilation et climatisation", nature: "Services", famille: "Maintenance des bâtiments", cpv: ["50720000", "50730000"], dir: "patrimoine", entite: null, montant: [150_000, 1_300_000], duree: [48, 60], recurrent: 1, actions: [22, 25, 21, 8, 19], insertion: true, trade: "Génie climatique" },
  { w: 1, objet: () => `Fourniture ${pick(["d'électricité (sites de plus de 36 kVA)", "de gaz naturel", "d'électricité d'origine renouvelable"])}`, nature: "Fournitures", famille: "Énergie", cpv: ["09310000", "09123000"], dir: "dde", entite: null, montant: [1_200_000, 6_500_000], duree: [24, 36], recurrent: 1, actions: [24, 22, 25], trade: "Énergies" },
  { w: 3, objet: () => `Acquisition de ${pick(["postes informatiques et écrans", "PC portables reconditionnés", "matériel réseau", "tablettes pour les écoles"])}`, nature: "Fournitures", famille: "Informatique", cpv: ["30213000", "30231000", "32420000"], dir: "dsi", entite: null, montant: [45_000, 620_000], duree: [24, 48], recurrent: 0.7, actions: [24, 22, 18, 14, 26], circular: true, trade: "Informatique" },
  { w: 3, objet: () => `Maintenance et évolution du logiciel ${pick(["de gestion financière", "de gestion des ressources humaines", "de gestion de la relation citoyen", "de gestion des archives", "de billetterie des équipements culturels"])}`, nature: "Services", famille: "Informatique", cpv: ["72267000", "72261000"], dir: "dsi", entite: null, montant: [12_000, 260_000], duree: [36, 48], recurrent: 0.9, actions: [20, 19, 14], editor: true, trade: "Logiciels" },
  { w: 4, objet: () => `Travaux de voirie : réfection des chaussées et trottoirs du quartier ${pick(QUARTIERS)}`, nature: "Travaux", famille: "Voirie et réseaux divers", cpv: ["45233140", "45233252"], dir: "voirie", entite: "Métropole", montant: [150_000, 3_200_000], duree: [12, 24, 48], recurrent: 0.7, actions: [8, 24, 26, 25, 14, 17], insertion: true, circular: true, trade: "Travaux publics" },
  { w: 2, objet: () => `${pick(["Collecte des déchets ménagers et assimilés", "Location et maintenance de bennes", "Tri et valorisation des encombrants"])}`, nature: "Services", famille: "Déchets", cpv: ["90511000", "90512000", "90514000"], dir: "proprete", entite: "Métropole", montant: [400_000, 5_000_000], duree: [60], recurrent: 1, actions: [8, 24, 25, 26], insertion: true, circular: true, trade: "Environnement" },
  { w: 3, objet: () => `${pick(["Vêtements de travail et équipements de protection individuelle", "Chaussures de sécurité", "Tenues des agents de la police municipale"])}`, nature: "Fournitures", famille: "Habillement", cpv: ["18110000", "18830000", "18143000"], dir: "moyens", entite: null, montant: [30_000, 260_000], duree: [48], recurrent: 1, actions: [13, 24, 11, 14], equitable: true, reservable: true, trade: "Textile" },
  { w: 2, objet: () => "Impression et routage du magazine municipal", nature: "Services", famille: "Impression et communication", cpv: ["79810000", "79820000"], dir: "communication", entite: "Ville", montant: [40_000, 310_000], duree: [48], recurrent: 1, actions: [11, 24, 12, 14], reservable: true, trade: "Imprimerie" },
  { w: 2, objet: () => "Transport en autocar pour les sorties scolaires et périscolaires", nature: "Services", famille: "Transport de personnes", cpv: ["60130000", "60172000"], dir: "education", entite: "Ville", montant: [60_000, 420_000], duree: [48], recurrent: 1, actions: [26, 24, 8, 14], insertion: true, trade: "Autocars" },
  { w: 2, objet: () => `Mobilier ${pick(["scolaire", "de bureau", "pour les crèches", "des salles de réunion"])}`, nature: "Fournitures", famille: "Mobilier", cpv: ["39160000", "39130000"], dir: "education", entite: null, montant: [20_000, 210_000], duree: [48], recurrent: 0.6, actions: [24, 11, 14], circular: true, reservable: true, trade: "Mobilier" },
  { w: 2, objet: () => "Blanchisserie et location-entretien du linge des crèches et des équipements sportifs", nature: "Services", famille: "Blanchisserie", cpv: ["98310000"], dir: "sports", entite: "Ville", montant: [20_000, 120_000], duree: [36, 48], recurrent: 1, actions: [11, 24, 13], reservable: true, trade: "Blanchisserie" },
  { w: 1, objet: () => `Acquisition de ${pick(["véhicules utilitaires électriques", "vélos à assistance électrique pour les agents", "bennes à ordures ménagères GNV"])}`, nature: "Fournitures", famille: "Véhicules", cpv: ["34136000", "34430000", "34144511"], dir: "mobilites", entite: "Métropole", montant: [90_000, 950_000], duree: [12], recurrent: 0.3, actions: [22, 18, 24, 26], trade: "Automobiles" },
  { w: 1, objet: () => `Assurance ${pick(["dommages aux biens", "flotte automobile", "responsabilité civile", "protection juridique des agents et des élus"])}`, nature: "Services", famille: "Assurances", cpv: ["66515000", "66514110", "66516000"], dir: "juridique", entite: null, montant: [80_000, 640_000], duree: [48, 60], recurrent: 1, actions: [19, 20], trade: "Assurances" },
  { w: 1, objet: () => `Assistance à maîtrise d'ouvrage développement durable pour ${pick(["la construction du groupe scolaire Simone Veil", "la rénovation de la piscine municipale", "le plan de sobriété énergétique"])}`, nature: "Services", famille: "Prestations intellectuelles", cpv: ["71241000", "71313000"], dir: "dde", entite: null, montant: [20_000, 160_000], duree: [12, 24, 36], recurrent: 0, actions: [23, 25], trade: "Conseil" },
  { w: 2, works: true, objet: () => `Aménagement ${pick(PARCS)}`, nature: "Travaux", famille: "Aménagements paysagers", cpv: ["45112711"], dir: "espacesVerts", entite: "Ville", montant: [40_000, 520_000], duree: [6, 9, 12], recurrent: 0, actions: [8, 24, 14, 11, 25], insertion: true, circular: true, trade: "Paysages" },
  { w: 2, objet: () => `Curage et inspection télévisée des réseaux d'assainissement — secteur ${pick(SECTEURS)}`, nature: "Services", famille: "Eau et assainissement", cpv: ["90470000", "90480000"], dir: "eau", entite: "Métropole", montant: [200_000, 2_100_000], duree: [48], recurrent: 1, actions: [8, 25, 24], insertion: true, trade: "Assainissement" },
  { w: 2, objet: () => "Prestations de traiteur pour les réceptions et cérémonies", nature: "Services", famille: "Restauration collective", cpv: ["55520000"], dir: "communication", entite: "Ville", montant: [10_000, 90_000], duree: [24, 48], recurrent: 1, actions: [13, 11, 24], reservable: true, equitable: true, trade: "Traiteur" },
  { w: 2, objet: () => `Formation des agents : ${pick(["management", "bureautique", "habilitations électriques", "prévention des risques", "achats responsables"])}`, nature: "Services", famille: "Formation", cpv: ["80511000", "80530000"], dir: "rh", entite: null, montant: [15_000, 150_000], duree: [36, 48], recurrent: 1, actions: [12, 14, 17], trade: "Formation" },
  { w: 1, objet: () => "Café, thé et produits d'épicerie pour les distributeurs et salles de réunion", nature: "Fournitures", famille: "Denrées alimentaires", cpv: ["15860000"], dir: "moyens", entite: null, montant: [10_000, 60_000], duree: [36, 48], recurrent: 1, actions: [13, 11], equitable: true, reservable: true, trade: "Distribution" },
  { w: 2, objet: () => "Signalisation horizontale et verticale", nature: "Travaux", famille: "Voirie et réseaux divers", cpv: ["45233221", "45233290"], dir: "voirie", entite: "Métropole", montant: [100_000, 900_000], duree: [48], recurrent: 1, actions: [8, 24, 14], insertion: true, trade: "Signalisation" },
  { w: 2, objet: () => `${pick(["Contrôle technique", "Coordination sécurité et protection de la santé (CSPS)", "Diagnostics amiante et plomb avant travaux"])} des opérations de bâtiment`, nature: "Services", famille: "Prestations intellectuelles", cpv: ["71631000", "71317210", "71315000"], dir: "patrimoine", entite: null, montant: [10_000, 85_000], duree: [12, 24, 36], recurrent: 0.8, actions: [14, 17], trade: "Contrôle" },
  { w: 2, objet: () => `Gardiennage et surveillance ${pick(["des équipements culturels", "de l'hôtel de ville", "des parcs et jardins", "des sites techniques"])}`, nature: "Services", famille: "Sécurité et gardiennage", cpv: ["79713000", "79714000"], dir: "moyens", entite: null, montant: [90_000, 720_000], duree: [48], recurrent: 1, actions: [8, 12, 21, 19], insertion: true, trade: "Sécurité" },
  { w: 1, objet: () => `Organisation ${pick(["de la fête de la musique", "du festival des lumières de quartier", "des animations estivales des parcs"])}`, nature: "Services", famille: "Événementiel", cpv: ["79952000"], dir: "culture", entite: "Ville", montant: [25_000, 180_000], duree: [12, 36], recurrent: 0.8, actions: [26, 24, 13, 11], reservable: true, trade: "Événements" },
];

const SURNAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "Roux", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Chevalier", "Perrin", "Morin", "Mathieu", "Gauthier", "Brun"];
const PLACES = ["du Rhône", "des Monts", "du Val", "de la Vallée", "des Coteaux", "du Plateau", "Confluence", "Métropole", "des Deux Rives", "du Grand Parc"];
const GROUPS = ["Avenor", "Vertalis", "Optimia", "Sudelis", "Nordéo", "Axiome", "Cofrane", "Terralys", "Helvio", "Ondalis", "Prisméa", "Altéor"];
const ESS_NAMES = [
  ["ESAT Les Ateliers du Parc", "ESAT"],
  ["Entreprise adaptée Handi-Pro Services", "EA"],
  ["Régie de quartier Les Pentes", "SIAE"],
  ["Association Tremplin Insertion (ACI)", "SIAE"],
  ["SCOP Bâtir Ensemble", "ESS"],
  ["Recyclerie solidaire du Val", "SIAE"],
  ["ESAT La Ferme des Coteaux", "ESAT"],
  ["Entreprise adaptée Atelier Confluence", "EA"],
];

/** The firms that answer a kind of purchase: a few SMEs and a few large groups, met again and again. */
const holderPools = new Map();
function holders(t) {
  let pool = holderPools.get(t.trade);
  if (!pool) {
    const small = [];
    for (let i = 0; i < 6; i++) {
      const form = pick(["SARL", "SAS", "EURL", "Ets", "SAS", "SARL"]);
      small.push(chance(0.5) ? `${form} ${pick(SURNAMES)} ${t.trade}` : `${t.trade} ${pick(PLACES)}`);
    }
    const large = [];
    for (let i = 0; i < 3; i++) large.push(`${pick(GROUPS)} ${t.trade}${chance(0.5) ? " France" : ""}`);
    pool = { small: [...new Set(small)], large: [...new Set(large)] };
    holderPools.set(t.trade, pool);
  }
  return pool;
}

function pickTemplate() {
  const total = TEMPLATES.reduce((s, t) => s + t.w, 0);
  let x = rnd() * total;
  for (const t of TEMPLATES) {
    x -= t.w;
    if (x < 0) return t;
  }
  return TEMPLATES[TEMPLATES.length - 1];
}

// ------------------------------------------------------------------ procedures

/** Thresholds of the formalised procedures (local authorities): 2024–2025 values, then 2026–2027. */
const SEUILS = { 2025: { fs: 221_000, travaux: 5_538_000 }, 2026: { fs: 216_000, travaux: 5_404_000 } };
const SEUIL_TRAVAUX = SEUILS[2025].travaux;

function procedureFor(t, montant, operationTotal, seuils = SEUILS[2025]) {
  if (t.editor && chance(0.5)) return "Marché négocié sans publicité ni mise en concurrence";
  if (t.nature === "Travaux") {
    if ((operationTotal ?? montant) >= seuils.travaux) return "AOO";
    return montant < 40_000 && chance(0.5) ? "Sans publicité ni mise en concurrence" : "MAPA";
  }
  if (montant < 40_000) return chance(0.6) ? "Sans publicité ni mise en concurrence" : "MAPA";
  if (montant < seuils.fs) return "MAPA";
  if (t.moe) return "PN";
  if (t.famille === "Informatique" && chance(0.15)) return "DC";
  const x = rnd();
  return x < 0.82 ? "AOO" : x < 0.9 ? "AOR" : "PN";
}

// ------------------------------------------------------------------ one contract

/** The CAD meets once a year, in November, to target the recurrent contracts of the coming years. */
const CAD_DATES = [utc(2022, 11, 17), utc(2023, 11, 16), utc(2024, 11, 21), utc(2025, 11, 20), utc(2026, 11, 19)];

function chooseActions(t, yi) {
  if (!t.actions.length || !chance(lvl(yi, 0.32, 0.62))) return [];
  const k = Math.min(t.actions.length, pick([1, 1, 2, 2, 2, 3]));
  const chosen = new Set();
  while (chosen.size < k) {
    // The first actions of a template are the usual ones.
    const i = Math.min(t.actions.length - 1, Math.floor(Math.pow(rnd(), 1.8) * t.actions.length));
    chosen.add(t.actions[i]);
  }
  if (chosen.has(14) && chance(0.35)) chosen.add(16);
  if (chosen.has(8) && chance(0.1)) chosen.add(9);
  return [...chosen].sort((a, b) => a - b);
}

function writeActions(list) {
  if (!list.length) return null;
  const style = rnd();
  if (list.length === 1) return style < 0.85 ? String(list[0]) : `A${list[0]}`;
  if (style < 0.75) return list.join("; ");
  if (style < 0.9) return list.join(", ");
  return list.map((n) => `A${n}`).join(" ");
}

const yn = (b) => (b ? "oui" : "non");

/**
 * Makes one contract (or one lot of a works operation) notified on `notif` (null when the
 * consultation is still running). Returns the row as an object keyed by header.
 */
function makeContract(t, yi, notif, opts = {}) {
  const montantRaw = opts.montant ?? logUniform(t.montant[0], t.montant[1]);
  const montant = t.nature === "Travaux" ? round2(montantRaw) : montantRaw >= 100_000 ? round(montantRaw, 100) : round(montantRaw, 10);
  const duree = opts.duree ?? pick(t.duree);
  const procedure = opts.procedure ?? procedureFor(t, montant, opts.operationTotal, yi >= YEARS.length ? SEUILS[2026] : SEUILS[2025]);
  const recurrent = opts.recurrent ?? chance(t.recurrent);
  const actions = opts.actions ?? chooseActions(t, yi);
  const T = (n) => actions.includes(n);
  const real = lvl(yi, 0.55, 0.86); // targeted actions carried out
  const entite = opts.entite ?? t.entite ?? (chance(0.55) ? "Ville" : "Métropole");

  // Holder
  const tpeTargeted = T(14) || T(16) || T(17);
  const pTpe = (montant < 90_000 ? 0.72 : montant < 500_000 ? 0.5 : 0.22) + (tpeTargeted ? lvl(yi, 0.0, 0.18) : 0);
  const clauseInsertion = t.insertion && montant >= 40_000 ? (T(8) ? chance(real + 0.08) : chance(montant > 90_000 ? lvl(yi, 0.26, 0.62) : lvl(yi, 0.04, 0.14))) : false;
  const reserve = t.reservable && montant <= 90_000 ? (T(11) ? chance(real) : chance(lvl(yi, 0.04, 0.18))) : false;
  let titulaire;
  let tpe;
  let ess;
  let reserveType = null;
  if (reserve) {
    const [name, kind] = pick(ESS_NAMES);
    titulaire = name;
    reserveType = kind === "ESS" ? "oui" : kind;
    tpe = true;
    ess = true;
  } else if (chance(0.025) && t.reservable) {
    titulaire = pick(ESS_NAMES)[0];
    tpe = true;
    ess = true;
  } else {
    const pool = holders(t);
    tpe = chance(Math.min(0.95, pTpe));
    titulaire = tpe ? pick(pool.small) : pick(pool.large);
    ess = false;
  }

  // Competition
  let offres;
  if (procedure.startsWith("Marché négocié") || procedure.startsWith("Sans publicité")) offres = 1;
  else if (procedure === "AOO" || procedure === "AOR") offres = int(2, 9);
  else if (procedure === "PN") offres = int(2, 5);
  else if (procedure === "DC") offres = int(2, 3);
  else offres = Math.max(1, Math.round(logUniform(1, 8)));
  let offresTpe = 0;
  for (let i = 0; i < offres; i++) if (chance(montant < 200_000 ? 0.6 : 0.4)) offresTpe++;
  if (tpe && offresTpe === 0) offresTpe = 1;
  if (!tpe && offresTpe === offres) offresTpe = offres - 1;
  const dce = offres === 1 && !procedure.startsWith("MAPA") ? null : offres + (procedure === "AOO" ? int(3, 28) : int(1, 12));
  const negotiable = procedure === "MAPA" || procedure === "PN" || procedure === "DC";
  const negociation = negotiable && (procedure === "MAPA" ? chance(lvl(yi, 0.3, 0.55)) : chance(0.9));

  // Advance payment
  const avanceDue = montant > 50_000 && duree > 2;
  const avance = avanceDue ? chance(0.97) : chance(0.3);
  let taux = null;
  if (avance) {
    if (T(17)) taux = chance(real) ? 0.3 : pick([0.1, 0.2]);
    else if (tpe) taux = chance(lvl(yi, 0.15, 0.45)) ? 0.3 : pick([0.05, 0.1, 0.2]);
    else taux = pick([0.05, 0.05, 0.1, 0.2]);
  } else taux = chance(0.85) ? 0 : null;

  // Provisions
  const critereInsertion = t.insertion && montant >= 90_000 ? (T(10) ? chance(real) : chance(lvl(yi, 0.0, 0.05))) : false;
  const clauseSociale = T(12) ? chance(real) : chance(lvl(yi, 0.03, 0.1));
  const critereSocial = t.nature === "Services" && chance(lvl(yi, 0.02, 0.08));
  const commerceEquitable = t.equitable ? (T(13) ? chance(real) : chance(lvl(yi, 0.15, 0.45))) : false;
  const critereEnv = T(24) ? chance(real) : chance(lvl(yi, 0.14, 0.33));
  const clauseEnv = T(24) ? chance(real * 0.9) : chance(lvl(yi, 0.22, 0.42));
  const acv = (T(22) || T(24)) && (t.nature === "Fournitures" || t.works) ? chance(real * 0.45) : chance(0.01);
  const sobriete = T(22) ? chance(real) : chance(lvl(yi, 0.03, 0.1));
  const amo = t.works || t.moe ? (T(23) ? chance(real) : chance(lvl(yi, 0.04, 0.14))) : T(23) ? chance(real) : false;
  const suiviImpacts = T(25) ? chance(real) : chance(lvl(yi, 0.03, 0.1));
  const limitationImpacts = T(25) ? chance(real * 0.7) : chance(lvl(yi, 0.02, 0.07));
  const compensation = T(26) ? chance(real * 0.6) : chance(0.01);
  const circulaire = t.circular ? (T(24) ? chance(real * 0.85) : chance(lvl(yi, 0.1, 0.3))) : T(24) ? chance(real * 0.4) : chance(0.02);
  const evaluation = T(21) ? chance(real) : chance(lvl(yi, 0.1, 0.34));
  const nombreLots = opts.nombreLots ?? (T(14) ? (chance(real) ? int(2, 6) : 1) : chance(lvl(yi, 0.22, 0.36)) ? int(2, 5) : 1);

  let objet = opts.objet ?? t.objet();
  if (nombreLots >= 2 && !opts.objet) objet += ` — lot ${int(1, nombreLots)}`;

  // Insertion hours: about 1.2 hour per thousand euros, realised as the contract runs.
  let heuresPrevues = null;
  let heuresRealisees = null;
  if (clauseInsertion) {
    heuresPrevues = Math.max(70, round(montant / 1000 * (t.nature === "Travaux" ? 1.3 : 1.0), 5));
    if (notif) {
      const elapsed = Math.max(0, Math.min(1, monthsBetween(notif, EXTRACTION) / duree));
      heuresRealisees = elapsed === 0 ? 0 : Math.round(heuresPrevues * elapsed * (0.85 + rnd() * 0.3));
    }
  }

  // Programming: recurrent contracts are rated at a CAD meeting, ideally a year ahead.
  let cotation = null;
  let anticipe = null;
  if (recurrent) {
    const planned = notif ?? opts.prevue;
    const early = CAD_DATES.filter((d) => monthsBetween(d, planned) >= 12);
    const before = CAD_DATES.filter((d) => d < planned);
    const wantEarly = chance(lvl(yi, 0.3, 0.78));
    if (wantEarly && early.length) {
      cotation = early[early.length - 1];
      anticipe = true;
    } else if (wantEarly && yi === 0) {
      anticipe = true; // programmed ahead before the first CAD
    } else {
      anticipe = false;
      if (before.length && monthsBetween(before[before.length - 1], planned) < 12 && chance(0.7)) cotation = before[before.length - 1];
    }
  }

  const gain = (a, b) => (negociation && chance(0.85) ? round(a + rnd() * (b - a), 0.005) : null);
  const litigesKnown = notif ? chance(0.9) : false;

  return {
    "N° marché": null,
    Objet: objet,
    "Entité": entite,
    Direction: DIR[t.dir],
    Nature: chance(0.96) ? t.nature : null, // a few left blank: derived from the CPV code
    "Famille d'achat": t.famille,
    "Code CPV": opts.cpv ?? pick(t.cpv),
    "Procédure": procedure,
    "Montant HT (€)": montant,
    "Durée (mois)": duree,
    "Date prévisionnelle d'attribution": opts.prevue ?? workingDay(addDays(notif, -int(-25, 60))),
    "Date de notification": notif,
    "Date de lancement": null, // set by addLaunchDates, from its own generator
    Titulaire: notif ? titulaire : null,
    "Titulaire TPE/PME": notif ? (chance(0.95) ? yn(tpe) : null) : null,
    "Titulaire ESS/SIAE/EA/ESAT": notif ? (chance(0.9) ? yn(ess) : null) : null,
    "Nombre d'offres": notif ? offres : null,
    "Offres de TPE/PME": notif ? (chance(0.92) ? offresTpe : null) : null,
    "DCE retirés": notif ? dce : null,
    Infructueux: notif ? (chance(0.04) ? "oui" : "non") : null,
    "Offres irrégulières": notif ? (offres >= 2 ? (chance(0.15) ? (chance(0.25) ? 2 : 1) : 0) : 0) : null,
    "Récurrent": yn(recurrent),
    "Date de cotation": cotation,
    "Anticipé": recurrent ? yn(anticipe) : null,
    "Actions ciblées": writeActions(actions),
    "Clause d'insertion": yn(clauseInsertion),
    "Heures d'insertion prévues": heuresPrevues,
    "Heures d'insertion réalisées": heuresRealisees,
    "Critère d'insertion": critereInsertion ? "oui" : null,
    "Marché réservé": reserve ? reserveType : "non",
    "Clause sociale (hors insertion)": yn(clauseSociale),
    "Critère social (hors insertion)": critereSocial ? "oui" : null,
    "Commerce équitable": commerceEquitable ? "oui" : t.equitable ? "non" : null,
    "Nombre de lots": nombreLots,
    Alloti: nombreLots >= 2 ? "oui" : "non",
    Avance: notif ? yn(avance) : null,
    "Taux d'avance": notif ? taux : null,
    "Renonciation à l'avance": null,
    "Questionnement du besoin": yn(T(18) ? chance(real) : chance(lvl(yi, 0.15, 0.46))),
    "Outils méthodologiques": yn(chance(lvl(yi, 0.04, 0.36))),
    "Clauses équilibrées": yn(T(19) ? chance(real) : chance(lvl(yi, 0.4, 0.72))),
    "Révision des prix": yn(duree > 12 ? chance(0.9) : chance(0.2)),
    "Négociation": notif ? yn(negociation) : null,
    "Gain prix (%)": notif ? gain(0.01, 0.09) : null,
    "Gain valeur technique (%)": notif ? gain(0, 0.12) : null,
    "Évaluation de l'exécution": notif ? yn(evaluation) : null,
    "Note de satisfaction": notif && evaluation ? Math.round((2.6 + rnd() * 2.3) * 10) / 10 : null,
    "ACV réalisée": acv ? "oui" : null,
    "Clause de sobriété": sobriete ? "oui" : null,
    "AMO développement durable": amo ? "oui" : null,
    "Critère environnemental": yn(critereEnv),
    "Clause environnementale": yn(clauseEnv),
    "Clause de suivi des impacts": suiviImpacts ? "oui" : null,
    "Clause de limitation des impacts": limitationImpacts ? "oui" : null,
    "Données d'impact obtenues": suiviImpacts && notif ? yn(chance(lvl(yi, 0.3, 0.62))) : null,
    "Compensation carbone": compensation ? "oui" : null,
    "tCO2e compensées": compensation && notif ? int(4, 180) : null,
    "Économie circulaire": yn(circulaire),
    Litiges: litigesKnown ? (chance(lvl(yi, 0.06, 0.03)) ? 1 : 0) : null,
    Observations: null,
    // not written: used to number the rows and to fill the Insertion sheet
    _t: t,
    _yi: yi,
  };
}

// ------------------------------------------------------------------ the register

const PUBLICATION_HEADERS = [
  "SIRET acheteur", "SIRET titulaire", "Type d'identifiant titulaire", "Code du lieu d'exécution", "Type de code du lieu d'exécution", "CCAG",
  "Forme du prix", "Types de prix", "Modalités d'exécution", "Marché innovant", "Groupement d'opérateurs", "Sous-traitance déclarée",
  "Nature de la concession", "Procédure de la concession", "Date de début d'exécution", "Subvention publique (€)",
  // Filled when the data are published (blank: the date of the export), and after an amending agreement.
  "Date de publication des données", "Montant après modifications (€)",
];

const HEADERS = [
  "N° marché", "Objet", "Entité", "Direction", "Nature", "Famille d'achat", "Code CPV", "Procédure", "Montant HT (€)", "Durée (mois)",
  "Date prévisionnelle d'attribution", "Date de notification", "Date de lancement", "Titulaire", "Titulaire TPE/PME", "Titulaire ESS/SIAE/EA/ESAT",
  "Nombre d'offres", "Offres de TPE/PME", "DCE retirés", "Infructueux", "Offres irrégulières", "Récurrent", "Date de cotation", "Anticipé",
  "Actions ciblées", "Clause d'insertion", "Heures d'insertion prévues", "Heures d'insertion réalisées", "Critère d'insertion", "Marché réservé",
  "Clause sociale (hors insertion)", "Critère social (hors insertion)", "Commerce équitable", "Nombre de lots", "Alloti", "Avance", "Taux d'avance", "Renonciation à l'avance",
  "Questionnement du besoin", "Outils méthodologiques", "Clauses équilibrées", "Révision des prix", "Négociation", "Gain prix (%)",
  "Gain valeur technique (%)", "Évaluation de l'exécution", "Note de satisfaction", "ACV réalisée", "Clause de sobriété", "AMO développement durable",
  "Critère environnemental", "Clause environnementale", "Clause de suivi des impacts", "Clause de limitation des impacts", "Données d'impact obtenues",
  "Compensation carbone", "tCO2e compensées", "Économie circulaire", "Litiges",
  // The unit of account (SPEC §2.1.1): blank means a contract that is its own consultation, a plain
  // public contract, not a defence one, valued at its amount, renewing nothing, without exception.
  "N° consultation", "N° lot", "Type de contrat", "N° accord-cadre", "Défense ou sécurité", "Valeur estimée du besoin (€ HT)",
  "Marché précédent", "Motif d'exception loi Climat", "Critère unique du coût", "Observations",
  // What the national open-data format (DECP 2024) requires besides (SPEC §11), added after the
  // others: the buyer's and the holder's SIRET, place of execution, CCAG, prices, groupement,
  // and for the concession its nature, procedure, start of execution and public subsidy.
  ...PUBLICATION_HEADERS,
];

const DATE_COLUMNS = new Set(["Date prévisionnelle d'attribution", "Date de notification", "Date de lancement", "Date de cotation", "Date de début d'exécution", "Date de publication des données"]);
const PERCENT_COLUMNS = new Set(["Taux d'avance", "Gain prix (%)", "Gain valeur technique (%)"]);
const WIDTHS = { "N° marché": 14, Objet: 62, "Entité": 11, Direction: 34, Nature: 15, "Famille d'achat": 26, "Code CPV": 11, "Procédure": 22, "Montant HT (€)": 16, Titulaire: 36, "Actions ciblées": 13, Observations: 34 };

function buildContracts() {
  const rows = [];
  YEARS.forEach((year, yi) => {
    // Works operations, each lot notified as its own contract.
    const operations = yi === 1 ? 3 : 2;
    for (let o = 0; o < operations; o++) {
      const t = pick(TEMPLATES.filter((x) => x.works && x.famille === "Travaux de bâtiment"));
      const base = t.objet();
      const nLots = int(4, 7);
      const lots = LOTS_BATIMENT.slice(0, nLots);
      const amounts = lots.map(() => logUniform(t.montant[0], t.montant[1]));
      const big = yi === 2 && o === 0; // one operation above the works threshold: appel d'offres
      const scale = big ? SEUIL_TRAVAUX * 1.25 / amounts.reduce((s, a) => s + a, 0) : 1;
      const total = amounts.reduce((s, a) => s + a * scale, 0);
      const notif = randomDateIn(year);
      const duree = pick(t.duree);
      const actions = chooseActions(t, yi);
      const entite = t.entite ?? (chance(0.6) ? "Ville" : "Métropole");
      const operation = `${year}-${o}`;
      lots.forEach(([lotName, cpv], i) => {
        const lotRow = makeContract(t, yi, workingDay(addDays(notif, int(0, 6))), {
          objet: `${base} — lot ${String(i + 1).padStart(2, "0")} : ${lotName}`,
          cpv,
          montant: amounts[i] * scale,
          operationTotal: total,
          duree,
          recurrent: false,
          actions,
          nombreLots: nLots,
          entite,
        });
        lotRow._operation = operation;
        lotRow._lot = String(i + 1).padStart(2, "0");
        rows.push(lotRow);
      });
    }
    const singles = [80, 84, 86][yi];
    for (let i = 0; i < singles; i++) {
      const t = pickTemplate();
      rows.push(makeContract(t, yi, randomDateIn(year)));
    }
  });
  // Consultations still running at the extraction: planned for 2027, not notified yet.
  for (let i = 0; i < 9; i++) {
    const t = pickTemplate();
    const prevue = workingDay(utc(2027, int(2, 9), int(1, 28)));
    rows.push(makeContract(t, YEARS.length, null, { prevue }));
  }
  // 2026, the year in progress: contracts notified until mid-August were all launched before the
  // loi Climat applied; the consultations launched after it are the hand-written ones below.
  for (let i = 0; i < CURRENT_YEAR_CONTRACTS; i++) {
    const t = pickTemplate();
    rows.push(makeContract(t, YEARS.length, randomDateBeforeLoiClimat()));
  }
  for (const spec of LOI_CLIMAT_CONTRACTS) rows.push(handWritten(spec));
  rows.push(handWritten(CONCESSION));
  // In the order the officer adds them: by notification date, consultations running last.
  const key = (r) => (r["Date de notification"] ?? addDays(r["Date prévisionnelle d'attribution"], 3650)).getTime();
  rows.sort((a, b) => key(a) - key(b));
  // Numbering: entity letter, year, sequence; the lots of an operation share a number with a suffix.
  const seq = new Map();
  const opNumber = new Map();
  for (const r of rows) {
    const d = r["Date de notification"] ?? r["Date prévisionnelle d'attribution"];
    const prefix = `${r["Entité"] === "Ville" ? "V" : "M"}${String(d.getUTCFullYear()).slice(2)}`;
    if (r._operation) {
      let n = opNumber.get(r._operation);
      if (!n) {
        n = (seq.get(prefix) ?? 0) + 1;
        seq.set(prefix, n);
        opNumber.set(r._operation, n);
      }
      r["N° marché"] = `${prefix}-${String(n).padStart(3, "0")}-L${r._lot}`;
    } else {
      const n = (seq.get(prefix) ?? 0) + 1;
      seq.set(prefix, n);
      r["N° marché"] = `${prefix}-${String(n).padStart(3, "0")}`;
    }
  }
  addLaunchDates(rows);
  return rows;
}

/** Days between the launch of a consultation and the notification, by procedure. */
function launchDelay(procedure, works) {
  if (procedure.startsWith("Sans publicité") || procedure.startsWith("Marché négocié")) return lateInt(7, 35);
  if (procedure === "MAPA") return works ? lateInt(45, 120) : lateInt(35, 100);
  if (procedure === "AOO" || procedure === "AOR") return lateInt(95, 190);
  if (procedure === "PN") return lateInt(110, 220);
  if (procedure === "DC") return lateInt(180, 300);
  return lateInt(200, 330); // a design contest
}

/**
 * « Date de lancement » (SPEC §7.1), drawn from its own generator: the column was added to the
 * register in 2024, so some contracts of 2023 (and a few of 2024–2025) have none. The lots of a
 * works operation share the launch of their consultation. The consultations still running were
 * launched in the autumn of 2026.
 */
function addLaunchDates(rows) {
  const blank = { 2023: 0.15, 2024: 0.06, 2025: 0.02 };
  const operations = new Map();
  for (const r of rows) {
    if (r._launchFixed) continue;
    const notif = r["Date de notification"];
    if (!notif) {
      r["Date de lancement"] = workingDay(utc(CURRENT_YEAR, lateInt(9, 11), lateInt(1, 28)));
      continue;
    }
    if (r._operation && operations.has(r._operation)) {
      r["Date de lancement"] = operations.get(r._operation);
      continue;
    }
    const missing = rndLate() < (blank[notif.getUTCFullYear()] ?? 0);
    const launch = missing ? null : workingDay(addDays(notif, -launchDelay(r["Procédure"], r._t.works || r._t.nature === "Travaux")));
    if (r._operation) operations.set(r._operation, launch);
    r["Date de lancement"] = launch;
  }
  // A planned award date comes after the launch.
  for (const r of rows) {
    const launch = r["Date de lancement"];
    const prevue = r["Date prévisionnelle d'attribution"];
    if (!launch || !prevue || prevue > launch) continue;
    const days = ((r["Date de notification"] ?? addDays(launch, 60)).getTime() - launch.getTime()) / 86_400_000;
    r["Date prévisionnelle d'attribution"] = workingDay(addDays(launch, Math.max(7, Math.round(days / 2))));
  }
}

/**
 * « Renonciation à l'avance » (A17.R3): besides L2 of 2026, the first contract of 2025 that should
 * hold an advance (more than 2 months, more than 50 000 € HT) and holds none: its holder waived it.
 */
function plantWaivers(rows) {
  const candidate = rows.find((r) => r["Date de notification"]?.getUTCFullYear() === 2025 && r.Avance === "non" && r["Durée (mois)"] > 2 && typeof r["Montant HT (€)"] === "number" && r["Montant HT (€)"] > 50_000);
  if (candidate) {
    candidate["Renonciation à l'avance"] = "oui";
    candidate.Observations = "Avance refusée par le titulaire (courrier du service financier)";
  }
}

/** Contracts of 2026 drawn at random (besides the hand-written ones). */
const CURRENT_YEAR_CONTRACTS = 56;

/** A notification date of 2026 before 15 August: such a consultation was launched before 21/08/2026. */
function randomDateBeforeLoiClimat() {
  const month = pick([1, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8]);
  const date = workingDay(utc(CURRENT_YEAR, month, month === 8 ? int(1, 12) : int(1, 28)));
  // The shortest launch delay is 7 days (launchDelay).
  if (addDays(date, -7) >= LOI_CLIMAT) throw new Error(`date de notification ${frDate(date)} trop tardive`);
  return date;
}

/**
 * The consultations of late 2026 (SPEC §7.1), written by hand so that the loi Climat alerts of the
 * default year can be checked by hand (test/cli/example.test.ts). Launched on or after 21/08/2026
 * unless said otherwise; thresholds 216 000 € HT (supplies, services, maîtrise d'œuvre) and
 * 5 404 000 € HT (works).
 *
 *   critEnv / clauseEnv: Critère environnemental / Clause environnementale
 *   social: the social provisions (insertion = Clause d'insertion, sociale = Clause sociale (hors
 *   insertion), critereSocial = Critère social (hors insertion), critereInsertion = Critère
 *   d'insertion, reserve = Marché réservé). Only an execution provision (clause d'insertion, clause
 *   sociale) answers art. L2112-2-1: an award criterion or a reservation leaves the C7.3 alert.
 *
 * | key | launch     | nature      | amount    | critEnv | clauseEnv | social            | alerts            |
 * |-----|------------|-------------|-----------|---------|-----------|-------------------|-------------------|
 * | L1  | 21/08/2026 | Services    |   480 000 | non     | oui       | insertion         | C7.1              |
 * | L2  | 07/09/2026 | Services    | 1 250 000 | oui     | oui       | critereSocial     | C7.3              |
 * | L3  | 14/09/2026 | Fournitures |   216 000 | non     | oui       | —                 | C7.1, C7.3        |
 * | L4  | 01/09/2026 | Fournitures |   215 900 | non     | non       | —                 | C7.1, C7.2        |
 * | L5  | 24/08/2026 | Travaux     | 6 200 000 | oui     | oui       | critereInsertion  | C7.3              |
 * | L6  | 28/08/2026 | Travaux     | 2 100 000 | oui     | non       | —                 | C7.2              |
 * | L7  | 02/09/2026 | Travaux     | 5 650 000 | non     | oui       | sociale           | C7.1              |
 * | L8  | 15/09/2026 | Services    |   180 000 | oui     | non       | —                 | C7.2              |
 * | L9  | 10/09/2026 | Maîtrise d'œuvre | 390 000 | oui | non       | —                 | C7.2, C7.3        |
 * | L10 | 03/09/2026 | Services    |   240 000 | oui     | non       | reserve (EA)      | C7.2, C7.3        |
 * | L11 | 20/08/2026 | Fournitures |    60 000 | non     | non       | —                 | (launched the day before: none) |
 * | L12 | (blank)    | Services    |    35 000 | non     | non       | —                 | (no launch date: left out, counted) |
 * | L13 | 15/06/2026 | Fournitures |   300 000 | non     | non       | —                 | (launched before: none) |
 *
 * L2 holds no advance and its holder waived it (« Renonciation à l'avance » = oui); L13 holds no
 * advance and no waiver: an A17.R3 alert.
 */
const LOI_CLIMAT_CONTRACTS = [
  { key: "L1", entite: "Ville", objet: "Nettoyage des locaux des crèches et des relais petite enfance", nature: "Services", famille: "Propreté des locaux", cpv: "90919200", dir: "moyens", trade: "Propreté", procedure: "AOO", montant: 480_000, duree: 48, launch: utc(2026, 8, 21), notif: utc(2026, 11, 24), critEnv: false, clauseEnv: true, insertion: true, actions: "8; 24", offres: 5 },
  { key: "L2", entite: "Métropole", objet: "Collecte et valorisation des biodéchets des marchés alimentaires", nature: "Services", famille: "Déchets", cpv: "90511000", dir: "proprete", trade: "Environnement", procedure: "AOO", montant: 1_250_000, duree: 48, launch: utc(2026, 9, 7), notif: utc(2026, 12, 8), critEnv: true, clauseEnv: true, critereSocial: true, actions: "24; 25", avance: false, renonciation: true, offres: 3, observation: "Le titulaire a renoncé à l'avance (acte d'engagement)" },
  { key: "L3", entite: "Ville", objet: "Fourniture de papier, enveloppes et consommables d'impression", nature: "Fournitures", famille: "Fournitures de bureau", cpv: "30197630", dir: "moyens", trade: "Bureautique", procedure: "MAPA", montant: 216_000, duree: 36, launch: utc(2026, 9, 14), notif: utc(2026, 11, 3), critEnv: false, clauseEnv: true, actions: "24", offres: 4 },
  { key: "L4", entite: "Ville", objet: "Fourniture de jouets et de matériel pédagogique pour les crèches", nature: "Fournitures", famille: "Mobilier", cpv: "37520000", dir: "education", trade: "Jeux", procedure: "MAPA", montant: 215_900, duree: 36, launch: utc(2026, 9, 1), notif: utc(2026, 10, 20), critEnv: false, clauseEnv: false, actions: null, offres: 3 },
  { key: "L5", entite: "Métropole", objet: "Requalification de l'avenue des Deux Rives (voirie, réseaux, plantations)", nature: "Travaux", famille: "Voirie et réseaux divers", cpv: "45233140", dir: "voirie", trade: "Travaux publics", procedure: "AOO", montant: 6_200_000, duree: 24, launch: utc(2026, 8, 24), notif: utc(2026, 11, 30), critEnv: true, clauseEnv: true, critereInsertion: true, actions: "8; 14; 24", offres: 4, observation: "Critère d'insertion au jugement des offres, sans clause d'exécution" },
  { key: "L6", entite: "Métropole", objet: "Réfection des couches de roulement des voies métropolitaines — secteur Nord", nature: "Travaux", famille: "Voirie et réseaux divers", cpv: "45233252", dir: "voirie", trade: "Travaux publics", procedure: "MAPA", montant: 2_100_000, duree: 12, launch: utc(2026, 8, 28), notif: utc(2026, 11, 13), critEnv: true, clauseEnv: false, actions: "24; 26", offres: 3 },
  { key: "L7", entite: "Métropole", objet: "Construction du bassin de rétention des eaux pluviales de la Cerisaie", nature: "Travaux", famille: "Eau et assainissement", cpv: "45252000", dir: "eau", trade: "Assainissement", procedure: "AOO", montant: 5_650_000, duree: 18, launch: utc(2026, 9, 2), notif: utc(2026, 12, 10), critEnv: false, clauseEnv: true, sociale: true, actions: "12; 24", offres: 3, observation: "Clause d'égalité femmes-hommes dans l'exécution" },
  { key: "L8", entite: "Ville", objet: "Maintenance des ascenseurs et monte-charges des bâtiments municipaux", nature: "Services", famille: "Maintenance des bâtiments", cpv: "50750000", dir: "patrimoine", trade: "Ascenseurs", procedure: "MAPA", montant: 180_000, duree: 48, launch: utc(2026, 9, 15), notif: utc(2026, 10, 26), critEnv: true, clauseEnv: false, actions: null, offres: 2 },
  { key: "L9", entite: "Ville", objet: "Maîtrise d'œuvre pour la rénovation énergétique du groupe scolaire Pasteur", nature: "Maîtrise d'œuvre", famille: "Prestations intellectuelles", cpv: "71221000", dir: "patrimoine", trade: "Architectes", procedure: "PN", montant: 390_000, duree: 48, launch: utc(2026, 9, 10), notif: utc(2026, 12, 7), critEnv: true, clauseEnv: false, actions: "22; 23", offres: 4, moe: true },
  { key: "L10", entite: "Ville", objet: "Blanchisserie et entretien du linge des crèches municipales", nature: "Services", famille: "Blanchisserie", cpv: "98310000", dir: "sports", trade: "Blanchisserie", procedure: "AOO", montant: 240_000, duree: 48, launch: utc(2026, 9, 3), notif: utc(2026, 11, 17), critEnv: true, clauseEnv: false, reserve: "EA", actions: "11", offres: 2 },
  { key: "L11", entite: "Ville", objet: "Acquisition de vélos-cargos pour les agents des espaces verts", nature: "Fournitures", famille: "Véhicules", cpv: "34430000", dir: "espacesVerts", trade: "Cycles", procedure: "MAPA", montant: 60_000, duree: 12, launch: utc(2026, 8, 20), notif: utc(2026, 10, 5), critEnv: false, clauseEnv: false, actions: "22", offres: 3 },
  { key: "L12", entite: "Ville", objet: "Prestations de traiteur pour les vœux du maire", nature: "Services", famille: "Restauration collective", cpv: "55520000", dir: "communication", trade: "Traiteur", procedure: "MAPA", montant: 35_000, duree: 3, launch: null, notif: utc(2026, 11, 9), critEnv: false, clauseEnv: false, actions: "13", offres: 2, observation: "Date de lancement à retrouver dans le profil d'acheteur" },
  { key: "L13", entite: "Métropole", objet: "Fourniture de sel de déneigement", nature: "Fournitures", famille: "Voirie et réseaux divers", cpv: "34927100", dir: "voirie", trade: "Viabilité hivernale", procedure: "AOO", montant: 300_000, duree: 24, launch: utc(2026, 6, 15), notif: utc(2026, 10, 12), critEnv: false, clauseEnv: false, actions: null, avance: false, offres: 2 },
];

/** The concession of the register (nature « Concession »): a public service delegation of the Ville. */
const CONCESSION = {
  key: "C1", entite: "Ville", objet: "Délégation de service public pour la gestion de la fourrière automobile", nature: "Concession", famille: "Concessions de service public", cpv: "50118110", dir: "mobilites", trade: "Dépannage", procedure: "Procédure avec négociation", montant: 4_200_000, duree: 72, launch: utc(2025, 11, 3), notif: utc(2026, 6, 29), critEnv: true, clauseEnv: true, sociale: true, actions: "12; 24", offres: 2, recurrent: true,
  observation: "Concession : clauses d'égalité et de respect des valeurs de la République",
};

/** A contract written by hand: a drawn contract whose provisions are then set as the spec says. */
function handWritten(spec) {
  const t = { nature: spec.nature, famille: spec.famille, cpv: [spec.cpv], dir: spec.dir, entite: spec.entite, montant: [spec.montant, spec.montant], duree: [spec.duree], recurrent: 0, actions: [], trade: spec.trade, moe: !!spec.moe, works: spec.nature === "Travaux", objet: () => spec.objet };
  const r = makeContract(t, YEARS.length, spec.notif, {
    objet: spec.objet,
    cpv: spec.cpv,
    montant: spec.montant,
    duree: spec.duree,
    procedure: spec.procedure,
    recurrent: !!spec.recurrent,
    actions: [],
    nombreLots: 1,
    entite: spec.entite,
  });
  const yes = (b) => (b ? "oui" : "non");
  r.Nature = spec.nature;
  r["Date de lancement"] = spec.launch;
  r._launchFixed = true;
  r["Actions ciblées"] = spec.actions;
  r["Critère environnemental"] = yes(spec.critEnv);
  r["Clause environnementale"] = yes(spec.clauseEnv);
  r["Clause d'insertion"] = yes(spec.insertion);
  r["Heures d'insertion prévues"] = spec.insertion ? round(spec.montant / 1000, 5) : null;
  r["Heures d'insertion réalisées"] = spec.insertion ? 0 : null;
  r["Critère d'insertion"] = spec.critereInsertion ? "oui" : null;
  r["Clause sociale (hors insertion)"] = yes(spec.sociale);
  r["Critère social (hors insertion)"] = spec.critereSocial ? "oui" : null;
  r["Commerce équitable"] = null;
  r["Nombre d'offres"] = spec.offres;
  r["Offres de TPE/PME"] = Math.min(spec.offres, r["Offres de TPE/PME"] ?? 0);
  r["Infructueux"] = "non";
  if (spec.reserve) {
    const [name] = ESS_NAMES.find(([, kind]) => kind === spec.reserve);
    r["Marché réservé"] = spec.reserve;
    r.Titulaire = name;
    r["Titulaire TPE/PME"] = "oui";
    r["Titulaire ESS/SIAE/EA/ESAT"] = "oui";
  } else {
    r["Marché réservé"] = "non";
    if (r["Titulaire ESS/SIAE/EA/ESAT"] === "oui") r["Titulaire ESS/SIAE/EA/ESAT"] = "non";
    if (ESS_NAMES.some(([name]) => name === r.Titulaire)) r.Titulaire = pick(holders(t).large);
  }
  if (spec.avance === false) {
    r.Avance = "non";
    r["Taux d'avance"] = null;
  }
  r["Renonciation à l'avance"] = spec.renonciation ? "oui" : null;
  if (spec.nature === "Concession") r["Type de contrat"] = "Concession";
  if (spec.observation) r.Observations = spec.observation;
  return r;
}
/**
 * Cases of the unit of account, numbered 9xx (added by the officer after the extraction's others):
 * - an allotted consultation of 2025 (M25-901, three lots, estimated value 900 000 € HT);
 * - a framework agreement of 2025 (M25-902, maximum 600 000 € HT) and two subsequent contracts
 *   (M25-903, M25-904) that its amount already covers;
 * - two consultations launched after the loi Climat and not notified yet, set aside by the law:
 *   a defence one (M27-901) and one with a declared exception (V27-901);
 * - the renewal of one of the 2024 catering purchases that form a C7.4 group (V27-902, « Marché
 *   précédent » V24-006), in progress.
 * (The splitting group itself is drawn with the others: seven « Restauration collective »
 * purchases of the Ville in 2024, 354 690 € HT together.)
 */
function unitOfAccountRows() {
  const out = [];
  const add = (id, spec, extra = {}) => {
    // A running consultation is drawn as if notified (its provisions), then made not notified (running()).
    const r = handWritten({ critEnv: true, clauseEnv: true, offres: 3, actions: null, ...spec, notif: spec.notif ?? utc(2027, 1, 4) });
    r["N° marché"] = id;
    r.Infructueux = spec.notif ? "non" : null;
    Object.assign(r, extra);
    out.push(r);
    return r;
  };
  const catering = { entite: "Ville", nature: "Services", famille: "Restauration collective", cpv: "55520000", dir: "communication", trade: "Traiteur", procedure: "MAPA", duree: 48, recurrent: true, actions: "11" };
  const lots = [
    ["travaux de couverture", 420_000, 4],
    ["menuiseries extérieures", 310_000, 6],
    ["électricité", 150_000, 5],
  ];
  lots.forEach(([what, montant, offres], i) => {
    add(
      `M25-901-L0${i + 1}`,
      { key: `A${i + 1}`, entite: "Métropole", objet: `Rénovation de la maison des associations — lot 0${i + 1} : ${what}`, nature: "Travaux", famille: "Bâtiment", cpv: "45260000", dir: "patrimoine", trade: "Bâtiment", procedure: "AOO", montant, duree: 10, launch: utc(2025, 2, 3), notif: utc(2025, 6, 16), offres, actions: "14" },
      { "N° consultation": "M25-901", "N° lot": `0${i + 1}`, "Nombre de lots": 3, Alloti: "oui", "Valeur estimée du besoin (€ HT)": 900_000 },
    );
  });
  add("M25-902", { key: "AC", entite: "Métropole", objet: "Accord-cadre de fourniture de mobilier scolaire", nature: "Fournitures", famille: "Mobilier", cpv: "39160000", dir: "education", trade: "Mobilier", procedure: "AOO", montant: 600_000, duree: 48, launch: utc(2025, 1, 13), notif: utc(2025, 5, 5) }, { "Type de contrat": "Accord-cadre" });
  add("M25-903", { key: "MS1", entite: "Métropole", objet: "Marché subséquent n° 1 : mobilier des collèges du secteur Est", nature: "Fournitures", famille: "Mobilier", cpv: "39160000", dir: "education", trade: "Mobilier", procedure: "AOO", montant: 180_000, duree: 6, launch: utc(2025, 6, 2), notif: utc(2025, 7, 7) }, { "Type de contrat": "Marché subséquent", "N° accord-cadre": "M25-902" });
  add("M25-904", { key: "MS2", entite: "Métropole", objet: "Marché subséquent n° 2 : mobilier des collèges du secteur Ouest", nature: "Fournitures", famille: "Mobilier", cpv: "39160000", dir: "education", trade: "Mobilier", procedure: "AOO", montant: 240_000, duree: 6, launch: utc(2025, 9, 1), notif: utc(2025, 10, 6) }, { "Type de contrat": "Marché subséquent", "N° accord-cadre": "M25-902" });
  const running = (r, prevue) => {
    r["Date de notification"] = null;
    r["Date prévisionnelle d'attribution"] = prevue;
    for (const k of ["Titulaire", "Titulaire TPE/PME", "Titulaire ESS/SIAE/EA/ESAT", "Nombre d'offres", "Offres de TPE/PME", "DCE retirés", "Offres irrégulières", "Avance", "Taux d'avance"]) r[k] = null;
    return r;
  };
  running(add("M27-901", { key: "D1", entite: "Métropole", objet: "Maintenance des équipements de vidéoprotection du centre de supervision urbain", nature: "Services", famille: "Sécurité", cpv: "50343000", dir: "moyens", trade: "Sécurité", procedure: "AOO", montant: 640_000, duree: 48, launch: utc(2026, 10, 1), notif: null, critEnv: false, clauseEnv: false }, { "Défense ou sécurité": "oui" }), utc(2027, 2, 15));
  running(add("V27-901", { key: "E1", entite: "Ville", objet: "Relogement d'urgence après l'incendie de la résidence des Tilleuls", nature: "Services", famille: "Hébergement", cpv: "98341000", dir: "moyens", trade: "Hébergement", procedure: "Marché négocié sans publicité ni mise en concurrence", montant: 95_000, duree: 6, launch: utc(2026, 11, 2), notif: null, critEnv: false, clauseEnv: false }, { "Motif d'exception loi Climat": "urgence impérieuse (art. R2122-1 du code de la commande publique)" }), utc(2027, 1, 11));
  running(add("V27-902", { ...catering, key: "RN", objet: "Prestations de traiteur pour les réceptions et cérémonies (renouvellement)", montant: 60_000, launch: utc(2026, 11, 16), notif: null, actions: "11; 13; 24" }, { "Marché précédent": "V24-006", "Récurrent": "oui" }), utc(2027, 10, 4));
  return out;
}

/**
 * The mistakes a real register holds, planted at fixed places so that the data-quality report has
 * something to show. Returns the rows to write (null = an entirely blank row).
 */
function plantMistakes(rows) {
  const out = rows.slice();
  const notified = (y) => out.filter((r) => r && r["Date de notification"] && r["Date de notification"].getUTCFullYear() === y);
  const n24 = notified(2024);
  const n25 = notified(2025);
  // A family looked up with a formula whose code was missing, pasted as values: #N/A.
  n24[11]["Famille d'achat"] = { error: "#N/A" };
  // A date typed by hand that does not exist.
  n24[30]["Date de notification"] = "31/02/2024";
  // "oui " with a trailing space, an amount typed as text, an abbreviation.
  n25[4]["Clause environnementale"] = "oui ";
  n25[9]["Montant HT (€)"] = "12 500 €";
  n25[9]["Procédure"] = "Sans publicité ni mise en concurrence";
  n24[45]["Critère environnemental"] = "Oui";
  // "NC" (non communiqué) where a number is expected.
  n25[17]["Nombre d'offres"] = "NC";
  // A procedure the SPASER does not classify.
  const moe = n25.find((r) => r.Nature === "Maîtrise d'œuvre" || r._t.moe);
  if (moe) {
    moe["Procédure"] = "Concours restreint";
    moe.Observations = "Concours de maîtrise d'œuvre, prime de 12 000 € HT par candidat";
  }
  // An action number that does not exist (27 for 24?).
  n25[40]["Actions ciblées"] = "24; 27";
  // A works lot awarded to a groupement: one row per member (the co-contractor below the agent).
  const lot = n24.find((r) => / — lot 01 : /.test(r.Objet));
  const co = { ...lot, Titulaire: `${pick(GROUPS)} Bâtiment (cotraitant)`, Observations: "Groupement conjoint, mandataire ci-dessus" };
  lot.Observations = "Groupement conjoint : mandataire";
  out.splice(out.indexOf(lot) + 1, 0, co);
  // A row pasted twice.
  const twice = n25[55];
  out.splice(out.indexOf(twice) + 3, 0, { ...twice });
  // A row added before its number was known.
  const noNumber = makeContract(TEMPLATES[4], 2, workingDay(utc(2025, 12, 15)));
  noNumber["N° marché"] = null;
  noNumber["Date de lancement"] = workingDay(addDays(noNumber["Date de notification"], -launchDelay(noNumber["Procédure"], false)));
  noNumber.Observations = "N° à attribuer (en attente du service financier)";
  out.splice(out.indexOf(n25[n25.length - 1]) + 1, 0, noNumber);
  // An entirely blank row left after a deletion.
  out.splice(out.indexOf(n24[60]), 0, null);
  // A few comments, as officers write them.
  n24[3].Observations = "Reconduction 2025 notifiée";
  n25[12].Observations = "Avenant n°1 (prolongation de 3 mois)";
  n24[70].Observations = "Marché subséquent de l'accord-cadre de la centrale d'achat";
  return out;
}

// ------------------------------------------------------------------ the DECP publication columns

/** The Luhn check digit that makes `digits` + it a valid SIREN or SIRET. */
function luhnDigit(digits) {
  for (let d = 0; d <= 9; d++) {
    const s = digits + d;
    let sum = 0;
    for (let i = 0; i < s.length; i++) {
      let x = Number(s[s.length - 1 - i]);
      if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      sum += x;
    }
    if (sum % 10 === 0) return String(d);
  }
  return "0";
}

/** A SIRET (fictitious, Luhn-valid) for a name: the same name always gets the same one. */
function siretOf(name, prefix = "") {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  const body = (prefix + String((h >>> 0) % 1e8).padStart(8, "0")).slice(0, 8);
  const siren = body + luhnDigit(body);
  const nic = `${String(((h >>> 8) % 90) + 10).padStart(4, "0")}`;
  return siren + nic + luhnDigit(siren + nic);
}

/** The two buyers' SIRET (fictitious) and place of execution. */
const BUYERS = {
  Ville: { siret: siretOf("Ville", "2169"), lieu: ["69123", "Code commune"] },
  Métropole: { siret: siretOf("Métropole", "2000"), lieu: ["69", "Code département"] },
};

/**
 * The columns the DECP format requires (SPEC §11), as the officer fills them from the contract's
 * documents: derived here from the row's other values only, so that no drawn value moves.
 */
function addPublicationColumns(rows) {
  for (const r of rows) {
    if (!r) continue;
    const buyer = BUYERS[r["Entité"]] ?? BUYERS.Ville;
    const nature = r.Nature ?? r._t?.nature;
    const famille = r["Famille d'achat"];
    const concession = r["Type de contrat"] === "Concession";
    r["SIRET acheteur"] = buyer.siret;
    r["Code du lieu d'exécution"] = buyer.lieu[0];
    r["Type de code du lieu d'exécution"] = buyer.lieu[1];
    if (r.Titulaire) {
      r["SIRET titulaire"] = siretOf(r.Titulaire);
      r["Type d'identifiant titulaire"] = "SIRET";
    }
    const groupement = /groupement conjoint/i.test(r.Observations ?? "");
    r["Groupement d'opérateurs"] = groupement ? "Conjoint" : "Pas de groupement";
    // The lot awarded to a groupement had an amending agreement (more works): its amount after it.
    if (groupement && /mandataire$/.test(r.Observations) && typeof r["Montant HT (€)"] === "number") r["Montant après modifications (€)"] = round2(r["Montant HT (€)"] * 1.08);
    r["Sous-traitance déclarée"] = nature === "Travaux" ? "oui" : "non";
    if (concession) {
      r["Nature de la concession"] = "Délégation de service public";
      r["Procédure de la concession"] = "Procédure négociée ouverte";
      r["Date de début d'exécution"] = utc(2026, 9, 1);
      r["Subvention publique (€)"] = 0;
      continue;
    }
    r.CCAG =
      nature === "Travaux" ? "Travaux"
      : nature === "Maîtrise d'œuvre" ? "Maîtrise d'œuvre"
      : famille === "Informatique" ? "TIC"
      : famille === "Prestations intellectuelles" ? "Prestations intellectuelles"
      : "Fournitures courantes et services";
    r["Forme du prix"] = nature === "Travaux" || nature === "Maîtrise d'œuvre" ? "Forfaitaire" : nature === "Fournitures" || r["Récurrent"] === "oui" ? "Unitaire" : "Mixte";
    r["Types de prix"] = r["Révision des prix"] === "oui" ? "Définitif révisable" : "Définitif ferme";
    r["Modalités d'exécution"] = r["Type de contrat"] === "Accord-cadre" ? "Marchés subséquents" : "Sans objet";
    r["Marché innovant"] = "non";
  }
}

// ------------------------------------------------------------------ side sheets

function activities() {
  const A = (action, type, intitule, statut, date, formes, aFormer, jours) => ({ action, type, intitule, statut, date, formes, aFormer, jours });
  const rows = [];
  CAD_DATES.forEach((d, i) => rows.push(A(1, "Réunion", `Comité annuel des achats durables ${d.getUTCFullYear()} : cotation des marchés récurrents${i ? " et bilan de l'année écoulée" : ""}`, "Réalisée", d, null, null, null)));
  rows.push(
    A(4, "Communication", "Présentation du SPASER en comité de direction générale", "Réalisée", utc(2023, 2, 7)),
    A(4, "Communication", "Lettre interne « Achats responsables » n°1", "Réalisée", utc(2023, 5, 22)),
    A(4, "Formation", "Sensibilisation des référents transition et commande publique", "Réalisée", utc(2023, 10, 3)),
    A(4, "Communication", "Page intranet du SPASER", "Programmée", utc(2023, 12, 15)),
    A(4, "Communication", "Lettre interne « Achats responsables » n°2", "Réalisée", utc(2024, 3, 18)),
    A(4, "Formation", "Matinale des acheteurs : la clause d'insertion", "Réalisée", utc(2024, 6, 11)),
    A(4, "Communication", "Page intranet du SPASER", "Réalisée", utc(2024, 9, 2)),
    A(4, "Communication", "Vidéo de présentation du SPASER aux élus", "Annulée", utc(2024, 10, 15)),
    A(4, "Formation", "Matinale des acheteurs : l'économie circulaire", "Réalisée", utc(2025, 2, 4)),
    A(4, "Communication", "Lettre interne « Achats responsables » n°3", "Réalisée", utc(2025, 4, 14)),
    A(4, "Communication", "Bilan annuel du SPASER en conseil municipal et métropolitain", "Réalisée", utc(2025, 6, 26)),
    A(4, "Formation", "Matinale des acheteurs : coût global et ACV", "Programmée", utc(2025, 12, 9)),
    A(5, "Officialisation", "Mission SPASER inscrite dans les fiches de poste des experts (PLIE, 3DE, QVT, mission ESS)", "Réalisée", utc(2024, 3, 1)),
    A(5, "Expertise", "Groupe d'experts SPASER : réunions trimestrielles", "Réalisée", utc(2023, 12, 31), null, null, 6),
    A(5, "Expertise", "Groupe d'experts SPASER : réunions trimestrielles et cotations", "Réalisée", utc(2024, 12, 31), null, null, 11.5),
    A(5, "Expertise", "Groupe d'experts SPASER : réunions trimestrielles et cotations", "Réalisée", utc(2025, 12, 31), null, null, 14),
    A(6, "Réseau", "Adhésion au Réseau des Acheteurs Publics Intégrant le Développement Durable (RAPIDD)", "Réalisée", utc(2023, 3, 15)),
    A(6, "Réseau", "Rencontre France Urbaine « achats responsables »", "Programmée", utc(2023, 11, 28)),
    A(6, "Réseau", "Témoignage au salon des achats publics responsables", "Réalisée", utc(2024, 5, 23)),
    A(6, "Réseau", "Groupe de travail AURA-EE sur la sobriété énergétique", "Réalisée", utc(2024, 10, 8)),
    A(6, "Réseau", "Rencontre des opérateurs économiques du BTP", "Réalisée", utc(2025, 3, 20)),
    A(6, "Réseau", "Groupe de travail France Urbaine : clauses environnementales", "Réalisée", utc(2025, 9, 30)),
    A(6, "Réseau", "Journée régionale de la commande publique responsable", "Programmée", utc(2025, 12, 4)),
    A(7, "Outil", "Matrice de cotation du « potentiel durable » des marchés récurrents", "Réalisée", utc(2023, 9, 12)),
    A(7, "Outil", "Guide de l'achat responsable", "Programmée", utc(2023, 12, 20)),
    A(7, "Formation", "Formation des référents à la matrice de cotation", "Réalisée", utc(2023, 10, 17), 18, 30),
    A(7, "Outil", "Guide de l'achat responsable", "Réalisée", utc(2024, 4, 9)),
    A(7, "Outil", "Fiches clauses types : insertion, environnement, égalité", "Réalisée", utc(2024, 6, 25)),
    A(7, "Outil", "Calculateur de coût global", "Programmée", utc(2024, 12, 10)),
    A(7, "Formation", "Formation au guide de l'achat responsable", "Réalisée", utc(2024, 5, 14), 42, 60),
    A(7, "Outil", "Calculateur de coût global", "Réalisée", utc(2025, 3, 11)),
    A(7, "Outil", "Liste des marchés récurrents à l'usage des élus du CAD", "Réalisée", utc(2025, 10, 28)),
    A(7, "Outil", "Modèle de rapport annuel d'impacts du titulaire", "Programmée", utc(2025, 12, 16)),
    A(7, "Formation", "Formation au calculateur de coût global", "Réalisée", utc(2025, 4, 8), 51, 65),
    A(7, "Formation", "Formation des nouveaux acheteurs", "Programmée", utc(2025, 11, 18), null, 12),
    A(9, "Événement", "Trophées de la clause d'insertion", "Réalisée", utc(2024, 6, 20)),
    A(9, "Événement", "Trophées de la clause d'insertion", "Réalisée", utc(2025, 6, 19)),
    A(15, "Open data", "Publication des données essentielles 2022 sur le portail open data", "Programmée", utc(2023, 6, 30)),
    A(15, "Open data", "Publication des données essentielles 2023 sur le portail open data", "Réalisée", utc(2024, 3, 29)),
    A(15, "Open data", "Publication de la programmation des achats 2025", "Réalisée", utc(2024, 12, 16)),
    A(15, "Open data", "Publication des données essentielles 2024 sur le portail open data", "Réalisée", utc(2025, 3, 27)),
    A(16, "Accompagnement", "Réunion d'information des entreprises locales avec la CCI", "Réalisée", utc(2023, 4, 6)),
    A(16, "Accompagnement", "Atelier « Répondre à un marché public » pour les TPE", "Programmée", utc(2023, 11, 9)),
    A(16, "Accompagnement", "Atelier « Répondre à un marché public » pour les TPE", "Réalisée", utc(2024, 2, 15)),
    A(16, "Accompagnement", "Forum des structures de l'ESS et du secteur protégé", "Réalisée", utc(2024, 10, 3)),
    A(16, "Accompagnement", "Atelier « Dématérialisation des offres »", "Réalisée", utc(2025, 2, 13)),
    A(16, "Accompagnement", "Rencontre acheteurs – artisans du bâtiment (CMA)", "Réalisée", utc(2025, 5, 22)),
    A(16, "Accompagnement", "Atelier « Avance et paiement des TPE »", "Annulée", utc(2025, 9, 25)),
    // 2026, the year in progress (extraction of 14/12/2026)
    A(4, "Communication", "Lettre interne « Achats responsables » n°4 : la loi Climat au 21 août 2026", "Réalisée", utc(2026, 3, 16)),
    A(4, "Formation", "Matinale des acheteurs : critères et clauses environnementales obligatoires", "Réalisée", utc(2026, 6, 9)),
    A(4, "Communication", "Bilan annuel du SPASER en conseil municipal et métropolitain", "Réalisée", utc(2026, 6, 25)),
    A(4, "Formation", "Matinale des acheteurs : la considération sociale au-dessus des seuils européens", "Programmée", utc(2026, 12, 15)),
    A(5, "Expertise", "Groupe d'experts SPASER : réunions trimestrielles et cotations", "Réalisée", utc(2026, 11, 30), null, null, 12.5),
    A(6, "Réseau", "Groupe de travail France Urbaine : mise en œuvre de l'article 35 de la loi Climat", "Réalisée", utc(2026, 4, 2)),
    A(6, "Réseau", "Rencontre des opérateurs économiques de la propreté et des déchets", "Programmée", utc(2026, 10, 8)),
    A(7, "Outil", "Clausier loi Climat : critères environnementaux et considérations sociales types", "Réalisée", utc(2026, 7, 7)),
    A(7, "Outil", "Modèle de rapport annuel d'impacts du titulaire", "Réalisée", utc(2026, 2, 17)),
    A(7, "Formation", "Formation au clausier loi Climat", "Réalisée", utc(2026, 9, 22), 58, 70),
    A(9, "Événement", "Trophées de la clause d'insertion", "Réalisée", utc(2026, 6, 18)),
    A(15, "Open data", "Publication des données essentielles 2025 sur le portail open data", "Réalisée", utc(2026, 3, 26)),
    A(15, "Open data", "Publication de la programmation des achats 2027", "Programmée", utc(2026, 12, 17)),
    A(16, "Accompagnement", "Atelier « Avance et paiement des TPE »", "Réalisée", utc(2026, 2, 12)),
    A(16, "Accompagnement", "Forum des structures de l'ESS et du secteur protégé", "Réalisée", utc(2026, 10, 1)),
  );
  return rows;
}

const AGES = ["moins de 26 ans", "26-49 ans", "50 ans et plus"];
const QUALIFICATIONS = ["Infra 3 (sans diplôme)", "Niveau 3 (CAP, BEP)", "Niveau 4 (Bac)", "Niveau 5 et plus (Bac+2)"];

/** PLIE follow-up: the hours of each contract with a clause d'insertion, split per beneficiary and year. */
function insertionRows(contracts) {
  const rows = [];
  for (const c of contracts) {
    const done = c["Heures d'insertion réalisées"];
    const notif = c["Date de notification"];
    if (!(notif instanceof Date) || typeof done !== "number" || done <= 0) continue;
    const end = new Date(Math.min(EXTRACTION.getTime(), addDays(notif, c["Durée (mois)"] * 30.4).getTime()));
    const span = Math.max(1, end.getTime() - notif.getTime());
    for (const year of [...YEARS, CURRENT_YEAR]) {
      const from = Math.max(notif.getTime(), utc(year, 1, 1).getTime());
      const to = Math.min(end.getTime(), utc(year + 1, 1, 1).getTime());
      if (to <= from) continue;
      let hours = Math.round((done * (to - from)) / span);
      const yi = year === CURRENT_YEAR ? YEARS.length : YEARS.indexOf(year);
      while (hours > 0) {
        const h = Math.min(hours, int(70, 420));
        hours -= h;
        rows.push({
          marche: c["N° marché"],
          annee: year,
          heures: h,
          genre: chance(lvl(yi, 0.17, 0.31)) ? "F" : "H",
          age: pick([AGES[0], AGES[0], AGES[1], AGES[1], AGES[1], AGES[2]]),
          qualification: pick([QUALIFICATIONS[0], QUALIFICATIONS[0], QUALIFICATIONS[1], QUALIFICATIONS[1], QUALIFICATIONS[2], QUALIFICATIONS[3]]),
          rqth: chance(0.09) ? "oui" : "non",
          formation: chance(lvl(yi, 0.2, 0.38)) ? "oui" : "non",
        });
      }
    }
  }
  rows.sort((a, b) => a.annee - b.annee || (a.marche < b.marche ? -1 : a.marche > b.marche ? 1 : 0));
  return rows;
}

const MANUAL_INPUTS = [
  ["A22.E1", 2023, 48_620, "Consommation du patrimoine bâti en MWh (bilan 3DE), dont 21 % d'origine renouvelable"],
  ["A22.E1", 2024, 46_150, "Consommation du patrimoine bâti en MWh (bilan 3DE), dont 25 % d'origine renouvelable"],
  ["A22.E1", 2025, 44_380, "Consommation du patrimoine bâti en MWh (bilan provisoire 3DE)"],
  ["A22.E2", 2023, 6.1, "Années, véhicules et postes informatiques (inventaire)"],
  ["A22.E2", 2024, 6.4, "Années, véhicules et postes informatiques (inventaire)"],
  ["A22.E2", 2025, 6.9, "Années, véhicules et postes informatiques (inventaire)"],
  ["A23.E2", 2024, 0.25, "Part renouvelable de la consommation du patrimoine public (3DE)"],
  ["A23.E2", 2025, 0.29, "Part renouvelable de la consommation du patrimoine public (3DE), provisoire"],
  ["A24.E2", 2025, 0.46, "Produits d'entretien et fournitures de bureau éco-labellisés / ciblés"],
  ["A24.E5", 2024, 1_180_000, "Production des centrales photovoltaïques en toiture (kWh)"],
  ["A24.E5", 2025, 1_420_000, "Production des centrales photovoltaïques en toiture (kWh)"],
  ["A12.E2", 2025, 0.34, "Part des femmes dans les heures d'exécution des contrats clausés égalité"],
  ["A24.E2", 2026, 0.53, "Produits d'entretien et fournitures de bureau éco-labellisés / ciblés (au 30/11/2026)"],
  ["A24.E5", 2026, 1_510_000, "Production des centrales photovoltaïques en toiture (kWh), de janvier à novembre"],
];

const PARAMETERS = [
  ["Collectivité", "Ville et Métropole"],
  ["Étape en cours", 1],
  ["Libellé étape 1", "Étape 1 (2023-2026)"],
  ["Libellé étape 2", "Étape 2 (2027-2029)"],
  ["Seuil clause d'insertion (€ HT)", 90_000, "€"],
  ["Seuil marchés réservés (€ HT)", 90_000, "€"],
  ["Suivi marchés de (€ HT)", 10_000, "€"],
  ["Suivi marchés à (€ HT)", 40_000, "€"],
  ["Seuil avance bonifiée (€ HT)", 215_000, "€"],
  ["Taux avance bonifiée", 0.3, "%"],
  ["Seuil avance obligatoire (€ HT)", 50_000, "€"],
  ["Durée avance obligatoire (mois)", 2],
  ["Durée révision des prix (mois)", 12],
  ["Anticipation cotation (mois)", 12],
  ["Horizon cotation (mois)", 24],
  ["Seuil opérations d'envergure (€ HT)", 5_404_000, "€"],
  ["T4 inclut l'insertion", "oui", null, "oui : T4 compte l'insertion, comme l'indicateur national du PNAD"],
  ["Date d'application loi Climat", utc(2026, 8, 21), "date", "Loi n° 2021-1104 du 22 août 2021, art. 35 : consultations lancées à compter du 21 août 2026"],
  ["Seuil européen fournitures et services (€ HT)", 216_000, "€", "Seuils européens 2026-2027 des collectivités territoriales"],
  ["Seuil européen travaux (€ HT)", 5_404_000, "€", "Seuils européens 2026-2027"],
  ["Référence nationale T1", "aucune"],
  ["Référence nationale T2", 1, "%", "PNAD 2022-2025, objectif 2025 : 100 % des contrats avec une considération environnementale"],
  ["Référence nationale T3", "aucune"],
  ["Référence nationale T4", 0.3, "%", "PNAD 2022-2025, objectif 2025 : 30 % des contrats avec une considération sociale"],
  ["Constat national considérations environnementales", 0.292, "%", "OECP, recensement 2022 : contrats notifiés en 2022"],
  ["Constat national considérations sociales", 0.223, "%", "OECP, recensement 2022 : contrats notifiés en 2022"],
  ["Cible T1 étape 1", 0.3, "%"],
  ["Cible T1 étape 2", 0.7, "%"],
  ["Cible T2 étape 1", 0.5, "%"],
  ["Cible T2 étape 2", 1, "%"],
  ["Cible T3 étape 1", 0.5, "%"],
  ["Cible T3 étape 2", 0.8, "%"],
  ["Cible T4 étape 1", 0.3, "%"],
  ["Cible T4 étape 2", 0.6, "%"],
  ["Cible T5 étape 1", 0.5, "%"],
  ["Cible T5 étape 2", 0.8, "%"],
  ["Cible T6 étape 1", 0.5, "%"],
  ["Cible T6 étape 2", 0.8, "%"],
];

// ------------------------------------------------------------------ writing the workbook

const EUR = '#,##0.00 "€"';
const DATE = "dd/mm/yyyy";
const HEADER_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FF1F4E79" } };
const HEADER_FONT = { bold: true, color: { argb: "FFFFFFFF" } };
const THIN = { style: "thin", color: { argb: "FFBFBFBF" } };

function styleHeader(row) {
  row.height = 45;
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.font = HEADER_FONT;
    cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
    cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
  });
}

function writeRegister(wb, rows) {
  const ws = wb.addWorksheet("Registre", { properties: { tabColor: { argb: "FF1F4E79" } } });
  ws.getCell("A1").value = "Registre des marchés — Ville et Métropole";
  ws.getCell("A1").font = { bold: true, size: 16, color: { argb: "FF1F4E79" } };
  ws.getCell("A2").value = `Extraction du ${frDate(EXTRACTION)} — Service de la Commande Publique, mission recensement, coordination et programmation`;
  ws.getCell("A2").font = { italic: true, color: { argb: "FF595959" } };
  const headerRowNumber = 4;
  const header = ws.getRow(headerRowNumber);
  HEADERS.forEach((h, i) => (header.getCell(i + 1).value = h));
  styleHeader(header);
  HEADERS.forEach((h, i) => {
    const col = ws.getColumn(i + 1);
    col.width = WIDTHS[h] ?? (DATE_COLUMNS.has(h) ? 13 : 12);
    if (DATE_COLUMNS.has(h)) col.numFmt = DATE;
    else if (h === "Montant HT (€)") col.numFmt = EUR;
    else if (h === "Taux d'avance") col.numFmt = "0%";
    else if (PERCENT_COLUMNS.has(h)) col.numFmt = "0.0%";
  });
  let r = headerRowNumber + 1;
  for (const row of rows) {
    if (row) {
      const xr = ws.getRow(r);
      HEADERS.forEach((h, i) => {
        const v = row[h];
        if (v === null || v === undefined) return;
        const cell = xr.getCell(i + 1);
        cell.value = v;
        if (v instanceof Date) cell.numFmt = DATE;
        else if (typeof v === "number" && (h === "Montant HT (€)" || h === "Montant après modifications (€)")) cell.numFmt = EUR;
        else if (typeof v === "number" && PERCENT_COLUMNS.has(h)) cell.numFmt = h === "Taux d'avance" ? "0%" : "0.0%";
      });
    }
    r++;
  }
  ws.views = [{ state: "frozen", xSplit: 2, ySplit: headerRowNumber, topLeftCell: `C${headerRowNumber + 1}`, activeCell: `C${headerRowNumber + 1}` }];
  ws.autoFilter = { from: { row: headerRowNumber, column: 1 }, to: { row: r - 1, column: HEADERS.length } };
  ws.pageSetup = { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${headerRowNumber}:${headerRowNumber}` };
  return ws;
}

function writeTable(wb, name, title, headers, rows, formats = {}, widths = []) {
  const ws = wb.addWorksheet(name);
  let r = 1;
  if (title) {
    ws.getCell("A1").value = title;
    ws.getCell("A1").font = { bold: true, size: 14, color: { argb: "FF1F4E79" } };
    r = 3;
  }
  const hr = ws.getRow(r);
  headers.forEach((h, i) => (hr.getCell(i + 1).value = h));
  styleHeader(hr);
  hr.height = 30;
  headers.forEach((h, i) => {
    ws.getColumn(i + 1).width = widths[i] ?? 14;
    if (formats[h]) ws.getColumn(i + 1).numFmt = formats[h];
  });
  const first = r;
  for (const row of rows) {
    r++;
    const xr = ws.getRow(r);
    row.forEach((v, i) => {
      if (v === null || v === undefined) return;
      const cell = xr.getCell(i + 1);
      cell.value = v;
      const f = formats[headers[i]];
      if (f && (typeof v === "number" || v instanceof Date)) cell.numFmt = f;
    });
  }
  ws.views = [{ state: "frozen", ySplit: first }];
  ws.autoFilter = { from: { row: first, column: 1 }, to: { row: r, column: headers.length } };
  return ws;
}

/** `Paramètres`: name, value and, for the figures that come from a text, its source. */
function writeParameters(wb, parameters) {
  const params = wb.addWorksheet("Paramètres");
  params.getRow(1).values = ["Paramètre", "Valeur", "Source"];
  styleHeader(params.getRow(1));
  params.getRow(1).height = 20;
  params.getColumn(1).width = 46;
  params.getColumn(2).width = 22;
  params.getColumn(3).width = 90;
  parameters.forEach(([name, value, unit, source], i) => {
    const row = params.getRow(2 + i);
    row.getCell(1).value = name;
    row.getCell(2).value = value;
    if (unit === "€") row.getCell(2).numFmt = '#,##0 "€"';
    else if (unit === "%") row.getCell(2).numFmt = Number.isInteger(value * 100) ? "0%" : "0.0%";
    else if (unit === "date") row.getCell(2).numFmt = DATE;
    if (source) row.getCell(3).value = source;
  });
  return params;
}

async function build(output = DEFAULT_OUTPUT, seed = SEED) {
  rnd = mulberry32(seed);
  holderPools.clear();
  rndLate = mulberry32(seed * 7919 + 1);
  const contracts = buildContracts();
  plantWaivers(contracts);
  const rows = plantMistakes(contracts);
  // The unit of account (SPEC §2.1.1, §7.1.1, §7.4, §9), drawn from generators of their own so
  // that every other row, activity and beneficiary stays as it was.
  const saved = [rnd, rndLate];
  rnd = mulberry32(seed * 31 + 7);
  rndLate = mulberry32(seed * 17 + 3);
  rows.push(...unitOfAccountRows());
  [rnd, rndLate] = saved;
  // Drawn from no generator: every other value stays as it was.
  addPublicationColumns(rows);

  const wb = new ExcelJS.Workbook();
  wb.creator = "Service de la Commande Publique";
  wb.lastModifiedBy = "Service de la Commande Publique";
  wb.title = "Registre des marchés — Ville et Métropole";
  wb.company = "Ville et Métropole";
  wb.created = EXTRACTION;
  wb.modified = EXTRACTION;
  wb.calcProperties = { fullCalcOnLoad: false };

  writeRegister(wb, rows);

  writeTable(
    wb,
    "Activités",
    "Activités du SPASER (gouvernance, communication, outils, réseaux)",
    ["Action", "Type", "Intitulé", "Statut", "Date", "Agents formés", "Agents à former", "Temps (jours)"],
    activities().map((a) => [a.action, a.type, a.intitule, a.statut, a.date, a.formes, a.aFormer, a.jours]),
    { Date: DATE },
    [8, 16, 78, 12, 12, 10, 10, 10],
  );

  const registerRows = rows.filter((r) => r && typeof r["N° marché"] === "string");
  const seen = new Set();
  const firstRows = registerRows.filter((r) => (seen.has(r["N° marché"]) ? false : (seen.add(r["N° marché"]), true)));
  writeTable(
    wb,
    "Insertion",
    "Suivi de la clause d'insertion (PLIE) — un bénéficiaire par ligne",
    ["N° marché", "Année", "Heures réalisées", "Genre", "Tranche d'âge", "Niveau de qualification", "RQTH", "Formation qualifiante"],
    insertionRows(firstRows).map((x) => [x.marche, x.annee, x.heures, x.genre, x.age, x.qualification, x.rqth, x.formation]),
    {},
    [16, 8, 10, 8, 16, 26, 8, 12],
  );

  const saisies = writeTable(wb, "Saisies", "Indicateurs d'effets saisis (sources extérieures au registre)", ["Indicateur", "Année", "Valeur", "Commentaire"], MANUAL_INPUTS, {}, [12, 8, 14, 90]);
  MANUAL_INPUTS.forEach((m, i) => {
    const cell = saisies.getCell(4 + i, 3);
    cell.numFmt = m[2] < 1 ? "0%" : Number.isInteger(m[2]) ? "#,##0" : "0.0";
  });

  writeParameters(wb, PARAMETERS);

  await writeDeterministic(wb, output, EXTRACTION);
  return { output, rows: rows.length, contracts: registerRows.length };
}

module.exports = { build, HEADERS, DEFAULT_OUTPUT };

if (require.main === module) {
  const own = process.argv[2] ? path.resolve(process.argv[2]) : null;
  build(own ?? DEFAULT_OUTPUT)
    .then(async ({ output, rows }) => {
      console.log(`Classeur d'exemple écrit : ${path.relative(process.cwd(), output)} (${rows} lignes dans le registre)`);
      // `npm run example` rebuilds the second and third examples too (the SPASER of a hospital group, of a département).
      if (!own) {
        const ght = await require("./build-example-ght.js").build();
        console.log(`Classeur d'exemple du GHT écrit : ${path.relative(process.cwd(), ght.output)} (${ght.contracts} marchés, ${ght.indicators} lignes de référentiel)`);
        const dept = await require("./build-example-departement.js").build();
        console.log(`Classeur d'exemple du Département écrit : ${path.relative(process.cwd(), dept.output)} (${dept.contracts} marchés, ${dept.indicators} lignes de référentiel)`);
      }
    })
    .then(undefined, (e) => {
      console.error(`Échec de la construction du classeur d'exemple : ${e && e.stack ? e.stack : e}`);
      process.exitCode = 1;
    });
}
