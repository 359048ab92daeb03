/**
 * The columns of the unit of account (docs/methodologie.md, « colonnes »): consultations and lots,
 * framework agreements and their subsequent contracts, concessions, defence contracts, renewals,
 * the estimated value of the need, declared loi Climat exceptions, the single cost criterion.
 */
import { contract, issuesOf, readRegister } from "../helpers/workbook";
import { parseContractType } from "../../src/register/values";

describe("register columns of the unit of account", () => {
  const headers = [
    "N° marché", "N° consultation", "N° lot", "Type de contrat", "N° accord-cadre", "Défense ou sécurité",
    "Valeur estimée du besoin (€ HT)", "Marché précédent", "Motif d'exception loi Climat", "Critère unique du coût",
  ];

  test("each new column is read under its header into its field", () => {
    const reg = readRegister(headers, [
      { "N° marché": "L1", "N° consultation": "C-2027-01", "N° lot": "1", "Type de contrat": "Marché", "Valeur estimée du besoin (€ HT)": "300 000", "Critère unique du coût": "oui" },
      { "N° marché": "AC1", "Type de contrat": "Accord-cadre", "Défense ou sécurité": "oui", "Marché précédent": "AC0", "Motif d'exception loi Climat": "urgence impérieuse" },
      { "N° marché": "MS1", "Type de contrat": "marché subséquent", "N° accord-cadre": "AC1" },
      { "N° marché": "CONC", "Type de contrat": "DSP" },
    ]);
    expect(issuesOf(reg, "error")).toEqual([]);
    const l1 = contract(reg, "L1");
    expect([l1.consultation, l1.lot, l1.typeContrat, l1.valeurEstimee, l1.critereUniqueCout]).toEqual(["C-2027-01", "1", "marche", 300000, true]);
    // Blank yes/no cells of present columns mean « non »; a blank consultation: the contract is its own.
    expect([l1.defense, l1.accordCadre, l1.marchePrecedent, l1.motifExceptionClimat]).toEqual([false, null, null, null]);
    const ac = contract(reg, "AC1");
    expect([ac.typeContrat, ac.defense, ac.marchePrecedent, ac.motifExceptionClimat, ac.critereUniqueCout]).toEqual(["accordCadre", true, "AC0", "urgence impérieuse", false]);
    expect([contract(reg, "MS1").typeContrat, contract(reg, "MS1").accordCadre]).toEqual(["subsequent", "AC1"]);
    expect(contract(reg, "CONC").typeContrat).toBe("concession");
  });

  test("the aliases of the specification name the same columns", () => {
    const reg = readRegister(
      ["N° marché", "Référence consultation", "Lot", "Forme du contrat", "Accord-cadre parent", "Marché de défense ou de sécurité", "Estimation", "Renouvellement de", "Exception loi Climat"],
      [{ "N° marché": "M1", "Référence consultation": "C1", Lot: "2", "Forme du contrat": "concession", "Accord-cadre parent": "AC9", "Marché de défense ou de sécurité": "non", Estimation: "1,2 M€", "Renouvellement de": "M0", "Exception loi Climat": "défense" }],
    );
    const c = contract(reg, "M1");
    expect([c.consultation, c.lot, c.typeContrat, c.accordCadre, c.defense, c.valeurEstimee, c.marchePrecedent, c.motifExceptionClimat]).toEqual(["C1", "2", "concession", "AC9", false, 1_200_000, "M0", "défense"]);
    expect(reg.source.unknownColumns).toEqual([]);
  });

  test("a parent agreement with a blank type makes a subsequent contract; a typed type wins", () => {
    const reg = readRegister(["N° marché", "Type de contrat", "N° accord-cadre"], [
      { "N° marché": "S1", "N° accord-cadre": "AC1" },
      { "N° marché": "S2", "Type de contrat": "marché", "N° accord-cadre": "AC1" },
      { "N° marché": "M3" },
    ]);
    expect(reg.contracts.map((c) => c.typeContrat)).toEqual(["subsequent", "marche", null]);
  });

  test("DECP names: techniques « Accord-cadre », idAccordCadre, the nature and procedure « Marché de défense ou de sécurité »", () => {
    const reg = readRegister(["uid", "nature", "procedure", "techniques", "idAccordCadre"], [
      { uid: "X1", nature: "Marché", procedure: "Appel d'offres ouvert", techniques: "['Accord-cadre', 'Catalogue électronique']" },
      { uid: "X2", nature: "Marché de défense ou de sécurité", procedure: "Procédure adaptée", techniques: "Sans objet" },
      { uid: "X3", nature: "Marché", procedure: "Marché de défense ou de sécurité" },
      { uid: "X4", nature: "Marché subséquent", idAccordCadre: "X1" },
      { uid: "X5", nature: "Concession de service public" },
    ]);
    expect(issuesOf(reg, "error")).toEqual([]);
    // No warning either: « Marché de défense ou de sécurité » is understood, not an unknown procedure.
    expect(issuesOf(reg, "warning")).toEqual([]);
    const [x1, x2, x3, x4, x5] = reg.contracts;
    expect([x1.typeContrat, x1.defense]).toEqual(["accordCadre", null]);
    expect([x2.typeContrat, x2.defense, x2.procedure]).toEqual(["marche", true, "MAPA"]);
    expect([x3.defense, x3.procedure]).toEqual([true, null]);
    expect([x4.typeContrat, x4.accordCadre]).toEqual(["subsequent", "X1"]);
    expect(x5.nature).toBe("Concession");
  });

  test("a bad cell names its cell and leaves the field unknown", () => {
    const reg = readRegister(["N° marché", "Type de contrat", "Valeur estimée du besoin", "Critère unique du coût"], [
      { "N° marché": "M1", "Type de contrat": "convention", "Valeur estimée du besoin": "-5", "Critère unique du coût": "peut-être" },
    ]);
    const errors = issuesOf(reg, "error").map((i) => i.cell);
    expect(errors).toEqual(["Registre!B2", "Registre!C2", "Registre!D2"]);
    const c = contract(reg, "M1");
    expect([c.typeContrat, c.valeurEstimee, c.critereUniqueCout]).toEqual([null, null, null]);
    expect(issuesOf(reg, "error")[0].message).toMatch(/type de contrat « convention » non reconnu/);
  });

  test("type de contrat values", () => {
    const v = (s: string) => {
      const r = parseContractType(s);
      return r.ok ? r.value : "erreur";
    };
    expect(["Accord-cadre", "accord cadre", "AC", "Marché subséquent", "bon de commande", "Concession", "Délégation de service public", "Marché public", "Concours", "convention"].map(v)).toEqual([
      "accordCadre", "accordCadre", "accordCadre", "subsequent", "subsequent", "concession", "concession", "marche", "marche", "erreur",
    ]);
  });
});
