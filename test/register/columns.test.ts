/**
 * Header recognition (SPEC §2, §2.1–§2.5): every alias of every column, forgiving normalisation,
 * no substring matching, and the DECP open-data names.
 */
import { readWorkbook } from "../../src/register/read";
import type { Cell, Grid, Register } from "../../src/register/types";
import { contract, issuesOf, sheet } from "../helpers/workbook";

/** Register columns and their aliases, as SPEC §2.1 lists them (key = field of a contract). */
const REGISTER_ALIASES: Record<string, string[]> = {
  id: ["N° marché", "Numéro", "Référence", "N° de marché", "Numéro de marché", "uid", "id"],
  objet: ["Objet", "Objet du marché", "objet"],
  titulaire: ["Titulaire", "Attributaire", "titulaire_nom"],
  entite: ["Entité", "Acheteur", "acheteur"],
  direction: ["Direction", "Service", "Direction opérationnelle", "Service acheteur"],
  nature: ["Nature", "Type de marché", "Catégorie", "Nature des prestations"],
  famille: ["Famille d'achat", "Famille", "Segment"],
  cpv: ["Code CPV", "CPV", "codeCPV"],
  procedure: ["Procédure", "Type de procédure", "procedure"],
  montant: ["Montant HT", "Montant", "Montant estimé HT", "Montant notifié HT", "montant"],
  dureeMois: ["Durée (mois)", "Durée", "dureeMois"],
  dateNotification: ["Date de notification", "Date d'attribution", "Notification", "dateNotification"],
  datePrevisionnelle: ["Date prévisionnelle d'attribution", "Attribution prévue"],
  recurrent: ["Récurrent"],
  anticipe: ["Anticipé"],
  dateCotation: ["Date de cotation"],
  actionsCiblees: ["Actions ciblées", "Actions SPASER", "Ciblage"],
  clauseInsertion: ["Clause d'insertion"],
  heuresInsertionPrevues: ["Heures d'insertion prévues"],
  heuresInsertionRealisees: ["Heures d'insertion réalisées"],
  critereInsertion: ["Critère d'insertion"],
  reserve: ["Marché réservé", "Réservé"],
  clauseSociale: ["Clause sociale (hors insertion)", "Clause sociale"],
  critereSocial: ["Critère social (hors insertion)", "Critère social"],
  commerceEquitable: ["Commerce équitable"],
  nombreLots: ["Nombre de lots"],
  alloti: ["Alloti"],
  avance: ["Avance", "attributionAvance"],
  tauxAvance: ["Taux d'avance", "tauxAvance"],
  questionnementBesoin: ["Questionnement du besoin"],
  outilsMethodo: ["Outils méthodologiques"],
  clausesEquilibrees: ["Clauses équilibrées"],
  revisionPrix: ["Révision des prix"],
  negociation: ["Négociation"],
  gainPrix: ["Gain prix (%)"],
  gainTechnique: ["Gain valeur technique (%)"],
  evaluation: ["Évaluation de l'exécution", "Évalué"],
  noteSatisfaction: ["Note de satisfaction"],
  acv: ["ACV réalisée", "ACV", "Analyse du cycle de vie"],
  clauseSobriete: ["Clause de sobriété"],
  amoDD: ["AMO développement durable", "AMO DD"],
  critereEnvironnemental: ["Critère environnemental"],
  clauseEnvironnementale: ["Clause environnementale"],
  clauseDonneesImpact: ["Clause de suivi des impacts"],
  clauseLimitationImpact: ["Clause de limitation des impacts"],
  donneesObtenues: ["Données d'impact obtenues"],
  compensationCarbone: ["Compensation carbone"],
  tco2Compensees: ["tCO2e compensées"],
  economieCirculaire: ["Économie circulaire"],
  titulaireTpePme: ["Titulaire TPE/PME", "TPE/PME", "PME"],
  titulaireEss: ["Titulaire ESS/SIAE/EA/ESAT", "Titulaire ESS"],
  offresRecues: ["Nombre d'offres", "Offres reçues", "Soumissionnaires", "offresRecues"],
  offresTpePme: ["Offres de TPE/PME"],
  dceRetires: ["DCE retirés"],
  infructueux: ["Infructueux"],
  offresIrregulieres: ["Offres irrégulières"],
  litiges: ["Litiges"],
  // What the DECP 2024 format requires (SPEC §11): French headers and the DECP tabular names.
  acheteurId: ["SIRET acheteur", "acheteur_id"],
  titulaireId: ["SIRET titulaire", "titulaire_id"],
  titulaireTypeId: ["Type d'identifiant titulaire", "titulaire_typeIdentifiant"],
  lieuExecutionCode: ["Code du lieu d'exécution", "lieuExecution_code"],
  lieuExecutionTypeCode: ["Type de code du lieu d'exécution", "lieuExecution_typeCode"],
  ccag: ["CCAG", "ccag"],
  formePrix: ["Forme du prix", "formePrix"],
  typesPrix: ["Types de prix", "typesPrix"],
  modalitesExecution: ["Modalités d'exécution", "modalitesExecution"],
  marcheInnovant: ["Marché innovant", "marcheInnovant"],
  typeGroupement: ["Groupement d'opérateurs", "typeGroupementOperateurs"],
  sousTraitanceDeclaree: ["Sous-traitance déclarée", "sousTraitanceDeclaree"],
  datePublicationDonnees: ["Date de publication des données", "datePublicationDonnees"],
  dateDebutExecution: ["Date de début d'exécution", "dateDebutExecution"],
  montantSubventionPublique: ["Subvention publique", "montantSubventionPublique"],
};

const ALIAS_CASES: [string, string][] = Object.entries(REGISTER_ALIASES).flatMap(([key, aliases]) => aliases.map((a) => [key, a] as [string, string]));

/** Reads a register whose header holds `header` next to an id column (or next to Objet when it is the id). */
function headerRead(header: string, key: string): Register {
  const other = key === "id" ? "Objet" : "N° marché";
  return readWorkbook([sheet("Registre", [[other, header], ["x", "y"]])]);
}

const stripAccents = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");

describe("every alias of every register column (SPEC §2.1)", () => {
  test.each(ALIAS_CASES)("%s ← %p", (key, alias) => {
    const reg = headerRead(alias, key);
    expect(reg.source.columns[key]).toBe(alias);
    expect(reg.source.unknownColumns).not.toContain(alias);
  });

  test.each(ALIAS_CASES)("%s ← %p in capitals, without accents, with extra spaces and punctuation", (key, alias) => {
    for (const variant of [alias.toUpperCase(), stripAccents(alias).toLowerCase(), `  ${alias.replace(/ /g, "   ")} : `, alias.replace(/ /g, "_"), alias.replace(/'/g, "’")]) {
      const reg = headerRead(variant, key);
      expect({ variant, column: reg.source.columns[key] }).toEqual({ variant, column: variant.trim() });
    }
  });

  test("the SPEC's list covers every register field of a contract", () => {
    const reg = readWorkbook([sheet("Registre", [Object.values(REGISTER_ALIASES).map((a) => a[0]), Object.keys(REGISTER_ALIASES).map(() => null)])]);
    expect(Object.keys(reg.source.columns).sort()).toEqual(Object.keys(REGISTER_ALIASES).sort());
    expect(reg.source.unknownColumns).toEqual([]);
  });
});

describe("trailing units do not matter", () => {
  test.each([
    ["Montant HT (€)", "montant"],
    ["Montant (€)", "montant"],
    ["Montant (€ HT)", "montant"],
    ["Montant € HT", "montant"],
    ["MONTANT H.T.", "montant"],
    ["Montant notifié HT (€)", "montant"],
    ["Durée (mois)", "dureeMois"],
    ["Durée", "dureeMois"],
    ["Durée (en mois)", "dureeMois"],
    ["Gain prix (%)", "gainPrix"],
    ["Gain prix", "gainPrix"],
    ["Gain valeur technique", "gainTechnique"],
    ["Taux d'avance (%)", "tauxAvance"],
    ["Taux d'avance %", "tauxAvance"],
    ["Heures d'insertion réalisées (h)", "heuresInsertionRealisees"],
    ["Date de notification (JJ/MM/AAAA)", "dateNotification"],
  ])("%p is %s", (header, key) => {
    expect(headerRead(header, key).source.columns[key]).toBe(header);
  });
});

describe("no substring matching", () => {
  test.each([
    "Montant total TTC",
    "Objet du marché public",
    "Clause d'insertion sociale",
    "Date",
    "Date de fin",
    "Avance forfaitaire versée en 2024",
    "Titulaire principal",
    "Nombre",
    "Marché",
    "N°",
    "Critère",
    "Commentaire",
  ])("%p is an unknown column, kept and ignored", (header) => {
    const reg = readWorkbook([sheet("Registre", [["N° marché", "Objet", header], ["M1", "Voirie", "x"]])]);
    expect(reg.source.unknownColumns).toEqual([header]);
    expect(Object.values(reg.source.columns)).not.toContain(header);
    // never an error or a warning; an information when no side table knows the header either (SPEC §2.1.1)
    expect(reg.issues.filter((i) => i.severity !== "info")).toEqual([]);
    const sideHeader = ["Date", "Marché", "Commentaire"].includes(header);
    expect(reg.issues.map((i) => i.column)).toEqual(sideHeader ? [] : [header]);
    expect(reg.contracts).toHaveLength(1);
  });
});

describe("DECP names (an export of a buyer's own DECP data is a valid register)", () => {
  const decpHeader = ["id", "uid", "acheteur_nom", "titulaire_nom", "codeCPV", "montant", "dateNotification", "procedure", "dureeMois", "offresRecues", "tauxAvance", "attributionAvance"];

  test("uid (buyer + number) wins over id, whatever their order", () => {
    for (const header of [decpHeader, ["uid", "id", ...decpHeader.slice(2)]]) {
      const idIdx = header.indexOf("id");
      const uidIdx = header.indexOf("uid");
      const row: Cell[] = header.map(() => null);
      row[idIdx] = "2024-001";
      row[uidIdx] = "21350001800012" + "2024-001";
      row[header.indexOf("montant")] = 1000;
      const reg = readWorkbook([sheet("decp", [header, row])]);
      expect(reg.source.columns.id).toBe("uid");
      expect(reg.contracts.map((c) => c.id)).toEqual(["213500018000122024-001"]);
      // the other id column is not lost silently: it is listed as not used
      expect(reg.source.unknownColumns).toContain("id");
    }
  });

  test("two buyers may use the same contract number: uid keeps both contracts", () => {
    const reg = readWorkbook([
      sheet("decp", [
        ["uid", "id", "titulaire_nom", "montant"],
        ["AAA2024-01", "2024-01", "Entreprise Un", 10],
        ["BBB2024-01", "2024-01", "Entreprise Deux", 20],
      ]),
    ]);
    expect(reg.contracts.map((c) => c.id)).toEqual(["AAA2024-01", "BBB2024-01"]);
    expect(reg.source.rowsRejected).toBe(0);
  });

  test("titulaire_nom, codeCPV, dateNotification, dureeMois, offresRecues, tauxAvance (a fraction), attributionAvance", () => {
    const reg = readWorkbook([
      sheet("decp", [
        ["uid", "titulaire_nom", "codeCPV", "montant", "dateNotification", "procedure", "dureeMois", "offresRecues", "tauxAvance", "attributionAvance"],
        ["U1", "BTP Martin", "45233140", "61100", "2025-01-01", "Procédure adaptée", "12", "3", "0.3", "true"],
        ["U2", "Alpha", "45210000", "7587194.14", "2024-12-02", "Marché passé sans publicité ni mise en concurrence préalable", "24", "1", "0", "false"],
        ["U3", "Beta", "45210000", 1000, new Date(Date.UTC(2024, 6, 1)), "Appel d'offres ouvert", 6, 2, 0.05, true],
      ]),
    ]);
    const u1 = contract(reg, "U1");
    expect(u1.titulaire).toBe("BTP Martin");
    expect(u1.cpv).toBe("45233140");
    expect(u1.nature).toBe("Travaux"); // CPV 45… without a nature column
    expect(u1.montant).toBe(61100);
    expect([u1.dateNotification?.y, u1.dateNotification?.m, u1.dateNotification?.d]).toEqual([2025, 1, 1]);
    expect(u1.dureeMois).toBe(12);
    expect(u1.offresRecues).toBe(3);
    expect(u1.tauxAvance).toBeCloseTo(0.3, 12); // 0.3 is 30 %
    expect(u1.avance).toBe(true);
    const u2 = contract(reg, "U2");
    expect(u2.montant).toBeCloseTo(7587194.14, 6);
    expect(u2.tauxAvance).toBe(0);
    expect(u2.avance).toBe(false);
    expect(u2.procedure).not.toBeNull();
    const u3 = contract(reg, "U3");
    expect(u3.tauxAvance).toBeCloseTo(0.05, 12);
    expect(u3.avance).toBe(true);
    expect([u3.dateNotification?.y, u3.dateNotification?.m, u3.dateNotification?.d]).toEqual([2024, 7, 1]);
    expect(reg.issues.filter((i) => i.severity !== "info")).toEqual([]);
  });

  describe("considerationsSociales / considerationsEnvironnementales", () => {
    const read = (social: Cell, env: Cell) =>
      readWorkbook([sheet("decp", [["uid", "considerationsSociales", "considerationsEnvironnementales"], ["U1", social, env]])]);

    // A DECP « Clause sociale » / « Critère social » may be an insertion one: it sets socialDecp only,
    // never the insertion or « hors insertion » columns (SPEC §2.1, amendment of 30 November 2026).
    test.each<[string, boolean, boolean]>([
      ["Clause sociale", true, false],
      ["Critère social", true, false],
      ["Marché réservé", false, true],
      ["Clause sociale, Critère social", true, false],
      ["Clause sociale; Marché réservé", true, true],
      ["Critère social|Marché réservé", true, true],
      ["Clause sociale | Critère social | Marché réservé", true, true],
      ["['Clause sociale', 'Critère social']", true, false],
      ['["Clause sociale","Marché réservé"]', true, true],
      ["Pas de considération sociale", false, false],
      ["", false, false],
    ])("considerationsSociales %p", (text, socialDecp, reserve) => {
      const reg = read(text, null);
      const c = reg.contracts[0];
      expect({ socialDecp: c.socialDecp, reserve: c.reserve }).toEqual({ socialDecp, reserve });
      expect({ clauseSociale: c.clauseSociale, critereSocial: c.critereSocial, clauseInsertion: c.clauseInsertion, critereInsertion: c.critereInsertion }).toEqual({
        clauseSociale: null,
        critereSocial: null,
        clauseInsertion: null,
        critereInsertion: null,
      });
      expect(issuesOf(reg, "warning").concat(issuesOf(reg, "error"))).toEqual([]);
    });

    test.each<[string, boolean, boolean]>([
      ["Clause environnementale", true, false],
      ["Critère environnemental", false, true],
      ["Clause environnementale, Critère environnemental", true, true],
      ["['Clause environnementale', 'Critère environnemental']", true, true],
      ["Clause environnementale;Critère environnemental", true, true],
      ["Pas de considération environnementale", false, false],
    ])("considerationsEnvironnementales %p", (text, clauseEnvironnementale, critereEnvironnemental) => {
      const c = read(null, text).contracts[0];
      expect({ clauseEnvironnementale: c.clauseEnvironnementale, critereEnvironnemental: c.critereEnvironnemental }).toEqual({
        clauseEnvironnementale,
        critereEnvironnemental,
      });
    });

    test("the columns they set count as present; the insertion and « hors insertion » columns do not", () => {
      const reg = read("Clause sociale", "Critère environnemental");
      for (const k of ["socialDecp", "reserve", "clauseEnvironnementale", "critereEnvironnemental"]) expect(reg.present.has(k)).toBe(true);
      for (const k of ["clauseSociale", "critereSocial", "clauseInsertion", "critereInsertion"]) expect(reg.present.has(k)).toBe(false);
    });

    test("an unknown consideration is reported on its cell, the others are kept", () => {
      const reg = read("Clause sociale, Clause de paix", null);
      expect(reg.contracts[0].socialDecp).toBe(true);
      const w = reg.issues.filter((i) => i.severity !== "info");
      expect(w).toHaveLength(1);
      expect(w[0].cell).toBe("decp!B2");
      expect(w[0].column).toBe("considerationsSociales");
    });
  });
});

describe("side tables (SPEC §2.2–§2.5): every alias", () => {
  const register: Grid = sheet("Registre", [["N° marché", "Objet"], ["M1", "x"]]);
  const side = (name: string, header: string[]): Register => readWorkbook([register, sheet(name, [header, header.map(() => null)])]);

  test.each([
    ["action", "Action"],
    ["action", "N° action"],
    ["type", "Type"],
    ["intitule", "Intitulé"],
    ["statut", "Statut"],
    ["date", "Date"],
    ["agentsFormes", "Agents formés"],
    ["agentsAFormer", "Agents à former"],
    ["tempsJours", "Temps (jours)"],
  ])("Activités: %s ← %p", (key, alias) => {
    const reg = side("Activités", alias === "Action" || alias === "N° action" ? [alias, "Statut"] : ["Action", alias]);
    expect(reg.activitiesSource?.columns[key]).toBe(alias);
  });

  test.each([
    ["marche", "N° marché"],
    ["annee", "Année"],
    ["heures", "Heures réalisées"],
    ["genre", "Genre"],
    ["genre", "Sexe"],
    ["trancheAge", "Tranche d'âge"],
    ["qualification", "Niveau de qualification"],
    ["rqth", "RQTH"],
    ["formationQualifiante", "Formation qualifiante"],
  ])("Insertion: %s ← %p", (key, alias) => {
    const reg = side("Insertion", alias === "Année" ? [alias, "Heures réalisées"] : ["Année", alias]);
    expect(reg.insertionSource?.columns[key]).toBe(alias);
  });

  test("Saisies: Indicateur, Année, Valeur, Commentaire", () => {
    const reg = readWorkbook([
      register,
      sheet("Saisies", [
        ["INDICATEUR", "annee", "Valeur", "Commentaire"],
        ["A22.E1", 2025, 1500, "relevé"],
      ]),
    ]);
    expect(reg.manualInputs).toEqual([{ row: 2, indicator: "A22.E1", annee: 2025, valeur: 1500, commentaire: "relevé" }]);
  });

  test("Paramètres: Paramètre, Valeur", () => {
    const reg = readWorkbook([
      register,
      sheet("Paramètres", [
        ["PARAMETRE", "valeur"],
        ["Seuil clause d'insertion (€ HT)", 100000],
      ]),
    ]);
    expect(reg.parameters.seuilClauseInsertion).toBe(100000);
  });
});
