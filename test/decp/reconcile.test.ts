/**
 * The reconciliation of a register with its DECP (src/decp/reconcile.ts) on hand-built registers
 * and DECP records: which contracts are matched and by which normalisation, which are of one side
 * only, and each kind of difference with both values as the user reads them.
 */
import { readWorkbook } from "../../src/register/read";
import type { Cell, Register } from "../../src/register/types";
import { readDecpText } from "../../src/decp/reconcile-input";
import { countWords, matchedWords, notRequiredWords, reconcile } from "../../src/decp/reconcile";
import type { Difference } from "../../src/decp/reconcile";

const VILLE = "21690123100011";
const METRO = "24690002100014";

const HEADERS = [
  "N° marché", "Objet", "Entité", "Montant HT", "Date de notification", "Procédure", "N° lot", "N° consultation", "Type de contrat",
  "Clause d'insertion", "Clause sociale (hors insertion)", "Critère social (hors insertion)", "Marché réservé", "Commerce équitable",
  "Critère environnemental", "Clause environnementale", "Clause de sobriété",
];
type Row = Partial<Record<(typeof HEADERS)[number], Cell>>;

/** A register of the rows given (blank cells where a row says nothing). */
function register(rows: Row[], headers: string[] = HEADERS): Register {
  return readWorkbook([{ sheet: "Registre", rows: [headers, ...rows.map((r) => headers.map((h) => r[h] ?? null))] }]);
}

interface Rec {
  id: string;
  acheteur?: string;
  montant?: number;
  dateNotification?: string;
  procedure?: string;
  sociales?: string[];
  env?: string[];
  titulaires?: string[];
  objet?: string;
}

/** A DECP file of the records given, read as the pane and the command line read it. */
function decp(recs: Rec[]): Register {
  const marche = recs.map((r) => ({
    id: r.id,
    acheteur: { id: r.acheteur ?? VILLE },
    objet: r.objet ?? `Objet ${r.id}`,
    ...(r.montant !== undefined ? { montant: r.montant } : {}),
    ...(r.dateNotification !== undefined ? { dateNotification: r.dateNotification } : {}),
    ...(r.procedure !== undefined ? { procedure: r.procedure } : {}),
    titulaires: (r.titulaires ?? ["12345678900011"]).map((id) => ({ titulaire: { typeIdentifiant: "SIRET", id } })),
    considerationsSociales: { considerationSociale: r.sociales ?? ["Pas de considération sociale"] },
    considerationsEnvironnementales: { considerationEnvironnementale: r.env ?? ["Pas de considération environnementale"] },
  }));
  return readDecpText(JSON.stringify({ marches: { marche } }), "decp.json");
}

/** A contract of the register and its faithful publication. */
const pair = (id: string, extra: Row = {}, rec: Partial<Rec> = {}): [Row, Rec] => [
  { "N° marché": id, Objet: `Objet ${id}`, Entité: "Ville", "Montant HT": 100_000, "Date de notification": "15/03/2025", Procédure: "MAPA", ...extra },
  { id, montant: 100_000, dateNotification: "2025-03-15", procedure: "Procédure adaptée", ...rec },
];

function run(pairs: [Row | null, Rec | null][], options: { year?: number } = {}) {
  const reg = register(pairs.map((p) => p[0]).filter((x): x is Row => x !== null));
  const pub = decp(pairs.map((p) => p[1]).filter((x): x is Rec => x !== null));
  return reconcile(reg, pub, options);
}

const messages = (ds: Difference[]) => ds.map((d) => d.message);

describe("matching by identifier", () => {
  test("case, accents, spaces and punctuation do not matter; the buyer's SIRET of the uid is not part of the id", () => {
    const r = run([pair("2025-V 001", {}, { id: "2025v001" }), pair("Marché-é1", {}, { id: "MARCHEE1" })]);
    expect(r.matchedBy).toEqual({ identique: 2, uid: 0, annee: 0, lot: 0 });
    expect(r.differences).toEqual([]);
    expect(matchedWords(r)).toBe("2 contrats rapprochés (2 à l'identique)");
    expect(countWords(r.differences.length)).toBe("Aucun écart");
  });

  test("a register keyed by the tabular uid (SIRET + id) matches the published id", () => {
    const r = run([pair(`${VILLE}V-001`, {}, { id: "V-001" })]);
    expect(r.matchedBy.uid).toBe(1);
    expect(r.differences).toEqual([]);
  });

  test("the year of notification in front of the published id; another year in front is not that contract's", () => {
    const r = run([
      pair("V-001", {}, { id: "2025V001" }),
      // Published with 2024 in front but notified in 2025: not this contract.
      pair("V-002", {}, { id: "2024-V-002" }),
    ]);
    expect(r.matchedBy).toEqual({ identique: 0, uid: 0, annee: 1, lot: 0 });
    expect(messages(r.differences)).toEqual([
      "Absent de la DECP : « V-002 », notifié le 15/03/2025, 100 000 € HT — Objet V-002",
      "Absent du registre : « 2024-V-002 » publié par l'acheteur 21690123100011, notifié le 15/03/2025, 100 000 € HT — Objet 2024-V-002",
    ]);
  });

  test("the lot at the end of the published id: the register's N° lot, or a lot written apart", () => {
    const r = run([
      pair("2025-012", { "N° lot": "Lot 2" }, { id: "2025-012-02" }),
      pair("2025-013", {}, { id: "2025-013 lot 3" }),
      pair("2025-015", { "N° lot": "3" }, { id: "2025015L3" }),
      // Lot 1 in the register, lot 2 published: another contract.
      pair("2025-014", { "N° lot": "1" }, { id: "2025-014-02" }),
    ]);
    expect(r.matchedBy).toEqual({ identique: 0, uid: 0, annee: 0, lot: 3 });
    expect(r.differences.map((d) => [d.kind, d.id ?? d.decpId])).toEqual([
      ["missingFromDecp", "2025-014"],
      ["missingFromRegister", "2025-014-02"],
    ]);
  });

  test("ids that differ only by case on both sides: each matched with the same id as written", () => {
    const r = run([pair("A-1c", {}, { montant: 1_000 }), pair("A-1C", {}, { montant: 2_000 })].map(([x, y]) => [{ ...x, "Montant HT": y.montant }, y]));
    expect({ identique: r.matchedBy.identique, differences: r.differences }).toEqual({ identique: 2, differences: [] });
  });

  test("two ids of the register that are one once normalised, one published: one line names them all", () => {
    const r = run([pair("V 010", {}, { id: "V010" }), [pair("V-010")[0], null]]);
    expect(r.matched).toBe(0);
    expect(messages(r.differences)).toEqual([
      "Rapprochement impossible : les contrats « V 010 », « V-010 » du registre et le contrat publié « V010 » (acheteur 21690123100011) ont le même identifiant : aucun n'est rapproché",
    ]);
  });

  test("the line of a contract matched under another id shows the id published", () => {
    const r = run([pair("V-001", {}, { id: "2025V001", montant: 90_000 })]);
    expect(messages(r.differences)).toEqual(["Montant HT : « V-001 » (publié « 2025V001 ») — registre 100 000 € HT ; DECP 90 000 € HT"]);
  });

  test("a contract published with two holders (one row each in the grid) is one contract: matched once, no duplicate", () => {
    const pub = decp([{ id: "V-001", montant: 100_000, dateNotification: "2025-03-15", procedure: "Procédure adaptée", titulaires: ["11111111100011", "22222222200022"] }]);
    expect(pub.contracts.length).toBe(1);
    const r = reconcile(register([pair("V-001")[0]]), pub);
    expect({ matched: r.matched, decp: r.decpContracts, differences: r.differences }).toEqual({ matched: 1, decp: 1, differences: [] });
  });

  test("one id published by two buyers: one line says the match is impossible, no line of absence", () => {
    const reg = register([pair("V-010")[0]]);
    const pub = decp([pair("V-010")[1], { ...pair("V-010")[1], acheteur: METRO }]);
    const r = reconcile(reg, pub);
    expect(r.matched).toBe(0);
    expect(r.differences.map((d) => d.kind)).toEqual(["ambiguous"]);
    expect(r.differences[0].message).toBe(
      "Rapprochement impossible : le contrat « V-010 » du registre et les contrats publiés « V-010 » (acheteur 21690123100011), « V-010 » (acheteur 24690002100014) ont le même identifiant : aucun n'est rapproché",
    );
    expect(r.differences[0].ids).toEqual({ register: ["V-010"], decp: ["V-010", "V-010"] });
    expect(r.decpBuyers).toBe(2);
  });
});

describe("contracts of one side only", () => {
  test("below 40 000 € HT of need, absence from the DECP is not a difference; a consultation's lots count together; a concession always", () => {
    const r = run([
      [{ "N° marché": "P-1", Entité: "Ville", "Montant HT": 25_000, "Date de notification": "10/01/2025" }, null],
      [{ "N° marché": "P-2", Entité: "Ville", "Montant HT": 45_000, "Date de notification": "10/01/2025" }, null],
      // Two lots of 25 000 and 20 000: a need of 45 000 € HT, both to publish.
      [{ "N° marché": "L-1", Entité: "Ville", "Montant HT": 25_000, "Date de notification": "10/01/2025", "N° consultation": "C-7" }, null],
      [{ "N° marché": "L-2", Entité: "Ville", "Montant HT": 20_000, "Date de notification": "10/01/2025", "N° consultation": "C-7" }, null],
      [{ "N° marché": "K-1", Entité: "Ville", "Montant HT": 10_000, "Date de notification": "10/01/2025", "Type de contrat": "Concession" }, null],
      // Not notified: not expected in the DECP.
      [{ "N° marché": "N-1", Entité: "Ville", "Montant HT": 500_000 }, null],
    ]);
    expect(r.differences.map((d) => d.id)).toEqual(["P-2", "L-1", "L-2", "K-1"]);
    expect(r.notRequired).toEqual([{ id: "P-1", sheet: "Registre", row: 2, need: 25_000 }]);
    expect(notRequiredWords(r)).toBe(
      "1 contrat notifié du registre dont le besoin est inférieur à 40 000 € HT est absent de la DECP : publication non obligatoire (art. R2196-1 du code de la commande publique), non compté comme écart",
    );
    expect(r.registerContracts).toBe(5);
  });

  test("--year: the contracts notified that year; a pair whose dates straddle the year is kept with its date difference", () => {
    const r = run(
      [
        [{ "N° marché": "A-2024", Entité: "Ville", "Montant HT": 50_000, "Date de notification": "10/06/2024" }, null],
        [null, { id: "B-2024", montant: 50_000, dateNotification: "2024-06-10" }],
        [null, { id: "B-2025", montant: 50_000, dateNotification: "2025-06-10" }],
        [{ "N° marché": "S-1", Entité: "Ville", "Montant HT": 50_000, "Date de notification": "30/12/2024" }, { id: "S-1", montant: 50_000, dateNotification: "2025-01-05" }],
      ],
      { year: 2025 },
    );
    expect(r.differences.map((d) => [d.kind, d.id ?? d.decpId])).toEqual([
      ["missingFromRegister", "B-2025"],
      ["dateNotification", "S-1"],
    ]);
    expect(r.differences[1].message).toBe("Date de notification : « S-1 » — registre 30/12/2024 ; DECP 05/01/2025");
    expect([r.registerContracts, r.decpContracts, r.matched]).toEqual([0, 2, 1]);
  });
});

describe("records of other buyers", () => {
  test("records of a buyer none of whose records matches are set aside; with no match at all, every record is absent", () => {
    const reg = register([pair("V-1")[0], pair("V-2")[0]]);
    const both = decp([pair("V-1")[1], { ...pair("M-1")[1], acheteur: METRO }, { ...pair("M-2")[1], acheteur: METRO }, { ...pair("V-9")[1] }]);
    const r = reconcile(reg, both);
    expect(r.differences.map((d) => [d.kind, d.id ?? d.decpId])).toEqual([
      ["missingFromDecp", "V-2"],
      ["missingFromRegister", "V-9"],
    ]);
    expect(r.otherBuyers).toEqual({ buyers: [METRO], ids: ["M-1", "M-2"] });
    const none = reconcile(register([pair("V-5")[0]]), decp([{ ...pair("M-1")[1], acheteur: METRO }]));
    expect(none.differences.map((d) => d.kind)).toEqual(["missingFromDecp", "missingFromRegister"]);
    expect(none.otherBuyers.ids).toEqual([]);
  });
});

describe("differences of the contracts on both sides", () => {
  test("amounts at the euro: 40 cents apart are the same, one euro is not, a blank is not a value", () => {
    const r = run([
      pair("M-1", {}, { montant: 100_000.4 }),
      pair("M-2", {}, { montant: 100_001 }),
      pair("M-3", { "Montant HT": null }, { montant: 80_000 }),
    ]);
    expect(messages(r.differences)).toEqual([
      "Montant HT : « M-2 » — registre 100 000 € HT ; DECP 100 001 € HT",
      "Montant HT : « M-3 » — registre non renseigné ; DECP 80 000 € HT",
    ]);
    expect(r.differences.map((d) => [d.register, d.decp])).toEqual([
      [100_000, 100_001],
      [null, 80_000],
    ]);
  });

  test("procedures compared as procedures: the register's words and the DECP's vocabulary, a bare call for tenders either kind", () => {
    const r = run([
      pair("P-1", { Procédure: "AO" }, { procedure: "Appel d'offres ouvert" }),
      pair("P-2", { Procédure: "Procédure adaptée (MAPA)" }, { procedure: "Procédure adaptée" }),
      pair("P-3", { Procédure: "AOO" }, { procedure: "Appel d'offres restreint" }),
      pair("P-4", { Procédure: "MNSPMC" }, { procedure: "Marché passé sans publicité ni mise en concurrence préalable" }),
      pair("P-5", { Procédure: null }, { procedure: "Procédure adaptée" }),
      pair("P-6", { Procédure: "MAPA" }, { procedure: "Dialogue compétitif" }),
    ]);
    expect(messages(r.differences)).toEqual([
      "Procédure : « P-3 » — registre « AOO » (formalisée) ; DECP « Appel d'offres restreint » (formalisée)",
      "Procédure : « P-5 » — registre non renseignée ; DECP « Procédure adaptée » (adaptée)",
      "Procédure : « P-6 » — registre « MAPA » (adaptée) ; DECP « Dialogue compétitif » (formalisée)",
    ]);
  });

  test("social considerations: insertion and fair trade are published as a clause, a reserved contract as « Marché réservé »", () => {
    const r = run([
      pair("S-1", { "Clause d'insertion": "oui" }, { sociales: ["Clause sociale"] }),
      pair("S-2", { "Commerce équitable": "oui" }, { sociales: ["Clause sociale"] }),
      pair("S-3", { "Critère social (hors insertion)": "oui", "Marché réservé": "ESAT" }, { sociales: ["Critère social", "Marché réservé"] }),
      pair("S-4", { "Clause sociale (hors insertion)": "oui" }, { sociales: ["Pas de considération sociale"] }),
      pair("S-5", { "Marché réservé": "oui" }, { sociales: ["Clause sociale"] }),
      pair("S-6", {}, { sociales: ["Critère social"] }),
    ]);
    expect(messages(r.differences)).toEqual([
      "Considérations sociales : « S-4 » — registre « Clause sociale » ; DECP « Pas de considération sociale »",
      "Considérations sociales : « S-5 » — registre « Marché réservé » ; DECP « Clause sociale ou critère social »",
      "Considérations sociales : « S-6 » — registre « Pas de considération sociale » ; DECP « Clause sociale ou critère social »",
    ]);
    expect(r.differences[0]).toMatchObject({ kind: "considerationsSociales", register: ["Clause sociale"], decp: ["Pas de considération sociale"] });
  });

  test("environmental considerations: any environmental clause of the register is a « Clause environnementale », the criterion apart", () => {
    const r = run([
      pair("E-1", { "Clause de sobriété": "oui" }, { env: ["Clause environnementale"] }),
      pair("E-2", { "Critère environnemental": "oui" }, { env: ["Clause environnementale"] }),
      pair("E-3", { "Critère environnemental": "oui", "Clause environnementale": "oui" }, { env: ["Clause environnementale", "Critère environnemental"] }),
      pair("E-4", {}, { env: ["Critère environnemental"] }),
    ]);
    expect(messages(r.differences)).toEqual([
      "Considérations environnementales : « E-2 » — registre « Critère environnemental » ; DECP « Clause environnementale »",
      "Considérations environnementales : « E-4 » — registre « Pas de considération environnementale » ; DECP « Critère environnemental »",
    ]);
  });

  test("one line per difference, in the register's order, absences first", () => {
    const r = run([
      pair("X-1", { Procédure: "AOO" }, { montant: 1_000_000, dateNotification: "2025-04-01", procedure: "Procédure adaptée" }),
      [{ "N° marché": "X-2", Objet: "Voirie", Entité: "Ville", "Montant HT": 60_000, "Date de notification": "02/02/2025" }, null],
    ]);
    expect(r.differences.map((d) => [d.kind, d.id])).toEqual([
      ["missingFromDecp", "X-2"],
      ["montant", "X-1"],
      ["dateNotification", "X-1"],
      ["procedure", "X-1"],
    ]);
    expect(countWords(r.differences.length)).toBe("4 écarts");
  });

  test("a register without columns of considerations: not compared, and said", () => {
    const reg = register([{ "N° marché": "V-1", "Montant HT": 100_000, "Date de notification": "15/03/2025" }], ["N° marché", "Montant HT", "Date de notification"]);
    const r = reconcile(reg, decp([{ id: "V-1", montant: 100_000, dateNotification: "2025-03-15", sociales: ["Clause sociale"], procedure: "Procédure adaptée" }]));
    expect(r.differences).toEqual([]);
    expect(r.notCompared).toEqual([
      "Procédure non comparée : colonne absente du registre",
      "Considérations sociales non comparées : aucune colonne de considération sociale d'un des deux côtés",
      "Considérations environnementales non comparées : aucune colonne de considération environnementale d'un des deux côtés",
    ]);
  });
});
