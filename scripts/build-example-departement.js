#!/usr/bin/env node
"use strict";

/**
 * Builds examples/spaser-departement.xlsx: a third SPASER, that of a département (« Département du
 * Val-de-Rance », fictitious): collèges (buildings and the catering bought for them), roads, the
 * transport of pupils with disabilities, social action and the buyer's own services. It has its own
 * plan in a `Plan` sheet, its own indicators in a `Référentiel` sheet (SPEC §8, §8.1) and a register
 * with columns of its own (« Compétence », « Collège », « Heures d'insertion », « Part durable et de
 * qualité (%) », « Agrégats recyclés (%) », « Véhicules à faibles émissions »).
 *
 * Source of its structure. The plan follows the published SPASER of a real département: the
 * « schéma de la commande publique responsable 2023-2028 (SPASER) » of the Département
 * d'Ille-et-Vilaine, approved by the departmental assembly at its session of 28 and 29 September 2023:
 *   - https://ille-et-vilaine.fr/espace-presse/session-departementale-des-28-et-29-septembre-2023
 *     (press release of the session: 20 objectives in 3 axes; axis 1 « Déployer une stratégie
 *     d'achat responsable » with its three objectives « Sensibiliser et former les équipes
 *     internes », « Rapprocher l'offre et la demande », « Créer du lien avec le tissu économique
 *     local »; axis 2 « Développer les considérations sociales dans les marchés », whose first
 *     objective is to increase the number of hours reserved for insertion; 80 M€ of contracts a year);
 *   - https://nous-vous-ille.fr/spaser-2 (the Département's magazine, 2 October 2023: « des achats
 *     publics sobres, solidaires et en local », more than 70 000 hours of insertion a year, the
 *     reuse of goods rather than buying new);
 *   - https://www.nous-vous-ille.fr/actualite/quand-la-commande-publique-devient-un-tremplin-vers-lemploi
 *     (22 July 2025: the Spaser's target of at least 100 000 hours of insertion a year, social
 *     clauses extended to every purchase domain, intellectual services and IT included, e.g. the
 *     dusting of the registers of the Archives; that article dates the Spaser 2024-2028).
 * Taken from it: the titles of axes 1 and 2 and of objectives 1 to 4 (objective 4 completed as « …
 * à l'insertion »), an insertion-hours indicator with a yearly target, the insertion clause in
 * works, services and IT. Adapted: the hours target is scaled to this small register (8 000 h over
 * stage 1). Invented: the title of axis 3 and of objectives 5 to 7 (the published text of the third
 * axis was not available to us), every action and pilot, the other indicators and targets, the
 * stages (2025-2026, 2027-2028), the département, its contracts and its holders.
 *
 * The register is written by hand, contract by contract (51 contracts, 2025 and 2026), so that every
 * figure can be checked by hand: test/cli/example-departement.test.ts does so. Two cells of its own
 * columns are deliberately bad (« à vérifier »): they are reported with their cell.
 *
 * Deterministic: no randomness, fixed workbook dates and zip timestamps.
 *
 *   node scripts/build-example-departement.js [OUTPUT.xlsx]   (default: examples/spaser-departement.xlsx)
 */
const { utc, date, title, writeTable, writeRegisterSheet, writeParameters, writeDeterministic } = require("./example-workbook");
const path = require("path");
const ExcelJS = require("exceljs");

const DEFAULT_OUTPUT = path.join(__dirname, "..", "examples", "spaser-departement.xlsx");
const EXTRACTION = utc(2026, 12, 10);
const NAME = "Département du Val-de-Rance";

const SOURCE = {
  title: "schéma de la commande publique responsable 2023-2028 (SPASER) du Département d'Ille-et-Vilaine",
  adopted: "approuvé par l'assemblée départementale lors de sa session des 28 et 29 septembre 2023",
  url: "https://ille-et-vilaine.fr/espace-presse/session-departementale-des-28-et-29-septembre-2023",
};


// ------------------------------------------------------------------ directions and competences

const DCP = "Direction de la commande publique";
const DEC = "Direction de l'éducation et des collèges";
const DR = "Direction des routes";
const DPB = "Direction du patrimoine bâti";
const DMOB = "Direction des mobilités";
const DIS = "Direction de l'insertion et des solidarités";
const DMG = "Direction des moyens généraux";
const ARCH = "Archives départementales";

/** Values of the own column « Compétence ». */
const COLLEGES = "Collèges";
const ROUTES = "Routes";
const TRANSPORT = "Transport adapté";
const SOLIDARITES = "Solidarités";
const MOYENS = "Moyens généraux";
const CULTURE = "Culture et archives";

// ------------------------------------------------------------------ the register, contract by contract

/** The own columns (not columns of SPEC §2.1): read by their header (SPEC §8.1). */
const OWN = {
  competence: "Compétence",
  college: "Collège",
  heures: "Heures d'insertion",
  durable: "Part durable et de qualité (%)",
  recycles: "Agrégats recyclés (%)",
  vfe: "Véhicules à faibles émissions",
};

const HEADERS = [
  "N° marché", "Objet", "Direction", OWN.competence, OWN.college, "Nature", "Famille d'achat", "Procédure", "Montant HT", "Durée (mois)", "Date de lancement",
  "Date de notification", "Titulaire", "TPE/PME", "Titulaire ESS", "Nombre d'offres", "Actions ciblées", "Clause d'insertion", OWN.heures, "Marché réservé",
  "Clause sociale", "Critère social", "Critère environnemental", "Clause environnementale", "Économie circulaire", OWN.durable, OWN.recycles, OWN.vfe,
];

/** A cell a buyer left to check: not a value of its column, reported with its address. */
const TO_CHECK = "à vérifier";

/**
 * One contract. `pme`, `ess`: "oui", "non" or null (not known). `flags`: the provisions the
 * contract holds, the others are « non »: ins (clause d'insertion), res:ESAT / res:EA / res:SIAE
 * (marché réservé), clsoc (clause sociale), crsoc (critère social), crenv (critère
 * environnemental), clenv (clause environnementale), eco (économie circulaire); and the own
 * columns: h:1200 (heures d'insertion), d:68 (part durable et de qualité, %), r:35 (agrégats
 * recyclés, %), v:oui / v:non (véhicules à faibles émissions); `d:?` and `v:?` write « à vérifier ».
 */
function c(id, direction, competence, college, objet, nature, famille, procedure, montant, duree, lancement, notification, titulaire, pme, ess, offres, actions, flags) {
  const f = new Set(flags.split(/\s+/).filter(Boolean));
  const has = (k) => (f.has(k) ? "oui" : "non");
  const val = (prefix) => {
    const x = [...f].find((s) => s.startsWith(prefix + ":"));
    return x === undefined ? undefined : x.slice(prefix.length + 1);
  };
  const pct = (prefix) => {
    const v = val(prefix);
    return v === undefined ? null : v === "?" ? TO_CHECK : Number(v) / 100;
  };
  const res = val("res");
  const h = val("h");
  const v = val("v");
  return {
    "N° marché": id,
    Objet: objet,
    Direction: direction,
    [OWN.competence]: competence,
    [OWN.college]: college || null,
    Nature: nature,
    "Famille d'achat": famille,
    "Procédure": procedure,
    "Montant HT": montant,
    "Durée (mois)": duree,
    "Date de lancement": date(lancement),
    "Date de notification": date(notification),
    Titulaire: titulaire,
    "TPE/PME": pme,
    "Titulaire ESS": ess,
    "Nombre d'offres": offres,
    "Actions ciblées": actions || null,
    "Clause d'insertion": has("ins"),
    [OWN.heures]: h === undefined ? null : Number(h),
    "Marché réservé": res ?? "non",
    "Clause sociale": has("clsoc"),
    "Critère social": has("crsoc"),
    "Critère environnemental": has("crenv"),
    "Clause environnementale": has("clenv"),
    "Économie circulaire": has("eco"),
    [OWN.durable]: pct("d"),
    [OWN.recycles]: pct("r"),
    [OWN.vfe]: v === undefined ? null : v === "?" ? TO_CHECK : v,
  };
}

const AOO = "Appel d'offres ouvert";
const PN = "Procédure avec négociation";
const MAPA = "Procédure adaptée";
const SANS = "Sans publicité ni mise en concurrence";

const F = "Fournitures";
const S = "Services";
const T = "Travaux";
const DENREES = "Denrées alimentaires";

const CONTRACTS_2025 = [
  c("DVR25-001", DEC, COLLEGES, "", "Fourniture de viandes et volailles pour les collèges (groupement de commandes)", F, DENREES, AOO, 420_000, 48, "13/01/2025", "05/05/2025", "Boucherie de la Rance", "oui", "non", 4, "6", "crenv clenv d:55"),
  c("DVR25-002", DEC, COLLEGES, "", "Fourniture de fruits et légumes frais pour les collèges", F, DENREES, MAPA, 180_000, 36, "20/01/2025", "24/03/2025", "Primeurs du Val", "oui", "non", 3, "3; 6", "crenv d:70"),
  c("DVR25-003", DR, ROUTES, "", "Renforcement de chaussées des routes départementales — secteur nord", T, "Travaux routiers", AOO, 2_400_000, 12, "03/02/2025", "12/05/2025", "Routes et Enrobés de l'Ouest", "non", "non", 5, "4; 7", "ins crenv clenv eco h:1200 r:30"),
  c("DVR25-004", DPB, COLLEGES, "Collège Surcouf", "Rénovation du collège Surcouf — lot menuiseries extérieures", T, "Travaux de bâtiment", AOO, 1_150_000, 10, "17/02/2025", "02/06/2025", "Menuiseries d'Armor", "oui", "non", 4, "4; 7", "ins crenv clenv h:800"),
  c("DVR25-005", DMOB, TRANSPORT, "", "Transport adapté des élèves et étudiants en situation de handicap — circuits du secteur nord", S, "Transport", AOO, 3_200_000, 48, "03/03/2025", "07/07/2025", "Taxis et Ambulances de la Rance", "oui", "non", 9, "3; 8", "crenv v:non"),
  c("DVR25-006", DIS, SOLIDARITES, "", "Entretien des espaces verts des centres départementaux d'action sociale", S, "Espaces verts", MAPA, 60_000, 36, "10/03/2025", "22/04/2025", "ESAT des Coteaux de Rance", "oui", "oui", 1, "5", "res:ESAT clenv"),
  c("DVR25-007", DMG, MOYENS, "", "Nettoyage des locaux de l'hôtel du Département", S, "Propreté", AOO, 540_000, 48, "24/03/2025", "30/06/2025", "Clair Net Services", "oui", "non", 6, "4", "ins clenv h:900"),
  c("DVR25-008", DMG, MOYENS, "", "Acquisition de postes informatiques reconditionnés", F, "Informatique", MAPA, 95_000, 12, "07/04/2025", "26/05/2025", "Recondi Ouest", "oui", "non", 4, "3; 7", "crenv eco"),
  c("DVR25-009", DR, ROUTES, "", "Fauchage et débroussaillage des accotements", S, "Entretien routier", MAPA, 210_000, 36, "14/04/2025", "16/06/2025", "Agri Services du Val", "oui", "non", 3, "3", "clenv"),
  c("DVR25-010", DEC, COLLEGES, "", "Fourniture de produits laitiers pour les collèges", F, DENREES, MAPA, 150_000, 36, "05/05/2025", "07/07/2025", "Laiterie de la Rance", "oui", "non", 2, "6", "d:40"),
  c("DVR25-011", DPB, COLLEGES, "Collège des Quatre-Vents", "Maîtrise d'œuvre pour la reconstruction du collège des Quatre-Vents", S, "Prestations intellectuelles", PN, 620_000, 60, "12/05/2025", "15/09/2025", "Atelier Bois et Terre", "oui", "non", 4, "7", "crenv clenv"),
  c("DVR25-012", DR, ROUTES, "", "Fourniture de sel de déneigement", F, "Viabilité hivernale", AOO, 310_000, 48, "02/06/2025", "08/09/2025", "Salines de l'Atlantique", "non", "non", 2, "", ""),
  c("DVR25-013", DIS, SOLIDARITES, "", "Entretien des sentiers de randonnée par un atelier et chantier d'insertion", S, "Espaces verts", MAPA, 120_000, 24, "16/06/2025", "01/09/2025", "Chantiers Nature Rance", "oui", "oui", 2, "5", "res:SIAE"),
  c("DVR25-014", DMG, MOYENS, "", "Location de véhicules de service électriques", F, "Véhicules", AOO, 280_000, 48, "30/06/2025", "06/10/2025", "Loc'Élec Bretagne", "non", "non", 3, "8", "crenv clenv v:oui"),
  c("DVR25-015", ARCH, CULTURE, "", "Dépoussiérage et reconditionnement des registres des archives départementales", S, "Conservation", MAPA, 70_000, 24, "01/09/2025", "03/11/2025", "Archives Services", "oui", "non", 3, "4", "ins h:300"),
  c("DVR25-016", DEC, COLLEGES, "", "Fourniture d'épicerie pour les collèges", F, DENREES, AOO, 260_000, 48, "15/09/2025", "15/12/2025", "Épicerie Centrale de l'Ouest", "non", "non", 3, "6", "crenv d:35"),
];

/** 2026, the default year (the latest with notified contracts). */
const CONTRACTS_2026 = [
  c("DVR26-001", DEC, COLLEGES, "", "Fourniture de viandes et volailles Label rouge et d'origine France pour les collèges", F, DENREES, AOO, 460_000, 48, "12/01/2026", "20/04/2026", "Boucherie de la Rance", "oui", "non", 4, "6", "crenv clenv d:68"),
  c("DVR26-002", DEC, COLLEGES, "", "Fourniture de fruits et légumes frais, de saison et issus de l'agriculture biologique", F, DENREES, MAPA, 190_000, 36, "19/01/2026", "16/03/2026", "Primeurs du Val", "oui", "non", 5, "3; 6", "crenv clenv d:85"),
  c("DVR26-003", DEC, COLLEGES, "", "Fourniture de produits laitiers et d'ovoproduits pour les collèges", F, DENREES, AOO, 240_000, 48, "26/01/2026", "11/05/2026", "Laiterie de la Rance", "oui", "non", 3, "6", "crenv d:52"),
  c("DVR26-004", DEC, COLLEGES, "", "Fourniture d'épicerie pour les collèges", F, DENREES, AOO, 310_000, 48, "02/02/2026", "18/05/2026", "Épicerie Centrale de l'Ouest", "non", "non", 4, "6", "clenv d:30"),
  c("DVR26-005", DEC, COLLEGES, "", "Fourniture de produits de la mer issus de la pêche durable", F, DENREES, MAPA, 130_000, 36, "09/02/2026", "13/04/2026", "Marée de la Côte d'Émeraude", "oui", "non", 2, "6", "crenv d:?"),
  c("DVR26-006", DEC, COLLEGES, "Collège La Rance", "Fourniture de pain et de viennoiseries pour le collège La Rance", F, DENREES, MAPA, 35_000, 24, "02/03/2026", "27/04/2026", "Boulangerie du Port", "oui", "non", 3, "3; 6", "d:20"),
  c("DVR26-007", DEC, COLLEGES, "", "Fourniture de produits surgelés pour les collèges", F, DENREES, AOO, 220_000, 48, "09/03/2026", "22/06/2026", "Surgelés de l'Ouest", "non", "non", 3, "6", "d:10"),
  c("DVR26-008", DR, ROUTES, "", "Renforcement de chaussées de la RD 12 — secteur sud", T, "Travaux routiers", AOO, 3_100_000, 10, "05/01/2026", "06/04/2026", "Routes et Enrobés de l'Ouest", "non", "non", 6, "4; 7", "ins crenv clenv eco h:1400 r:35"),
  c("DVR26-009", DR, ROUTES, "", "Enduits superficiels d'usure sur les routes départementales (programme 2026)", T, "Travaux routiers", AOO, 1_250_000, 8, "19/01/2026", "04/05/2026", "Enduits du Val", "oui", "non", 4, "4; 7", "ins crenv h:400 r:15"),
  c("DVR26-010", DR, ROUTES, "", "Réparation de l'ouvrage d'art de la RD 29 sur la Rance", T, "Ouvrages d'art", AOO, 860_000, 12, "16/02/2026", "15/06/2026", "Ouvrages et Génie Civil", "oui", "non", 3, "4", "ins clenv h:300 r:0"),
  c("DVR26-011", DR, ROUTES, "", "Aménagement d'une voie verte le long de la RD 2", T, "Travaux routiers", MAPA, 640_000, 9, "02/03/2026", "01/06/2026", "Paysages et Voiries", "oui", "non", 3, "3; 4; 7", "ins crenv clenv eco h:250 r:40"),
  c("DVR26-012", DR, ROUTES, "", "Marquage routier (signalisation horizontale)", T, "Signalisation", MAPA, 180_000, 36, "16/03/2026", "18/05/2026", "Signalisation Bretonne", null, "non", 3, "3", "clenv"),
  c("DVR26-013", DR, ROUTES, "", "Fauchage raisonné des accotements (gestion différenciée)", S, "Entretien routier", MAPA, 230_000, 36, "23/03/2026", "08/06/2026", "Agri Services du Val", "oui", "non", 4, "3", "clenv"),
  c("DVR26-014", DR, ROUTES, "", "Fourniture de sel de déneigement", F, "Viabilité hivernale", AOO, 330_000, 36, "13/04/2026", "20/07/2026", "Salines de l'Atlantique", "non", "non", 2, "", ""),
  c("DVR26-015", DR, ROUTES, "", "Acquisition de deux camions de viabilité hivernale (motorisation au biogaz)", F, "Véhicules", AOO, 520_000, 12, "20/04/2026", "27/07/2026", "Poids Lourds de l'Ouest", "non", "non", 2, "8", "crenv v:oui"),
  c("DVR26-016", DPB, COLLEGES, "Collège des Quatre-Vents", "Reconstruction du collège des Quatre-Vents — lot 1 gros œuvre", T, "Travaux de bâtiment", AOO, 2_800_000, 20, "12/01/2026", "13/04/2026", "Bâtiments de la Rance", "oui", "non", 5, "4; 7", "ins crenv clenv eco h:1300"),
  c("DVR26-017", DPB, COLLEGES, "Collège des Quatre-Vents", "Reconstruction du collège des Quatre-Vents — lot 5 menuiseries en bois local", T, "Travaux de bâtiment", AOO, 690_000, 14, "12/01/2026", "13/04/2026", "Menuiseries d'Armor", "oui", "non", 4, "3; 4", "ins crenv clenv h:200"),
  c("DVR26-018", DPB, COLLEGES, "Collège Surcouf", "Rénovation énergétique du collège Surcouf (isolation en matériaux biosourcés)", T, "Travaux de bâtiment", MAPA, 980_000, 10, "26/01/2026", "04/05/2026", "Éco-Rénov Bretagne", "oui", "non", 3, "4; 7", "ins crenv clenv eco h:350"),
  c("DVR26-019", DPB, COLLEGES, "Collège Théodore-Botrel", "Mise en accessibilité du collège Théodore-Botrel", T, "Travaux de bâtiment", MAPA, 260_000, 6, "09/03/2026", "11/05/2026", "Accès Pour Tous Construction", "oui", "non", 2, "4", ""),
  c("DVR26-020", DPB, COLLEGES, "", "Maintenance des installations de chauffage des collèges", S, "Maintenance des bâtiments", AOO, 750_000, 48, "06/04/2026", "13/07/2026", "Thermi Ouest Services", "non", "non", 3, "", "crenv clenv"),
  c("DVR26-021", DEC, COLLEGES, "Collège Chateaubriand", "Nettoyage des vitres et des locaux du collège Chateaubriand", S, "Propreté", MAPA, 48_000, 36, "04/05/2026", "22/06/2026", "Entreprise adaptée Horizons", "oui", "oui", 1, "5", "res:EA clenv"),
  c("DVR26-022", DMOB, TRANSPORT, "", "Transport adapté des élèves et étudiants en situation de handicap — circuits du secteur est", S, "Transport", AOO, 1_400_000, 48, "12/01/2026", "04/05/2026", "Taxis et Ambulances de la Rance", "oui", "non", 5, "3; 8", "crenv clenv v:oui"),
  c("DVR26-023", DMOB, TRANSPORT, "", "Transport adapté des élèves et étudiants en situation de handicap — circuits du secteur ouest", S, "Transport", AOO, 1_150_000, 48, "12/01/2026", "04/05/2026", "Mobilités Ouest", "non", "non", 4, "3; 8", "crenv v:non"),
  c("DVR26-024", DMOB, TRANSPORT, "", "Transport adapté des élèves et étudiants en situation de handicap — circuits du secteur sud", S, "Transport", AOO, 980_000, 48, "12/01/2026", "04/05/2026", "Transports Solidaires du Sud", "oui", "non", 3, "8", "crenv v:?"),
  c("DVR26-025", DIS, SOLIDARITES, "", "Accompagnement socioprofessionnel des allocataires du RSA", S, "Services sociaux", AOO, 850_000, 36, "02/02/2026", "01/06/2026", "Tremplin Emploi Rance", "oui", "oui", 3, "", "crsoc"),
  c("DVR26-026", DIS, SOLIDARITES, "", "Entretien des espaces verts des centres départementaux d'action sociale", S, "Espaces verts", MAPA, 65_000, 36, "16/02/2026", "06/04/2026", "ESAT des Coteaux de Rance", "oui", "oui", 1, "5", "res:ESAT clenv"),
  c("DVR26-027", DIS, SOLIDARITES, "", "Restauration des enfants accueillis au foyer départemental de l'enfance", S, "Restauration", MAPA, 140_000, 36, "02/03/2026", "04/05/2026", "Cuisine Solidaire du Val", "oui", "oui", 2, "6", "clsoc crenv d:45"),
  c("DVR26-028", DMG, MOYENS, "", "Nettoyage de l'hôtel du Département et des sites administratifs", S, "Propreté", AOO, 620_000, 48, "09/03/2026", "15/06/2026", "Clair Net Services", "oui", "non", 5, "4", "ins clenv h:900"),
  c("DVR26-029", DMG, MOYENS, "", "Location longue durée de véhicules de service électriques", F, "Véhicules", AOO, 360_000, 48, "23/03/2026", "29/06/2026", "Loc'Élec Bretagne", "non", "non", 3, "8", "crenv clenv v:oui"),
  c("DVR26-030", DMG, MOYENS, "", "Fourniture de mobilier de bureau de réemploi", F, "Mobilier", MAPA, 55_000, 12, "13/04/2026", "08/06/2026", "Recyclerie Solidaire de la Rance", "oui", "oui", 2, "5; 7", "res:SIAE crenv eco"),
  c("DVR26-031", DMG, MOYENS, "", "Maintenance du parc informatique et des logiciels", S, "Informatique", AOO, 410_000, 36, "11/05/2026", "07/09/2026", "Numérique Services Ouest", "non", "non", 4, "4", "ins h:150"),
  c("DVR26-032", ARCH, CULTURE, "", "Dépoussiérage et reconditionnement des registres des archives départementales (tranche 2)", S, "Conservation", MAPA, 75_000, 24, "01/06/2026", "07/09/2026", "Archives Services", "oui", "non", 3, "4", "ins h:150"),
  c("DVR26-033", DMG, MOYENS, "", "Fourniture de papier recyclé et de fournitures de bureau", F, "Fournitures de bureau", MAPA, 40_000, 24, "08/06/2026", "21/09/2026", "Bureau Vert", "oui", "non", 3, "3", "crenv clenv"),
  c("DVR26-034", DCP, MOYENS, "", "Assistance juridique en droit de la commande publique", S, "Prestations intellectuelles", MAPA, 30_000, 24, "15/06/2026", "05/10/2026", "Cabinet Juris Ouest", "oui", "non", 2, "", ""),
  c("DVR26-035", DR, ROUTES, "", "Réparation en urgence d'un mur de soutènement de la RD 5 après les intempéries", T, "Ouvrages d'art", SANS, 95_000, 2, "", "17/11/2026", "Ouvrages et Génie Civil", "oui", "non", 1, "", "r:0"),
];

// ------------------------------------------------------------------ the département's own plan (SPEC §8.1)

/**
 * The `Plan` sheet: three axes, seven objectives, eight actions, one row per action (titles written
 * once and carried down). It replaces the city's 26 actions everywhere: « Actions ciblées » above
 * names these actions (3: TPE/PME du territoire, 4: clause d'insertion, 5: marchés réservés,
 * 6: denrées des collèges, 7: réemploi et matériaux recyclés, 8: véhicules à faibles émissions).
 */
const PLAN_HEADERS = ["Axe", "Titre de l'axe", "Objectif", "Titre de l'objectif", "Action", "Titre de l'action", "Pilote"];
const PLAN = [
  [1, "Déployer une stratégie d'achat responsable", 1, "Sensibiliser et former les équipes internes", 1, "Former les acheteurs et les prescripteurs des directions aux achats responsables", DCP],
  [null, null, 2, "Rapprocher l'offre et la demande", 2, "Publier chaque année la programmation des achats et rencontrer les entreprises avant les consultations", DCP],
  [null, null, 3, "Créer du lien avec le tissu économique local", 3, "Cartographier les entreprises du territoire et allotir pour ouvrir les marchés aux TPE et PME", "Direction de la commande publique, avec la Direction de l'économie"],
  [2, "Développer les considérations sociales dans les marchés", 4, "Augmenter le nombre d'heures réservées à l'insertion", 4, "Inscrire une clause d'insertion dans les travaux des collèges et des routes, et l'étendre aux services et à l'informatique", DIS],
  [null, null, 5, "Ouvrir les marchés aux structures d'insertion et du handicap", 5, "Réserver des marchés aux ESAT, aux entreprises adaptées et aux SIAE", DIS],
  [3, "Des achats sobres et bas carbone", 6, "Servir dans les collèges une alimentation durable et de qualité", 6, "Acheter pour les collèges des denrées durables et de qualité (loi EGalim)", DEC],
  [null, null, 7, "Réemployer et décarboner", 7, "Réemployer et utiliser des matériaux recyclés dans les travaux des routes et des collèges", "Direction des routes et Direction du patrimoine bâti"],
  [null, null, null, null, 8, "Choisir des véhicules à faibles émissions pour le transport adapté et la flotte départementale", DMOB],
];

// ------------------------------------------------------------------ the département's own referential (SPEC §8, §8.1)

/**
 * The `Référentiel` sheet: T5 dropped (« aucun »: the département follows its réemploi through D5),
 * T6 redefined on its action 3, and six indicators of its own on its own columns: a value share
 * (D1), a sum cumulated over the stage (D2, « Période » = étape), a rate (D3), a count over three
 * years (D4), two rates on own columns (D5, D6). Targets are typed as a user types them (« 80 % »,
 * « 8 000 h »). With a `Plan`, the built-in indicators it does not name are not computed, and T1–T4
 * keep their built-in definition with the targets of the Paramètres (SPEC §8.1).
 */
const REFERENTIAL_HEADERS = ["Id", "Libellé", "Type", "Population", "Condition", "Valeur", "Période", "Cible étape 1", "Cible étape 2", "Action"];
const REFERENTIAL = [
  ["T5", null, "aucun", null, null, null, null, null, null, null],
  ["T6", "% des marchés ciblés « TPE et PME du territoire » (action 3) confiés à des TPE ou PME", "taux", "ciblé(3)", "PME", null, null, "60 %", "70 %", null],
  ["D1", "Part en valeur des denrées des collèges achetées à 50 % ou plus en produits durables et de qualité", "part en valeur", `[${OWN.competence}] = "Collèges" ET [Famille d'achat] = "Denrées alimentaires"`, `[${OWN.durable}] >= 50 %`, null, null, "80 %", "100 %", 6],
  ["D2", "Heures d'insertion inscrites dans les marchés notifiés depuis le début de l'étape", "somme", null, null, OWN.heures, "étape", "8 000 h", "15 000 h", 4],
  ["D3", "Marchés de travaux avec une clause d'insertion", "taux", "Nature = \"Travaux\"", "[Clause d'insertion]", null, null, "80 %", "100 %", 4],
  ["D4", "Marchés réservés aux ESAT, aux entreprises adaptées et aux SIAE (sur trois ans)", "compte", null, "[Marché réservé]", null, "3 ans", null, null, 5],
  ["D5", "Travaux routiers intégrant au moins 20 % d'agrégats recyclés", "taux", `[${OWN.competence}] = "Routes" ET Nature = "Travaux"`, `[${OWN.recycles}] >= 20 %`, null, null, "50 %", "70 %", 7],
  ["D6", "Marchés ciblés « véhicules » (action 8) à faibles émissions", "taux", "ciblé(8)", `[${OWN.vfe}]`, null, null, "60 %", "100 %", 8],
];

const PARAMETERS = [
  ["Collectivité", NAME],
  ["Étape en cours", 1],
  ["Libellé étape 1", "Étape 1 (2025-2026)"],
  ["Libellé étape 2", "Étape 2 (2027-2028)"],
  ["Années étape 1", "2025-2026"],
  ["Années étape 2", "2027-2028"],
  ["Cible T1 étape 1", 0.5, "%"],
  ["Cible T1 étape 2", 0.7, "%"],
  ["Cible T2 étape 1", 0.7, "%"],
  ["Cible T2 étape 2", 0.9, "%"],
  ["Cible T3 étape 1", 0.3, "%"],
  ["Cible T3 étape 2", 0.5, "%"],
  ["Cible T4 étape 1", 0.4, "%"],
  ["Cible T4 étape 2", 0.6, "%"],
];

// ------------------------------------------------------------------ writing the workbook

const COLOR = "FF1F4E79";
const GREEN = "FF2E7D32";

function writeRegister(wb) {
  writeRegisterSheet(wb, {
    color: COLOR,
    titleLines: [`Marchés notifiés — ${NAME}`, "Extraction du 10/12/2026 — Direction de la commande publique ; les colonnes en fin de tableau sont propres au Département"],
    headers: HEADERS,
    widths: { "N° marché": 12, Objet: 60, Direction: 26, [OWN.competence]: 16, [OWN.college]: 22, "Famille d'achat": 22, "Procédure": 24, "Montant HT": 14, Titulaire: 30 },
    contracts: [...CONTRACTS_2025, ...CONTRACTS_2026],
    percent: new Set([OWN.durable, OWN.recycles]),
  });
}

function writePlan(wb) {
  const ws = wb.addWorksheet("Plan", { properties: { tabColor: { argb: GREEN } } });
  title(
    ws,
    [
      `Plan du SPASER du ${NAME} (2025-2028)`,
      `Structure reprise du ${SOURCE.title}, ${SOURCE.adopted} (${SOURCE.url}) : titres des axes 1 et 2 et des objectifs 1 à 4, objectif d'heures d'insertion.`,
      "Adaptés ou propres à cet exemple fictif : le titre de l'axe 3, les objectifs 5 à 7, les actions, les pilotes, les indicateurs et leurs cibles.",
    ],
    COLOR,
  );
  const headerRow = 5;
  writeTable(ws, { headerRow, headers: PLAN_HEADERS, headerHeight: 30, color: COLOR, widths: [6, 44, 9, 44, 8, 70, 40], rows: PLAN, wrap: true });
  ws.views = [{ state: "frozen", ySplit: headerRow }];
}

function writeReferential(wb) {
  const ws = wb.addWorksheet("Référentiel", { properties: { tabColor: { argb: GREEN } } });
  title(ws, ["Référentiel du SPASER du Département : indicateurs redéfinis, retirés et propres au Département", "Une ligne par indicateur ; T1 à T4 suivent le référentiel intégré de l'outil, avec les cibles de la feuille Paramètres"], COLOR);
  const headerRow = 4;
  writeTable(ws, { headerRow, headers: REFERENTIAL_HEADERS, headerHeight: 30, color: COLOR, widths: [8, 58, 14, 56, 40, 20, 10, 12, 12, 8], rows: REFERENTIAL, wrap: true });
  ws.views = [{ state: "frozen", xSplit: 1, ySplit: headerRow }];
}

async function build(output = DEFAULT_OUTPUT) {
  const wb = new ExcelJS.Workbook();
  wb.creator = `Direction de la commande publique — ${NAME}`;
  wb.lastModifiedBy = wb.creator;
  wb.title = `SPASER du ${NAME} — registre, plan et référentiel`;
  wb.company = NAME;
  wb.created = EXTRACTION;
  wb.modified = EXTRACTION;
  wb.calcProperties = { fullCalcOnLoad: false };
  writeRegister(wb);
  writePlan(wb);
  writeReferential(wb);
  writeParameters(wb, PARAMETERS, COLOR);
  await writeDeterministic(wb, output, EXTRACTION);
  return { output, contracts: CONTRACTS_2025.length + CONTRACTS_2026.length, indicators: REFERENTIAL.length };
}

module.exports = { build, DEFAULT_OUTPUT, CONTRACTS_2025, CONTRACTS_2026, REFERENTIAL, PLAN, OWN, SOURCE };

if (require.main === module) {
  build(process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_OUTPUT).then(
    ({ output, contracts, indicators }) => console.log(`Classeur d'exemple du Département écrit : ${path.relative(process.cwd(), output)} (${contracts} marchés, ${indicators} lignes de référentiel)`),
    (e) => {
      console.error(`Échec de la construction du classeur d'exemple du Département : ${e && e.stack ? e.stack : e}`);
      process.exitCode = 1;
    },
  );
}
