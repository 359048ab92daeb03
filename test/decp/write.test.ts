/**
 * The register as DECP 2024 records (SPEC §11): what is written where, what is derived, and that a
 * required field the register lacks is never invented — the contract is left out and listed.
 */
import Ajv from "ajv";
import schema from "../../src/decp/schema_decp_v2.0.3.json";
import { decpExport, type DecpRecord } from "../../src/decp/write";
import { recordErrors } from "../../src/decp/validate";
import type { Cell, DateValue } from "../../src/register/types";
import { contract, issuesOf, readRegister } from "../helpers/workbook";

const PUBLICATION: DateValue = { y: 2026, m: 12, d: 15, serial: 0 };

/** An independent compilation of the official schema (not the project's validator). */
const ajv = new Ajv({ allErrors: true, strict: false });
const validDocument = ajv.compile(schema);

/** Every column a public contract needs, for one contract notified on 12/03/2025. */
const FULL: Record<string, Cell> = {
  "N° marché": "2025-014",
  Objet: "Nettoyage des locaux administratifs",
  "Code CPV": "90919200",
  Procédure: "Appel d'offres ouvert",
  "Montant HT": 184_500,
  "Durée (mois)": 48,
  "Date de notification": "12/03/2025",
  Titulaire: "Propreté du Val",
  "Nombre d'offres": 4,
  Avance: "oui",
  "Taux d'avance": "20 %",
  "Type de contrat": "",
  "Clause d'insertion": "oui",
  "Critère social (hors insertion)": "non",
  "Marché réservé": "non",
  "Critère environnemental": "non",
  "Clause environnementale": "oui",
  "SIRET acheteur": "21690123100011",
  "SIRET titulaire": "44306184100047",
  "Code du lieu d'exécution": "69123",
  "Type de code du lieu d'exécution": "Code commune",
  CCAG: "CCAG-FCS",
  "Forme du prix": "unitaire",
  "Types de prix": "révisable",
  "Modalités d'exécution": "Sans objet",
  "Marché innovant": "non",
  "Groupement d'opérateurs": "Pas de groupement",
  "Sous-traitance déclarée": "non",
};
const HEADERS = Object.keys(FULL);

function exportOf(records: Record<string, Cell>[], headers = HEADERS, year?: number) {
  const reg = readRegister(headers, records);
  return { reg, exp: decpExport(reg, { publicationDate: PUBLICATION, ...(year !== undefined ? { year } : {}) }) };
}

const only = (records: DecpRecord[]) => {
  expect(records).toHaveLength(1);
  return records[0];
};

describe("a public contract with every column (SPEC §11)", () => {
  const { reg, exp } = exportOf([FULL]);

  test("is written in marches.marche with the DECP values of its cells", () => {
    expect(issuesOf(reg, "error")).toEqual([]);
    expect(issuesOf(reg, "warning")).toEqual([]);
    expect(exp.leftOut).toEqual([]);
    expect(exp.document.marches["contrat-concession"]).toEqual([]);
    expect(only(exp.document.marches.marche)).toEqual({
      id: "2025-014",
      acheteur: { id: "21690123100011" },
      nature: "Marché",
      objet: "Nettoyage des locaux administratifs",
      codeCPV: "90919200",
      techniques: { technique: ["Sans objet"] },
      modalitesExecution: { modaliteExecution: ["Sans objet"] },
      marcheInnovant: false,
      ccag: "Fournitures courantes et services",
      offresRecues: 4,
      attributionAvance: true,
      tauxAvance: 0.2,
      typeGroupementOperateurs: "Pas de groupement",
      sousTraitanceDeclaree: false,
      procedure: "Appel d'offres ouvert",
      lieuExecution: { code: "69123", typeCode: "Code commune" },
      dureeMois: 48,
      dateNotification: "2025-03-12",
      datePublicationDonnees: "2026-12-15",
      montant: 184500,
      typesPrix: { typePrix: ["Définitif révisable"] },
      formePrix: "Unitaire",
      // A 14-digit identifier without a type is a SIRET.
      titulaires: [{ titulaire: { typeIdentifiant: "SIRET", id: "44306184100047" } }],
      // The clause d'insertion is a « Clause sociale » of the DECP format.
      considerationsSociales: { considerationSociale: ["Clause sociale"] },
      considerationsEnvironnementales: { considerationEnvironnementale: ["Clause environnementale"] },
    });
  });

  test("the record and the document satisfy the official schema", () => {
    expect(recordErrors(exp.document.marches.marche[0], false)).toEqual([]);
    expect(validDocument(exp.document)).toBe(true);
  });

  test("--year keeps the contracts notified that year only", () => {
    expect(decpExport(reg, { year: 2024, publicationDate: PUBLICATION }).document.marches.marche).toEqual([]);
    expect(decpExport(reg, { year: 2025, publicationDate: PUBLICATION }).document.marches.marche).toHaveLength(1);
  });
});

describe("a required field the register lacks is never invented", () => {
  test("a column absent leaves every contract out, naming the column", () => {
    const headers = HEADERS.filter((h) => h !== "CCAG" && h !== "SIRET acheteur");
    const { exp } = exportOf([FULL, { ...FULL, "N° marché": "2025-015" }], headers);
    expect(exp.document.marches.marche).toEqual([]);
    expect(exp.leftOut.map((l) => l.id)).toEqual(["2025-014", "2025-015"]);
    expect(exp.leftOut[0]).toMatchObject({ sheet: "Registre", row: 2, concession: false, absent: ["« SIRET acheteur »", "« CCAG »"] });
    expect(exp.leftOut[0].missing).toEqual(["« SIRET acheteur » (colonne absente)", "« CCAG » (colonne absente)"]);
  });

  test("a blank cell leaves that contract out; a blank yes/no cell is « non » (its column's rule)", () => {
    const { exp } = exportOf([
      { ...FULL, "N° marché": "A", "Forme du prix": null, "Nombre d'offres": null },
      { ...FULL, "N° marché": "B", "Marché innovant": null, "Sous-traitance déclarée": null },
    ]);
    expect(exp.leftOut).toEqual([{ id: "A", sheet: "Registre", row: 2, concession: false, missing: ["« Nombre d'offres » (cellule vide ou en erreur)", "« Forme du prix » (cellule vide ou en erreur)"], absent: [] }]);
    expect(only(exp.document.marches.marche)).toMatchObject({ id: "B", marcheInnovant: false, sousTraitanceDeclaree: false });
  });

  test("values the format cannot hold are said, not altered", () => {
    const { exp } = exportOf([
      { ...FULL, "N° marché": "2025-ACCORD-CADRE-FOURNITURES" },
      { ...FULL, "N° marché": "C", "Durée (mois)": 1.5, "Nombre d'offres": 0, "SIRET acheteur": "2169012310001" },
      { ...FULL, "N° marché": "D", Procédure: "Appel d'offres", "Montant HT": 0 },
    ]);
    expect(exp.document.marches.marche).toEqual([]);
    expect(exp.leftOut.map((l) => [l.id, l.missing])).toEqual([
      ["2025-ACCORD-CADRE-FOURNITURES", ["« N° marché » « 2025-ACCORD-CADRE-FOURNITURES » de 29 caractères (16 au plus dans les DECP)"]],
      ["C", ["« SIRET acheteur » « 2169012310001 » : 14 chiffres attendus", "« Nombre d'offres » 0 : au moins 1 pour un marché notifié", "« Durée (mois) » 1,5 : un nombre entier de mois est attendu"]],
      ["D", ["« Procédure » « Appel d'offres » : ouvert ou restreint ? (écrivez « Appel d'offres ouvert » ou « Appel d'offres restreint »)", "« Montant HT » 0 : au moins 1 € HT"]],
    ]);
  });

  test("without any social column the considerations are unknown; a DECP social consideration does not say clause or criterion", () => {
    const social = ["Clause d'insertion", "Critère social (hors insertion)", "Marché réservé"];
    const { exp } = exportOf([FULL], HEADERS.filter((h) => !social.includes(h)));
    expect(exp.leftOut[0].absent).toEqual(["considérations sociales : « Clause d'insertion », « Clause sociale (hors insertion) », « Critère social (hors insertion) », « Marché réservé »…"]);
    const decp = exportOf([{ ...FULL, considerationsSociales: "Clause sociale" }], [...HEADERS.filter((h) => !social.includes(h)), "considerationsSociales"]).exp;
    expect(decp.leftOut[0].missing).toEqual(["considération sociale DECP : clause ou critère ? (renseignez « Clause sociale (hors insertion) » ou « Critère social (hors insertion) »)"]);
  });

  test("not notified: not published, not listed", () => {
    const { exp } = exportOf([{ ...FULL, "Date de notification": null }]);
    expect(exp.document.marches.marche).toEqual([]);
    expect(exp.leftOut).toEqual([]);
  });
});

describe("the unit of account and the holders (SPEC §2.1.1)", () => {
  const headers = [...HEADERS, "N° accord-cadre", "Défense ou sécurité", "Type d'identifiant titulaire", "Date de publication des données"];
  const { reg, exp } = exportOf(
    [
      { ...FULL, "N° marché": "AC-1", "Type de contrat": "Accord-cadre", "Modalités d'exécution": "Marchés subséquents; Bons de commande" },
      { ...FULL, "N° marché": "MS-1", "N° accord-cadre": "AC-1", "Date de publication des données": "02/04/2025" },
      { ...FULL, "N° marché": "DEF-1", "Défense ou sécurité": "oui", "Taux d'avance": null, Avance: "non" },
      // A groupement: one row per member; an identifier that is not a SIRET gives its type.
      { ...FULL, "N° marché": "G-1", "Groupement d'opérateurs": "solidaire", "SIRET titulaire": 5650171100115 },
      { "N° marché": "G-1", Titulaire: "Bau GmbH", "SIRET titulaire": "DE129273398", "Type d'identifiant titulaire": "TVA" },
    ],
    headers,
  );

  test("a framework agreement gives the technique « Accord-cadre »; its subsequent contract names it", () => {
    expect(exp.leftOut).toEqual([]);
    const byId = new Map(exp.document.marches.marche.map((r) => [r.id, r]));
    expect(byId.get("AC-1")).toMatchObject({ techniques: { technique: ["Accord-cadre"] }, modalitesExecution: { modaliteExecution: ["Marchés subséquents", "Bons de commande"] } });
    expect(byId.get("AC-1")).not.toHaveProperty("idAccordCadre");
    expect(byId.get("MS-1")).toMatchObject({ idAccordCadre: "AC-1", techniques: { technique: ["Sans objet"] }, datePublicationDonnees: "2025-04-02" });
  });

  test("« Défense ou sécurité » is the nature « Marché de défense ou de sécurité »; no advance and no rate: no tauxAvance", () => {
    const def = exp.document.marches.marche.find((r) => r.id === "DEF-1") as DecpRecord;
    expect(def).toMatchObject({ nature: "Marché de défense ou de sécurité", attributionAvance: false });
    expect(def).not.toHaveProperty("tauxAvance");
  });

  test("co-holders are titulaires with their identifiers (a SIRET that Excel made a number gets its leading zero back)", () => {
    expect(contract(reg, "G-1").cotitulairesIds).toEqual([{ id: "DE129273398", type: "TVA" }]);
    expect(exp.document.marches.marche.find((r) => r.id === "G-1")).toMatchObject({
      typeGroupementOperateurs: "Solidaire",
      titulaires: [{ titulaire: { typeIdentifiant: "SIRET", id: "05650171100115" } }, { titulaire: { typeIdentifiant: "TVA", id: "DE129273398" } }],
    });
    expect(validDocument(exp.document)).toBe(true);
  });

  test("a co-holder without identifier leaves the contract out, naming the co-holder", () => {
    const r = exportOf([FULL, { "N° marché": "2025-014", Titulaire: "Nettoyage Plus", "SIRET titulaire": null }]).exp;
    expect(r.leftOut[0].missing).toEqual(["« SIRET titulaire » du co-titulaire « Nettoyage Plus » (cellule vide ou en erreur)"]);
  });
});

describe("a concession goes to marches.contrat-concession", () => {
  const headers = [...HEADERS, "Nature de la concession", "Procédure de la concession", "Date de début d'exécution", "Subvention publique"];
  const base = { ...FULL, "N° marché": "DSP-1", "Type de contrat": "Concession", Objet: "Exploitation de la fourrière", "Montant HT": 4_200_000, "Durée (mois)": 72, "Date de début d'exécution": "01/09/2025", "Nature de la concession": "DSP", "Subvention publique": 0, "Marché réservé": "oui" };

  test("with its own fields: conceding authority, nature, procedure, signature date, global value, subsidy", () => {
    const { exp } = exportOf([{ ...base, "Procédure de la concession": "procédure négociée ouverte" }], headers);
    expect(exp.document.marches.marche).toEqual([]);
    expect(only(exp.document.marches["contrat-concession"])).toEqual({
      id: "DSP-1",
      autoriteConcedante: { id: "21690123100011" },
      nature: "Délégation de service public",
      objet: "Exploitation de la fourrière",
      procedure: "Procédure négociée ouverte",
      dureeMois: 72,
      dateSignature: "2025-03-12",
      datePublicationDonnees: "2026-12-15",
      dateDebutExecution: "2025-09-01",
      valeurGlobale: 4200000,
      montantSubventionPublique: 0,
      concessionnaires: [{ concessionnaire: { typeIdentifiant: "SIRET", id: "44306184100047" } }],
      considerationsSociales: { considerationSociale: ["Clause sociale", "Concession réservée"] },
      considerationsEnvironnementales: { considerationEnvironnementale: ["Clause environnementale"] },
    });
    expect(validDocument(exp.document)).toBe(true);
  });

  test("a « Procédure » that holds a concession procedure will do; a marché procedure will not", () => {
    const ok = exportOf([{ ...base, Procédure: "Procédure non négociée restreinte" }], headers).exp;
    expect(only(ok.document.marches["contrat-concession"])).toMatchObject({ procedure: "Procédure non négociée restreinte" });
    const no = exportOf([base], headers).exp;
    expect(no.leftOut).toEqual([{ id: "DSP-1", sheet: "Registre", row: 2, concession: true, missing: ["« Procédure de la concession » (cellule vide ou en erreur)"], absent: [] }]);
  });
});

describe("the publication columns are read under French and DECP names, with a warning for a value outside the format", () => {
  test("closed lists accept the usual spellings; an unknown value is a warning and the field unknown", () => {
    const reg = readRegister(
      ["N° marché", "ccag", "formePrix", "typesPrix", "lieuExecution_typeCode", "typeGroupementOperateurs", "titulaire_typeIdentifiant"],
      [
        { "N° marché": "A", ccag: "CCAG Travaux", formePrix: "Forfait", typesPrix: "['Définitif ferme', 'Provisoire']", lieuExecution_typeCode: "code INSEE", typeGroupementOperateurs: "groupement conjoint", titulaire_typeIdentifiant: "hors UE" },
        { "N° marché": "B", ccag: "CCAP", formePrix: "Mixte", typesPrix: "ferme; forfaitaire" },
      ],
    );
    expect(contract(reg, "A")).toMatchObject({ ccag: "Travaux", formePrix: "Forfaitaire", typesPrix: ["Définitif ferme", "Provisoire"], lieuExecutionTypeCode: "Code commune", typeGroupement: "Conjoint", titulaireTypeId: "HORS-UE" });
    expect(contract(reg, "B")).toMatchObject({ ccag: null, formePrix: "Mixte", typesPrix: null });
    expect(issuesOf(reg, "warning").map((i) => [i.cell, i.message])).toEqual([
      ["Registre!B3", "« CCAP » n'est pas une valeur de « CCAG » (attendu : Travaux, Maitrise d'œuvre, Fournitures courantes et services, Marchés industriels, Prestations intellectuelles, Techniques de l'information et de la communication, Pas de CCAG)"],
      ["Registre!D3", "« forfaitaire » : valeur de « Types de prix » non reconnue (attendu : Définitif ferme, Définitif actualisable, Définitif révisable, Provisoire)"],
    ]);
  });

  test("a register without them holds no such field: nothing more in memory", () => {
    const reg = readRegister(["N° marché", "Montant HT"], [{ "N° marché": "A", "Montant HT": 10 }]);
    const c = contract(reg, "A");
    expect(Object.keys(c).filter((k) => k === "ccag" || k === "acheteurId" || k === "cotitulairesIds")).toEqual([]);
    expect(c.ccag).toBeUndefined();
  });

  test("titulaire_id without a « Titulaire » column names the holder, so that co-holders are still merged", () => {
    const reg = readRegister(
      ["uid", "titulaire_id", "montant"],
      [
        { uid: "X1", titulaire_id: "44306184100047", montant: 100 },
        { uid: "X1", titulaire_id: "51234567800015", montant: 100 },
      ],
    );
    expect(reg.present.has("titulaire")).toBe(true);
    expect(contract(reg, "X1")).toMatchObject({ titulaire: "44306184100047", titulaireId: "44306184100047", cotitulaires: ["51234567800015"], cotitulairesIds: [{ id: "51234567800015", type: null }] });
    expect(reg.source.rowsMerged).toBe(1);
  });
});
