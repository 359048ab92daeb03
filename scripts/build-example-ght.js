#!/usr/bin/env node
"use strict";

/**
 * Builds examples/spaser-ght.xlsx: a second SPASER, that of a hospital group (groupement
 * hospitalier de territoire, « GHT Monts et Rivières »: four establishments whose purchases are
 * pooled by the support hospital), with its own plan (axes, objectives, actions) in a `Plan`
 * sheet and its own targets and indicators in a `Référentiel` sheet (SPEC §8, §8.1).
 *
 * The register is written by hand, contract by contract (48 contracts, 2025 and 2026), so that
 * every figure of its referential can be checked by hand: test/cli/example-ght.test.ts does so.
 * It keeps fewer columns than the city's register, under the names a hospital buyer uses
 * (« Acheteur », « Service », « Segment », « PME »…, all aliases of SPEC §2.1): the built-in
 * indicators that need a missing column are n/a and say which.
 *
 * Deterministic: no randomness, fixed workbook dates and zip timestamps.
 *
 *   node scripts/build-example-ght.js [OUTPUT.xlsx]     (default: examples/spaser-ght.xlsx)
 */
const { PCT, utc, date, title, writeTable, writeRegisterSheet, writeParameters, writeDeterministic } = require("./example-workbook");
const path = require("path");
const ExcelJS = require("exceljs");

const DEFAULT_OUTPUT = path.join(__dirname, "..", "examples", "spaser-ght.xlsx");
const EXTRACTION = utc(2026, 12, 11);


// ------------------------------------------------------------------ the establishments

const CHB = "CH de Beaurivage";
const CHM = "CH de Montclar";
const CHSA = "CH de Saint-Aubin";
const EHPAD = "EHPAD Les Glycines";

// ------------------------------------------------------------------ the register, contract by contract

const HEADERS = [
  "N° marché", "Objet", "Acheteur", "Service", "Nature", "Segment", "Procédure", "Montant HT", "Durée (mois)", "Date de lancement", "Date de notification",
  "Titulaire", "PME", "Titulaire ESS", "Nombre d'offres", "Actions ciblées", "Clause d'insertion", "Marché réservé", "Clause sociale", "Critère social",
  "Commerce équitable", "Critère environnemental", "Clause environnementale", "Économie circulaire", "ACV", "Négociation", "Évalué", "Note de satisfaction", "Avance",
];

/**
 * One contract. `pme`, `ess`: "oui", "non" or null (not known). `flags`: the provisions the
 * contract holds, the others are « non »: ins (clause d'insertion), res:ESAT / res:SIAE (marché
 * réservé), clsoc (clause sociale), crsoc (critère social), eq (commerce équitable), crenv
 * (critère environnemental), clenv (clause environnementale), eco (économie circulaire), acv,
 * nego (négociation), eval:4,1 (évalué, with its note), avance.
 */
function c(id, acheteur, service, objet, nature, segment, procedure, montant, duree, lancement, notification, titulaire, pme, ess, offres, actions, flags) {
  const f = new Set(flags.split(/\s+/).filter(Boolean));
  const has = (k) => (f.has(k) ? "oui" : "non");
  const res = [...f].find((x) => x.startsWith("res:"));
  const ev = [...f].find((x) => x.startsWith("eval:"));
  return {
    "N° marché": id,
    Objet: objet,
    Acheteur: acheteur,
    Service: service,
    Nature: nature,
    Segment: segment,
    "Procédure": procedure,
    "Montant HT": montant,
    "Durée (mois)": duree,
    "Date de lancement": date(lancement),
    "Date de notification": date(notification),
    Titulaire: titulaire,
    PME: pme,
    "Titulaire ESS": ess,
    "Nombre d'offres": offres,
    "Actions ciblées": actions || null,
    "Clause d'insertion": has("ins"),
    "Marché réservé": res ? res.slice(4) : "non",
    "Clause sociale": has("clsoc"),
    "Critère social": has("crsoc"),
    "Commerce équitable": has("eq"),
    "Critère environnemental": has("crenv"),
    "Clause environnementale": has("clenv"),
    "Économie circulaire": has("eco"),
    ACV: has("acv"),
    "Négociation": has("nego"),
    "Évalué": ev ? "oui" : "non",
    "Note de satisfaction": ev ? Number(ev.slice(5).replace(",", ".")) : null,
    Avance: has("avance"),
  };
}

const AOO = "Appel d'offres ouvert";
const PN = "Procédure avec négociation";
const MAPA = "Procédure adaptée";
const SANS = "Sans publicité ni mise en concurrence";

const CONTRACTS_2025 = [
  c("GHT25-001", CHB, "Pharmacie", "Fourniture de médicaments génériques — anti-infectieux", "Fournitures", "Produits pharmaceutiques", AOO, 980_000, 48, "03/02/2025", "12/05/2025", "Générix Santé", "non", "non", 5, "", "avance"),
  c("GHT25-002", CHM, "Restauration", "Fourniture de produits d'épicerie", "Fournitures", "Denrées alimentaires", MAPA, 110_000, 36, "06/01/2025", "10/03/2025", "Épicerie Centrale Sud", "oui", "non", 3, "7", "eq clenv nego avance"),
  c("GHT25-003", CHSA, "Hôtellerie", "Nettoyage des locaux de soins", "Services", "Propreté", AOO, 520_000, 48, "07/04/2025", "15/07/2025", "Propreté Services des Monts", "oui", "non", 4, "8", "ins clenv eval:3,9 avance"),
  c("GHT25-004", CHB, "Biomédical", "Maintenance des automates de laboratoire", "Services", "Maintenance biomédicale", SANS, 210_000, 36, "01/09/2025", "29/09/2025", "Labautomatix", "non", "non", 1, "", "avance"),
  c("GHT25-005", EHPAD, "Hôtellerie", "Entretien du linge des résidents", "Services", "Blanchisserie", MAPA, 45_000, 36, "02/06/2025", "21/07/2025", "ESAT Blanchisserie des Coteaux", "oui", "oui", 1, "9", "res:ESAT nego eval:4,4"),
  c("GHT25-006", CHB, "Services techniques", "Travaux de réfection des toitures du bâtiment A", "Travaux", "Travaux", MAPA, 480_000, 6, "03/03/2025", "26/05/2025", "Couvertures du Val", "oui", "non", 3, "8", "crenv clenv nego avance"),
  c("GHT25-007", CHM, "Logistique", "Location longue durée de véhicules de service", "Fournitures", "Véhicules", AOO, 260_000, 48, "10/03/2025", "23/06/2025", "Loc'Auto Services", "non", "non", 3, "4", "crenv avance"),
  c("GHT25-008", CHB, "Système d'information", "Acquisition de postes informatiques", "Fournitures", "Informatique", AOO, 340_000, 24, "14/04/2025", "08/08/2025", "Infotech Distribution", "oui", "non", 6, "3", "clenv avance"),
  c("GHT25-009", CHSA, "Restauration", "Fourniture de produits surgelés", "Fournitures", "Denrées alimentaires", MAPA, 90_000, 36, "02/06/2025", "08/09/2025", "Surgelés des Monts", "oui", "non", 2, "", "avance"),
  c("GHT25-010", CHB, "Biomédical", "Fourniture de consommables de stérilisation", "Fournitures", "Dispositifs médicaux", AOO, 380_000, 36, "16/06/2025", "20/10/2025", "Stérimed", "non", "non", 3, "3", "crenv clenv eco avance"),
  c("GHT25-011", EHPAD, "Restauration", "Portage de repas à domicile des résidents de l'accueil de jour", "Services", "Restauration", MAPA, 60_000, 24, "15/09/2025", "17/11/2025", "Cuisine solidaire du Val", "oui", "oui", 2, "7; 9", "clsoc clenv nego avance"),
  c("GHT25-012", CHM, "Hôtellerie", "Gardiennage des sites de Montclar", "Services", "Sécurité", AOO, 300_000, 36, "22/07/2025", "01/12/2025", "Vigilance Sécurité", "non", "non", 4, "8", "ins avance"),
];

/**
 * 2026, the default year. The establishments' buyers flag the consultations launched from
 * 21/08/2026 (loi Climat): GHT26-024 to GHT26-029; GHT26-030 has no launch date.
 */
const CONTRACTS_2026 = [
  c("GHT26-001", CHB, "Pharmacie", "Fourniture de solutés massifs et de poches de perfusion", "Fournitures", "Produits pharmaceutiques", AOO, 1_480_000, 48, "15/09/2025", "12/01/2026", "Perfulab France", "non", "non", 4, "3", "crenv clenv avance"),
  c("GHT26-002", CHB, "Biomédical", "Maintenance des équipements d'imagerie (IRM, scanners)", "Services", "Maintenance biomédicale", PN, 920_000, 60, "02/10/2025", "05/02/2026", "Imagis Services", "non", "non", 2, "4", "crenv eco nego eval:3,8 avance"),
  c("GHT26-003", CHM, "Restauration", "Fourniture de produits laitiers, dont 30 % issus de l'agriculture biologique", "Fournitures", "Denrées alimentaires", MAPA, 140_000, 36, "10/11/2025", "16/01/2026", "Laiterie des Monts", "oui", "non", 3, "6; 7", "crenv clenv nego avance"),
  c("GHT26-004", CHSA, "Hôtellerie", "Location-entretien du linge hospitalier", "Services", "Blanchisserie", AOO, 650_000, 48, "08/09/2025", "26/01/2026", "Blanchisserie Rivéo", "non", "non", 3, "3; 8", "ins crenv clenv eco eval:4,1 avance"),
  c("GHT26-005", EHPAD, "Hôtellerie", "Entretien des espaces verts de l'EHPAD", "Services", "Espaces verts", MAPA, 28_000, 36, "05/01/2026", "23/02/2026", "ESAT Les Jardins du Val", "oui", "oui", 1, "9", "res:ESAT clenv nego eval:4,5"),
  c("GHT26-006", CHB, "Services techniques", "Collecte et traitement des déchets d'activités de soins à risques infectieux (DASRI)", "Services", "Déchets", AOO, 410_000, 48, "20/10/2025", "02/03/2026", "Écosanté Environnement", "non", "non", 3, "3; 5", "ins crenv clenv avance"),
  c("GHT26-007", CHM, "Biomédical", "Acquisition d'échographes", "Fournitures", "Équipements biomédicaux", AOO, 310_000, 12, "03/11/2025", "09/03/2026", "Sonomed", "non", "non", null, "", "avance"),
  c("GHT26-008", CHB, "Logistique", "Fourniture de gants d'examen en nitrile", "Fournitures", "Dispositifs médicaux", AOO, 260_000, 24, "17/11/2025", "16/03/2026", "Protecta Médical", "oui", "non", 6, "3", "crenv avance"),
  c("GHT26-009", CHSA, "Système d'information", "Maintenance du logiciel de dossier patient informatisé", "Services", "Informatique", SANS, 95_000, 36, "02/03/2026", "30/03/2026", "Médisoft", "oui", "non", 1, "", "avance"),
  c("GHT26-010", CHB, "Restauration", "Café, thé et chocolat issus du commerce équitable pour les cafétérias", "Fournitures", "Denrées alimentaires", MAPA, 36_000, 36, "09/02/2026", "07/04/2026", "Torréfaction du Val", "oui", "non", 3, "7; 10", "eq crenv nego"),
  c("GHT26-011", CHM, "Services techniques", "Travaux de rénovation énergétique du bâtiment B (isolation, menuiseries)", "Travaux", "Travaux", MAPA, 1_200_000, 14, "12/01/2026", "20/04/2026", "Bâtisud", "oui", "non", 4, "3; 4; 8", "ins crenv clenv eco acv nego avance"),
  c("GHT26-012", EHPAD, "Hôtellerie", "Fourniture de protections pour l'incontinence", "Fournitures", "Dispositifs médicaux", AOO, 230_000, 48, "26/01/2026", "04/05/2026", "Hygiena", "non", "non", 3, "3", "crenv clenv avance"),
  c("GHT26-013", CHB, "Biomédical", "Location-maintenance de pompes à perfusion", "Fournitures", "Équipements biomédicaux", PN, 540_000, 60, "19/01/2026", "11/05/2026", "Infusia", "non", "non", 2, "3", "clenv eco nego avance"),
  c("GHT26-014", CHSA, "Hôtellerie", "Nettoyage des locaux administratifs et des parties communes", "Services", "Propreté", MAPA, 180_000, 36, "09/03/2026", "18/05/2026", "Propreté Services des Monts", "oui", "non", 4, "8; 10", "ins clenv nego avance"),
  c("GHT26-015", CHB, "Logistique", "Transport de biens et de prélèvements entre les sites du GHT", "Services", "Transport", AOO, 380_000, 48, "16/02/2026", "01/06/2026", "Transval Logistique", "oui", "non", 3, "", "crsoc crenv clenv avance"),
  c("GHT26-016", CHM, "Pharmacie", "Médicaments dérivés du sang", "Fournitures", "Produits pharmaceutiques", SANS, 520_000, 12, "04/05/2026", "08/06/2026", "Laboratoire Hémafrance", null, "non", 1, "", ""),
  c("GHT26-017", EHPAD, "Restauration", "Repas en liaison froide pour l'accueil de jour", "Services", "Restauration", MAPA, 75_000, 24, "13/04/2026", "15/06/2026", "Cuisine solidaire du Val", "oui", "oui", 2, "7; 9", "clsoc crenv clenv nego avance"),
  c("GHT26-018", CHB, "Services techniques", "Maintenance des installations de chauffage, ventilation et climatisation", "Services", "Maintenance des bâtiments", AOO, 720_000, 60, "23/03/2026", "29/06/2026", "Thermo Services Sud", "non", "non", 3, "4; 8", "crenv clenv avance"),
  c("GHT26-019", CHSA, "Biomédical", "Acquisition d'un scanner", "Fournitures", "Équipements biomédicaux", AOO, 890_000, 12, "06/04/2026", "06/07/2026", "Radiotech", "non", "non", 3, "3; 4", "crenv clenv acv avance"),
  c("GHT26-020", CHB, "Hôtellerie", "Sécurité incendie et accueil (agents SSIAP)", "Services", "Sécurité", AOO, 560_000, 48, "04/05/2026", "20/07/2026", "Vigilance Sécurité", "non", "non", 4, "8", "ins clsoc clenv avance"),
  c("GHT26-021", CHM, "Logistique", "Mobilier de réemploi pour les services de soins", "Fournitures", "Mobilier", MAPA, 48_000, 12, "08/06/2026", "27/07/2026", "Recyclerie solidaire des Monts", "oui", "oui", 2, "3; 9", "res:SIAE crenv clenv eco"),
  c("GHT26-022", CHB, "Système d'information", "Postes de travail reconditionnés", "Fournitures", "Informatique", MAPA, 120_000, 24, "15/06/2026", "31/08/2026", "Recondi PC", "oui", "non", 5, "3; 10", "crenv clenv eco nego avance"),
  c("GHT26-023", EHPAD, "Hôtellerie", "Produits d'entretien écolabellisés", "Fournitures", "Produits d'entretien", MAPA, 22_000, 24, "29/06/2026", "07/09/2026", "Hygiène Pro Sud", "oui", "non", 3, "3", "crenv clenv"),
  c("GHT26-024", CHSA, "Services techniques", "Travaux de mise en accessibilité des consultations externes", "Travaux", "Travaux", MAPA, 340_000, 8, "24/08/2026", "26/10/2026", "Bâtisud", "oui", "non", 3, "8", "ins crenv clenv avance"),
  c("GHT26-025", CHB, "Pharmacie", "Fourniture d'oxygène et de gaz médicaux", "Fournitures", "Produits pharmaceutiques", AOO, 610_000, 48, "31/08/2026", "10/11/2026", "Gaz Médicaux de France", "non", "non", 2, "", "crenv clenv avance"),
  c("GHT26-026", CHM, "Restauration", "Fourniture de fruits et légumes frais et de saison", "Fournitures", "Denrées alimentaires", MAPA, 95_000, 36, "07/09/2026", "16/11/2026", "Primeurs des Monts", "oui", "non", 4, "6; 7; 10", "crenv clenv nego avance"),
  c("GHT26-027", CHB, "Biomédical", "Instruments chirurgicaux réutilisables (en remplacement de l'usage unique)", "Fournitures", "Dispositifs médicaux", AOO, 450_000, 36, "14/09/2026", "23/11/2026", "Chirurgie Durable", "oui", "non", 3, "3; 8", "ins crenv clenv eco acv avance"),
  c("GHT26-028", CHSA, "Hôtellerie", "Nettoyage des blocs opératoires", "Services", "Propreté", AOO, 390_000, 36, "02/09/2026", "30/11/2026", "Propreté Services des Monts", "oui", "non", 4, "8", "ins clenv avance"),
  c("GHT26-029", EHPAD, "Logistique", "Fauteuils de repos et lits médicalisés", "Fournitures", "Mobilier", MAPA, 65_000, 12, "21/09/2026", "03/12/2026", "Médilit", null, "non", 2, "10", "avance"),
  c("GHT26-030", CHB, "Logistique", "Fournitures de bureau", "Fournitures", "Fournitures de bureau", MAPA, 30_000, 24, "", "04/12/2026", "Bureau Sud Distribution", "oui", "non", 3, "", "clenv"),
  c("GHT26-031", CHM, "Hôtellerie", "Blanchisserie des tenues professionnelles", "Services", "Blanchisserie", MAPA, 85_000, 36, "11/05/2026", "13/07/2026", "ESAT Blanchisserie des Coteaux", "oui", "oui", 2, "9", "res:ESAT clenv nego avance"),
  c("GHT26-032", CHB, "Services techniques", "Contrôles réglementaires des installations techniques", "Services", "Maintenance des bâtiments", MAPA, 60_000, 36, "02/02/2026", "23/03/2026", "Contrôles Techniques du Sud", "oui", null, 2, "10", "avance"),
  c("GHT26-033", CHSA, "Restauration", "Fourniture de viandes et volailles (Label rouge, origine France)", "Fournitures", "Denrées alimentaires", AOO, 260_000, 48, "12/01/2026", "27/04/2026", "Boucherie Centrale des Monts", "oui", "non", 3, "6; 7", "crenv clenv avance"),
  c("GHT26-034", CHB, "Système d'information", "Hébergement de données de santé", "Services", "Informatique", PN, 780_000, 48, "05/01/2026", "18/05/2026", "Cloud Santé France", "non", "non", 3, "4; 10", "crenv clenv nego avance"),
  c("GHT26-035", EHPAD, "Hôtellerie", "Activités physiques adaptées pour les résidents", "Services", "Services aux résidents", MAPA, 18_000, 12, "16/03/2026", "20/04/2026", "Association Sport Santé du Val", "oui", "oui", 2, "", ""),
  c("GHT26-036", CHM, "Services techniques", "Maîtrise d'œuvre pour l'extension de l'EHPAD de Montclar", "Maîtrise d'œuvre", "Prestations intellectuelles", PN, 280_000, 48, "15/12/2025", "22/04/2026", "Atelier Terres et Bois", "oui", "non", 4, "3; 4", "crenv clenv acv nego avance"),
];

// ------------------------------------------------------------------ the GHT's own plan (SPEC §8.1)

/**
 * The `Plan` sheet: the GHT's axes, objectives and actions, one row per action (titles written once
 * and carried down). It replaces the city's 26 actions everywhere: « Actions ciblées » above names
 * these actions (3: critère environnemental des produits de santé, 6: alimentation durable, …).
 */
const PLAN_HEADERS = ["Axe", "Titre de l'axe", "Objectif", "Titre de l'objectif", "Action", "Titre de l'action", "Pilote"];
const DA = "Direction des achats du GHT (établissement support)";
const PLAN = [
  [1, "Piloter une politique d'achats de santé responsables", 1, "Gouverner la fonction achat mutualisée", 1, "Suivre le SPASER du GHT en comité stratégique des achats", DA],
  [null, null, null, null, 2, "Former les acheteurs et les prescripteurs des établissements aux achats responsables", "Direction des ressources humaines du GHT"],
  [2, "Des achats de santé qui préservent l'environnement", 2, "Réduire l'impact des produits et équipements de santé", 3, "Intégrer un critère environnemental aux marchés de produits de santé, d'équipements et de services", "Pharmacie à usage intérieur et direction des achats"],
  [null, null, null, null, 4, "Préférer le réutilisable, le reconditionné et la sobriété des usages", "Direction des achats et services biomédicaux"],
  [null, null, 3, "Réduire et valoriser les déchets de soins", 5, "Trier, réduire et valoriser les déchets d'activités de soins et les emballages", "Direction des services techniques"],
  [3, "Une restauration hospitalière durable", 4, "Servir une alimentation durable et de qualité", 6, "Acheter des produits durables et de qualité (loi EGalim) : 50 % en valeur", "Direction de la restauration"],
  [null, null, null, null, 7, "Acheter équitable pour les cafétérias et la restauration des résidents", "Direction de la restauration"],
  [4, "Insertion, travail protégé et PME du territoire", 5, "Favoriser l'insertion et le travail protégé", 8, "Inscrire une clause d'insertion dans les marchés de services (propreté, blanchisserie, sécurité) et de travaux", "Direction des achats, avec la maison de l'emploi"],
  [null, null, null, null, 9, "Réserver des marchés aux ESAT, aux entreprises adaptées et aux SIAE", DA],
  [null, null, 6, "Ouvrir les marchés du GHT aux PME", 10, "Allotir, négocier et suivre la part des PME", DA],
];

// ------------------------------------------------------------------ the GHT's own referential (SPEC §8)

/**
 * The `Référentiel` sheet: T1, T5 and T6 redefined on the GHT's actions with its targets, one
 * built-in relabelled and placed under action 10, the loi Climat alerts kept, and eleven indicators of
 * its own (H1–H11) of the five types. Targets are fractions (shown as percentages). With a `Plan`,
 * the built-in indicators it does not name are not computed (SPEC §8.1).
 */
const REFERENTIAL_HEADERS = ["Id", "Libellé", "Type", "Population", "Condition", "Valeur", "Cible étape 1", "Cible étape 2", "Action"];
const REFERENTIAL = [
  ["T1", "% de marchés formalisés avec un critère environnemental", "taux", "formalisée", "[Critère environnemental]", null, 0.6, 0.9, null],
  ["T5", "% de marchés ciblés « réutilisable et reconditionné » (action 4) intégrant l'économie circulaire", "taux", "ciblé(4)", "[Économie circulaire]", null, null, null, null],
  ["T6", "% de marchés ciblés « PME » (action 10) confiés à des PME", "taux", "ciblé(10)", "PME", null, null, null, null],
  ["A14.E2", "Part des PME parmi les titulaires des marchés du GHT", null, null, null, null, null, null, 10],
  ["C7.1", null, null, null, null, null, null, null, null],
  ["C7.2", null, null, null, null, null, null, null, null],
  ["C7.3", null, null, null, null, null, null, null, null],
  ["H1", "Marchés de 40 000 € HT et plus avec une clause environnementale", "taux", "[Montant HT] >= 40 000", "[Clause environnementale]", null, 0.5, 0.8, 3],
  ["H2", "Procédures adaptées ayant fait l'objet d'une négociation", "taux", "Procédure = \"adaptée\"", "Négociation", null, 0.4, 0.6, 10],
  ["H3", "Marchés ciblés insertion avec une clause d'insertion ou réservés", "taux", "ciblé(8)", "[Clause d'insertion] OU [Marché réservé]", null, 0.8, 1, 8],
  ["H4", "Marchés formalisés sans aucune considération sociale", "compte", "formalisée", "NON considération sociale", null, null, null, null],
  ["H5", "Achats confiés à l'ESS et au secteur protégé (€ HT)", "somme", null, "[Titulaire ESS] OU [Marché réservé]", "Montant HT", null, null, 9],
  ["H6", "Nombre moyen d'offres des procédures formalisées", "moyenne", "formalisée", null, "Nombre d'offres", null, null, null],
  ["H7", "Consultations soumises à la loi Climat avec des considérations sociales et environnementales", "taux", "[Date de lancement] >= [Date d'application loi Climat]", "considération sociale ET considération environnementale", null, 1, 1, null],
  ["H8", "Marchés notifiés depuis le nouveau clausier (01/07/2026) avec un critère environnemental ou social", "taux", "[Date de notification] >= 01/07/2026", "[Critère environnemental] OU [Critère social]", null, null, null, null],
  ["H9", "Montant moyen des marchés confiés à des PME (€ HT)", "moyenne", null, "PME", "Montant HT", null, null, 10],
  ["H10", "Fournitures et services au-dessus du seuil européen sans clause d'insertion", "compte", "[Montant HT] >= [Seuil européen fournitures et services] ET Nature ≠ \"Travaux\"", "NON [Clause d'insertion]", null, null, null, 8],
  ["H11", "Part en valeur des achats alimentaires avec une clause environnementale", "part en valeur", "Segment = \"Denrées alimentaires\"", "[Clause environnementale]", null, 0.5, 0.7, 6],
  ["H12", "Achats alimentaires issus du commerce équitable (action 7)", "taux", "ciblé(7)", "[Commerce équitable]", null, null, null, 7],
];

const PARAMETERS = [
  ["Collectivité", "GHT Monts et Rivières"],
  ["Étape en cours", 1],
  ["Libellé étape 1", "Étape 1 (2025-2027)"],
  ["Libellé étape 2", "Étape 2 (2028-2030)"],
  ["Cible T2 étape 1", 0.6, "%"],
  ["Cible T2 étape 2", 1, "%"],
  ["Cible T3 étape 1", 0.3, "%"],
  ["Cible T3 étape 2", 0.5, "%"],
  ["Cible T4 étape 1", 0.4, "%"],
  ["Cible T4 étape 2", 0.6, "%"],
  ["Cible T5 étape 1", 0.4, "%"],
  ["Cible T5 étape 2", 0.7, "%"],
  ["Cible T6 étape 1", 0.5, "%"],
  ["Cible T6 étape 2", 0.7, "%"],
  ["Date d'application loi Climat", utc(2026, 8, 21), "date"],
  ["Seuil européen fournitures et services (€ HT)", 216_000, "€"],
  ["Seuil européen travaux (€ HT)", 5_404_000, "€"],
];

// ------------------------------------------------------------------ writing the workbook

const COLOR = "FF00695C";
const GREEN = "FF2E7D32";

function writeRegister(wb) {
  writeRegisterSheet(wb, {
    color: COLOR,
    titleLines: ["Marchés notifiés — GHT Monts et Rivières (fonction achat mutualisée)", "Extraction du 11/12/2026 — Direction des achats de l'établissement support (CH de Beaurivage)"],
    headers: HEADERS,
    widths: { "N° marché": 12, Objet: 60, Acheteur: 20, Service: 20, Segment: 24, "Procédure": 24, "Montant HT": 14, Titulaire: 30 },
    contracts: [...CONTRACTS_2025, ...CONTRACTS_2026],
  });
}

function writeReferential(wb) {
  const ws = wb.addWorksheet("Référentiel", { properties: { tabColor: { argb: GREEN } } });
  title(ws, ["Référentiel du SPASER du GHT : indicateurs redéfinis, renommés et propres au GHT", "Une ligne par indicateur ; les autres indicateurs suivent le référentiel intégré de l'outil"], COLOR);
  const headerRow = 4;
  writeTable(ws, {
    headerRow,
    headers: REFERENTIAL_HEADERS,
    headerHeight: 30,
    color: COLOR,
    widths: [8, 58, 10, 60, 56, 16, 12, 12, 8],
    rows: REFERENTIAL,
    // Targets of a rate written as percentages.
    format: (cell, _v, r, j) => {
      if ((j === 6 || j === 7) && (r[2] === "taux" || r[2] === "part en valeur")) cell.numFmt = PCT;
    },
    wrap: true,
  });
  ws.views = [{ state: "frozen", xSplit: 1, ySplit: headerRow }];
}

function writePlan(wb) {
  const ws = wb.addWorksheet("Plan", { properties: { tabColor: { argb: GREEN } } });
  title(ws, ["Plan du SPASER du GHT Monts et Rivières (2025-2030)", "Adopté par le comité stratégique du GHT ; une ligne par action"], COLOR);
  const headerRow = 4;
  writeTable(ws, { headerRow, headers: PLAN_HEADERS, headerHeight: 30, color: COLOR, widths: [6, 44, 9, 44, 8, 70, 40], rows: PLAN, wrap: true });
  ws.views = [{ state: "frozen", ySplit: headerRow }];
}

async function build(output = DEFAULT_OUTPUT) {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Direction des achats — GHT Monts et Rivières";
  wb.lastModifiedBy = wb.creator;
  wb.title = "SPASER du GHT Monts et Rivières — registre et référentiel";
  wb.company = "GHT Monts et Rivières";
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

module.exports = { build, DEFAULT_OUTPUT, CONTRACTS_2025, CONTRACTS_2026, REFERENTIAL, PLAN };

if (require.main === module) {
  build(process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_OUTPUT).then(
    ({ output, contracts, indicators }) => console.log(`Classeur d'exemple du GHT écrit : ${path.relative(process.cwd(), output)} (${contracts} marchés, ${indicators} lignes de référentiel)`),
    (e) => {
      console.error(`Échec de la construction du classeur d'exemple du GHT : ${e && e.stack ? e.stack : e}`);
      process.exitCode = 1;
    },
  );
}
