/**
 * The expression language of the `Référentiel` sheet (SPEC §8): grammar, column names, values,
 * typing, error messages with their character, and the printed form read back.
 */
import fc from "fast-check";
import { REGISTER_COLUMNS } from "../../src/register/columns";
import type { Expr } from "../../src/register/expression";
import {
  expressionColumns,
  expressionConsiderations,
  expressionDepth,
  ExpressionTooDeepError,
  formatExpression,
  formatNumber,
  formatPercent,
  isEmptyExpression,
  MAX_TREE_DEPTH,
  parseExpression,
} from "../../src/register/expression";
import { makeDate, parseNumber, parsePercent } from "../../src/register/values";
import { defaultParameters } from "../../src/register/parameters";
import type { Contract } from "../../src/register/types";
import { compilePredicate } from "../../src/indicators/predicate";
import { exprArb, usageOf } from "./expression-arbitrary";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

/** The tree of a text that must parse. */
function tree(text: string): Expr {
  const r = parseExpression(text);
  if (!r.ok) throw new Error(`« ${text} » : ${r.message}`);
  return r.expr;
}

/** The error of a text that must not parse. */
function error(text: string): { message: string; position: number } {
  const r = parseExpression(text);
  if (r.ok) throw new Error(`« ${text} » should not parse, gave ${formatExpression(r.expr)}`);
  return { message: r.message, position: r.position };
}

const col = (key: string): Expr => ({ kind: "column", key });
const num = (key: string, op: string, value: number): Expr => ({ kind: "compare", key, op, value: { kind: "number", value } }) as Expr;

describe("column names", () => {
  test.each([
    ["Clause d'insertion", "clauseInsertion"],
    ["clause d'insertion", "clauseInsertion"],
    ["CLAUSE D’INSERTION", "clauseInsertion"], // typographic apostrophe
    ["Clause  d'insertion", "clauseInsertion"], // two spaces
    ["[Clause d'insertion]", "clauseInsertion"],
    ["[ clause insertion ]", "clauseInsertion"], // alias, spaces inside the brackets
    ["Critère environnemental", "critereEnvironnemental"],
    ["critere ENVIRONNEMENTAL", "critereEnvironnemental"],
    ["Titulaire TPE/PME", "titulaireTpePme"],
    ["PME", "titulaireTpePme"],
    ["Économie circulaire", "economieCirculaire"],
    ["Clause sociale (hors insertion)", "clauseSociale"], // a parenthesis that belongs to the header
    ["Clause sociale", "clauseSociale"],
    ["[Clause sociale (hors insertion)]", "clauseSociale"],
    ["Marché réservé", "reserve"],
    ["Réservé", "reserve"],
    ["Alloti", "alloti"],
    ["attributionAvance", "avance"], // DECP name
  ])("%s is the yes/no column %s", (text, key) => {
    expect(tree(text)).toEqual(col(key));
  });

  test.each([
    ["Montant HT > 5", "montant"],
    ["Montant > 5", "montant"],
    ["montant (€) > 5", "montant"], // trailing unit
    ["[Montant HT] > 5", "montant"],
    ["Montant estimé HT > 5", "montant"],
    ["Durée (mois) > 5", "dureeMois"],
    ["Durée > 5", "dureeMois"],
    ["dureeMois > 5", "dureeMois"],
    ["Nombre d'offres > 5", "offresRecues"],
    ["Nombre de lots > 5", "nombreLots"],
    ["tCO2e compensées > 5", "tco2Compensees"],
    ["Heures d'insertion réalisées > 5", "heuresInsertionRealisees"],
  ])("%s reads %s", (text, key) => {
    expect(tree(text)).toEqual(num(key, ">", 5));
  });

  test("every header and alias of the register is a column name, bare or in brackets", () => {
    for (const c of REGISTER_COLUMNS) {
      const usage = usageOf(c);
      if (usage === "none") continue;
      const sample: Record<string, string> = {
        yesno: "",
        reserve: "",
        actions: "",
        number: " > 1",
        percent: " > 10 %",
        date: " >= 01/01/2025",
        text: ' = "x"',
        procedure: ' = "MAPA"',
        nature: ' = "Travaux"',
      };
      for (const alias of c.aliases) {
        for (const written of [`[${alias}]`, alias]) {
          const r = parseExpression(written + sample[usage]);
          // A bare alias that is also a keyword or holds a parenthesis of its own is written in brackets.
          if (!r.ok && written === alias) continue;
          expect({ written, columns: r.ok ? r.columns : r.message }).toEqual({ written, columns: [c.key] });
        }
      }
      // The bracketed header always works.
      const r = parseExpression(`[${c.header}]${sample[usage]}`);
      expect(r.ok && r.columns).toEqual([c.key]);
    }
  });

  test("a bare name is the longest run of words up to an operator, ET, OU, a parenthesis or the end", () => {
    // « Clause » alone is no column; « Clause d'insertion » is; the run stops at ET.
    expect(tree("Clause d'insertion ET Critère d'insertion")).toEqual({ kind: "and", items: [col("clauseInsertion"), col("critereInsertion")] });
    // « Offres » is no column, « Offres de TPE/PME » is: the run stops at the operator.
    expect(tree("Offres de TPE/PME>=2")).toEqual(num("offresTpePme", ">=", 2));
    // « Date de notification » and not « Date » (an alias of nothing in the register).
    expect(tree("Date de notification < 01/01/2025")).toEqual({ kind: "compare", key: "dateNotification", op: "<", value: { kind: "date", value: makeDate(2025, 1, 1) } });
  });

  test("the columns read and the considerations used are listed once each, in order", () => {
    const r = parseExpression("Montant HT > 5 ET (Récurrent OU Montant HT < 10) ET ciblé(8) ET formalisée ET considération sociale ET NON considération sociale");
    expect(r.ok && r.columns).toEqual(["montant", "recurrent", "actionsCiblees", "procedure"]);
    expect(r.ok && r.considerations).toEqual(["sociale"]);
    const e = tree("considération environnementale OU [Taux d'avance] >= [Taux avance bonifiée]");
    expect(expressionColumns(e)).toEqual(["tauxAvance"]); // a parameter reads no column
    expect(expressionConsiderations(e)).toEqual(["environnementale"]);
  });
});

describe("keywords", () => {
  test.each([
    ["Récurrent OU Anticipé", "or"],
    ["Récurrent ou Anticipé", "or"],
    ["Récurrent Ou Anticipé", "or"],
    ["Récurrent ET Anticipé", "and"],
    ["Récurrent et Anticipé", "and"],
    ["Récurrent Et Anticipé", "and"],
  ])("%s", (text, kind) => {
    expect(tree(text)).toEqual({ kind, items: [col("recurrent"), col("anticipe")] });
  });

  test.each(["NON Récurrent", "non Récurrent", "Non Récurrent", "NON(Récurrent)", "NON (Récurrent)"])("%s", (text) => {
    expect(tree(text)).toEqual({ kind: "not", item: col("recurrent") });
  });

  test.each(["ciblé(8)", "cible(8)", "CIBLÉ(8)", "ciblé (8)", "ciblé( 8 )", "ciblée(8)"])("%s targets action 8", (text) => {
    expect(tree(text)).toEqual({ kind: "targeted", action: 8 });
  });

  test.each(["formalisée", "formalisee", "FORMALISÉE", "procédure formalisée"])("%s", (text) => {
    expect(tree(text)).toEqual({ kind: "formalisee" });
  });

  test.each([
    ["considération environnementale", "environnementale"],
    ["Considération Environnementale", "environnementale"],
    ["consideration environnementale", "environnementale"],
    ["considérations environnementales", "environnementale"],
    ["considération sociale", "sociale"],
    ["CONSIDERATION SOCIALE", "sociale"],
  ])("%s", (text, which) => {
    expect(tree(text)).toEqual({ kind: "consideration", which });
  });

  test("ET, OU inside a quoted text are text", () => {
    expect(tree('Objet = "Pierre ET Paul OU Jacques"')).toEqual({ kind: "compare", key: "objet", op: "=", value: { kind: "text", value: "Pierre ET Paul OU Jacques" } });
  });
});

describe("precedence and parentheses", () => {
  const a = col("recurrent");
  const b = col("anticipe");
  const c = col("avance");
  test("OU binds less than ET: a OU b ET c = a OU (b ET c)", () => {
    expect(tree("Récurrent OU Anticipé ET Avance")).toEqual({ kind: "or", items: [a, { kind: "and", items: [b, c] }] });
    expect(tree("Récurrent ET Anticipé OU Avance")).toEqual({ kind: "or", items: [{ kind: "and", items: [a, b] }, c] });
  });
  test("NON binds more than ET: NON a ET b = (NON a) ET b", () => {
    expect(tree("NON Récurrent ET Anticipé")).toEqual({ kind: "and", items: [{ kind: "not", item: a }, b] });
    expect(tree("NON Récurrent OU Anticipé")).toEqual({ kind: "or", items: [{ kind: "not", item: a }, b] });
  });
  test("parentheses group", () => {
    expect(tree("(Récurrent OU Anticipé) ET Avance")).toEqual({ kind: "and", items: [{ kind: "or", items: [a, b] }, c] });
    expect(tree("NON (Récurrent ET Anticipé)")).toEqual({ kind: "not", item: { kind: "and", items: [a, b] } });
    expect(tree("((Récurrent))")).toEqual(a);
    expect(tree("NON NON Récurrent")).toEqual({ kind: "not", item: { kind: "not", item: a } });
  });
  test("a chain of OU (or ET) is one node", () => {
    expect(tree("Récurrent OU Anticipé OU Avance")).toEqual({ kind: "or", items: [a, b, c] });
    expect(tree("Récurrent ET Anticipé ET Avance")).toEqual({ kind: "and", items: [a, b, c] });
  });
});

describe("operators", () => {
  test.each([
    ["=", "="],
    ["≠", "≠"],
    ["<>", "≠"],
    ["!=", "≠"],
    ["<", "<"],
    ["<=", "<="],
    ["≤", "<="],
    [">", ">"],
    [">=", ">="],
    ["≥", ">="],
  ])("%s", (written, op) => {
    expect(tree(`Montant HT ${written} 5`)).toEqual(num("montant", op, 5));
    expect(tree(`Montant HT${written}5`)).toEqual(num("montant", op, 5)); // without spaces
  });

  test("= and ≠ only on texts, yes/no columns, procedures and natures", () => {
    for (const text of ['Objet < "a"', "Récurrent > oui", 'Procédure <= "MAPA"', 'Nature >= "Travaux"', 'Marché réservé < "ESAT"']) {
      expect(error(text).message).toMatch(/compare des nombres ou des dates : pour « .* », utilisez = ou ≠/);
    }
  });
});

describe("values", () => {
  // Expected values: the French formats of SPEC §2.6, read by hand.
  test.each([
    ["90000", 90_000],
    ["90 000", 90_000],
    ["90\u00a0000", 90_000], // no-break space
    ["90\u202f000", 90_000], // narrow no-break space
    ["90 000,50", 90_000.5],
    ["90.000,50", 90_000.5],
    ["90,000.50", 90_000.5],
    ["90000 €", 90_000],
    ["90 000 € HT", 90_000],
    ["90 k€", 90_000],
    ["1,2 M€", 1_200_000],
    ["0,5", 0.5],
    ["-3", -3],
  ])("amount %s = %d", (text, value) => {
    expect(tree(`Montant HT >= ${text}`)).toEqual(num("montant", ">=", value));
  });

  test.each([
    ["30 %", 0.3],
    ["30%", 0.3],
    ["0,3", 0.3],
    ["0.3", 0.3],
    ["30", 0.3], // above 1: a percentage (§2.6)
    ["5,5 %", 0.055],
  ])("percent %s = %d", (text, value) => {
    expect(tree(`Taux d'avance >= ${text}`)).toEqual({ kind: "compare", key: "tauxAvance", op: ">=", value: { kind: "percent", value } });
  });

  test.each([
    ["15/03/2025", 2025, 3, 15],
    ["1/3/2025", 2025, 3, 1],
    ["2025-03-15", 2025, 3, 15],
    ['"15/03/2025"', 2025, 3, 15],
  ])("date %s", (text, y, m, d) => {
    expect(tree(`Date de notification = ${text}`)).toEqual({ kind: "compare", key: "dateNotification", op: "=", value: { kind: "date", value: makeDate(y, m, d) } });
  });

  test("quoted texts keep accents and doubled quotes; guillemets « » are quotes too", () => {
    expect(tree('Direction = "Éducation et écoles"')).toEqual({ kind: "compare", key: "direction", op: "=", value: { kind: "text", value: "Éducation et écoles" } });
    expect(tree('Objet = "Le ""Grand"" Stade"')).toEqual({ kind: "compare", key: "objet", op: "=", value: { kind: "text", value: 'Le "Grand" Stade' } });
    expect(tree("Objet = « Maîtrise d'œuvre »")).toEqual({ kind: "compare", key: "objet", op: "=", value: { kind: "text", value: "Maîtrise d'œuvre" } });
    expect(tree("Objet = “Voirie”")).toEqual({ kind: "compare", key: "objet", op: "=", value: { kind: "text", value: "Voirie" } });
    expect(tree('Objet = ""')).toEqual({ kind: "compare", key: "objet", op: "=", value: { kind: "text", value: "" } });
  });

  test.each([
    ['"oui"', true],
    ['"non"', false],
    ["oui", true],
    ["non", false],
    ["NON", false],
    ['"Oui"', true],
  ])("yes/no value %s", (text, value) => {
    expect(tree(`Clause d'insertion = ${text}`)).toEqual({ kind: "compare", key: "clauseInsertion", op: "=", value: { kind: "yesno", value } });
  });

  test("Marché réservé compares with oui / non or a reservation type", () => {
    expect(tree('Marché réservé = "oui"')).toEqual({ kind: "compare", key: "reserve", op: "=", value: { kind: "yesno", value: true } });
    expect(tree('Marché réservé = "ESAT"')).toEqual({ kind: "compare", key: "reserve", op: "=", value: { kind: "reservation", value: "ESAT" } });
    expect(tree('Réservé ≠ "siae"')).toEqual({ kind: "compare", key: "reserve", op: "≠", value: { kind: "reservation", value: "SIAE" } });
  });

  test.each([
    ['"MAPA"', "adaptée"],
    ['"Procédure adaptée"', "adaptée"],
    ['"adaptée"', "adaptée"],
    ['"formalisée"', "formalisée"],
    ['"FORMALISEE"', "formalisée"],
    ['"AOO"', "formalisée"],
    ['"Appel d\'offres ouvert"', "formalisée"],
    ['"Dialogue compétitif"', "formalisée"],
    ['"Procédure avec négociation"', "formalisée"],
    ['"sans mise en concurrence"', "sans mise en concurrence"],
    ['"Marché passé sans publicité ni mise en concurrence préalable"', "sans mise en concurrence"],
  ])("Procédure = %s compares the class « %s »", (text, cls) => {
    expect(tree(`Procédure = ${text}`)).toEqual({ kind: "compare", key: "procedure", op: "=", value: { kind: "procedureClass", value: cls } });
  });

  test.each([
    ['"Travaux"', "Travaux"],
    ['"travaux"', "Travaux"],
    ['"Fourniture"', "Fournitures"],
    ['"maitrise d\'oeuvre"', "Maîtrise d'œuvre"],
  ])("Nature = %s compares the canonical nature", (text, nature) => {
    expect(tree(`Nature = ${text}`)).toEqual({ kind: "compare", key: "nature", op: "=", value: { kind: "nature", value: nature } });
  });

  test("a value may name a numeric parameter of Paramètres, in brackets or bare", () => {
    const seuil = { kind: "compare", key: "montant", op: ">", value: { kind: "parameter", key: "seuilClauseInsertion" } };
    expect(tree("Montant HT > [Seuil clause d'insertion (€ HT)]")).toEqual(seuil);
    expect(tree("Montant HT > [seuil clause d'insertion]")).toEqual(seuil);
    expect(tree("Montant HT > Seuil clause d'insertion (€ HT)")).toEqual(seuil);
    expect(tree("Montant HT > Seuil clause d'insertion ET Récurrent")).toEqual({ kind: "and", items: [seuil, col("recurrent")] });
    expect(tree("Taux d'avance >= [Taux avance bonifiée]")).toEqual({ kind: "compare", key: "tauxAvance", op: ">=", value: { kind: "parameter", key: "tauxAvanceBonifiee" } });
    expect(tree("Durée > Durée révision des prix (mois)")).toEqual({ kind: "compare", key: "dureeMois", op: ">", value: { kind: "parameter", key: "dureeRevisionPrix" } });
  });
});

describe("errors: what was expected, at which character", () => {
  // Positions counted by hand in each text (0-based; the message says the character from 1).
  test.each([
    // unknown columns, with a suggestion when close to one
    ["Montnt > 5", 0, "colonne « Montnt » inconnue (voulez-vous dire « Montant HT » ? colonnes du registre : voir la feuille modèle)"],
    ["Récurrent ET Montant HTT > 5", 13, "colonne « Montant HTT » inconnue"],
    ["[Montnt HT] > 5", 0, "colonne « Montnt HT » inconnue"],
    ["Budget", 0, "colonne « Budget » inconnue (colonnes du registre : voir la feuille modèle)"],
    ["[]", 0, "nom de colonne attendu entre les crochets"],
    // operator expected
    ["Montant HT 90000", 11, "opérateur attendu après « Montant HT » (=, ≠, <, <=, >, >=)"],
    ["Récurrent ET Montant HT", 23, "« Montant HT » n'est pas une colonne oui/non : opérateur attendu après « Montant HT » (=, ≠, <, <=, >, >=)"],
    ["Montant HT ET Récurrent", 11, "« Montant HT » n'est pas une colonne oui/non"],
    // value expected
    ["Montant HT >", 12, "nombre, texte entre guillemets ou date JJ/MM/AAAA attendu après « Montant HT > »"],
    ["Montant HT > ET Récurrent", 13, "nombre, texte entre guillemets ou date JJ/MM/AAAA attendu"],
    ["Montant HT > abc", 13, "nombre attendu pour « Montant HT » (ex. 90 000, 90 000,50, 90 k€, 1,2 M€)"],
    ['Montant HT > "abc"', 13, "nombre attendu pour « Montant HT »"],
    ["Montant HT > 30 %", 13, "« Montant HT » n'est pas un pourcentage : nombre attendu pour « Montant HT »"],
    ["Montant HT > 5 Récurrent", 15, "ET, OU ou fin de l'expression attendu à la place de « Récurrent »"],
    ["Taux d'avance > beaucoup", 16, "pourcentage attendu pour « Taux d'avance » (ex. 30 %)"],
    ["Date de notification > 31/02/2025", 23, "date JJ/MM/AAAA attendue pour « Date de notification »"],
    ["Date de notification > 2025", 23, "date JJ/MM/AAAA attendue"],
    ['Clause d\'insertion = "peut-être"', 21, "« oui » ou « non » attendu pour « Clause d'insertion »"],
    ["Objet = voirie", 8, 'texte entre guillemets attendu pour « Objet » (ex. "Voirie")'],
    ['Procédure = "Concours"', 12, "procédure « Concours » non reconnue"],
    ["Procédure = MAPA", 12, "texte entre guillemets attendu pour « Procédure »"],
    ['Nature = "Études"', 9, "nature « Études » non reconnue"],
    ['Marché réservé = "ESN"', 17, "« oui », « non », ESS, SIAE, EA ou ESAT attendu pour « Marché réservé »"],
    // typing of operators and columns
    ['Procédure < "MAPA"', 10, "l'opérateur « < » compare des nombres ou des dates : pour « Procédure », utilisez = ou ≠"],
    ["Actions ciblées = 8", 16, "la colonne « Actions ciblées » ne se compare pas : utilisez ciblé(N), par exemple ciblé(8)"],
    ['considerationsSociales = "Clause sociale"', 23, "la colonne « considerationsSociales » ne se compare pas : utilisez « considération sociale »"],
    ["Montant HT > Montant HT", 13, "nombre attendu pour « Montant HT »"],
    ["Montant HT > [Montant HT]", 13, "une colonne ne se compare pas à une autre colonne"],
    ["Montant HT > [Seuil inconnu]", 13, "paramètre « Seuil inconnu » inconnu (paramètres : voir la feuille Paramètres)"],
    ["Montant HT > [Taux avance bonifiée]", 13, "le paramètre « Taux avance bonifiée » est un pourcentage : il ne se compare pas à « Montant HT »"],
    ["Taux d'avance > [Seuil avance bonifiée]", 16, "le paramètre « Seuil avance bonifiée (€ HT) » n'est pas un pourcentage"],
    // ciblé
    // (ciblé(27) parses: whether 27 is an action of the plan is checked once the workbook is read)
    ["ciblé(1000)", 6, "action 1000 inconnue : un numéro d'action de 1 à 999 est attendu"],
    ["ciblé(0)", 6, "action 0 inconnue"],
    ["ciblé(huit)", 6, "numéro d'action attendu dans ciblé(…) à la place de « huit » (exemple : ciblé(8))"],
    ["ciblé()", 6, "numéro d'action attendu dans ciblé(…)"],
    ["ciblé 8", 6, "« ( » attendu après « ciblé » (ex. ciblé(8))"],
    ["ciblé(8", 7, "parenthèse fermante « ) » attendue après ciblé(8"],
    // NON, ET, OU: incomplete expressions
    ["Récurrent ET", 12, "expression incomplète après « ET » : une colonne oui/non, une comparaison, ciblé(N), formalisée, considération environnementale ou considération sociale est attendue"],
    ["Récurrent OU", 12, "expression incomplète après « OU »"],
    ["NON", 3, "expression incomplète après « NON »"],
    ["Récurrent ET OU Anticipé", 13, "expression incomplète après « ET » : une colonne oui/non, une comparaison, ciblé(N), formalisée, considération environnementale ou considération sociale est attendue avant « OU »"],
    ["ET Récurrent", 0, "condition attendue : une colonne oui/non"],
    ["= 5", 0, "colonne attendue avant l'opérateur « = »"],
    ['"MAPA" = Procédure', 0, "colonne attendue avant le texte"],
    // parentheses
    ["(Récurrent ET Anticipé", 22, "parenthèse fermante « ) » attendue (parenthèse ouverte au caractère 1)"],
    ["(Récurrent ET Anticipé Avance)", 23, "ET, OU ou parenthèse fermante « ) » attendu à la place de « Avance »"],
    ["Récurrent)", 9, "parenthèse fermante « ) » sans parenthèse ouvrante"],
    ["()", 1, "expression incomplète après « ( »"],
    // what follows an atom
    ["Récurrent Anticipé", 10, "ET, OU ou fin de l'expression attendu à la place de « Anticipé »"],
    ["formalisée Récurrent", 11, "ET, OU ou fin de l'expression attendu"],
    ["Montant HT > 5 > 3", 15, "ET, OU ou fin de l'expression attendu à la place de « > »"],
    // quotes and brackets
    ['Objet = "abc', 8, "guillemet fermant « \" » attendu à la fin du texte"],
    ["Objet = « abc", 8, "guillemet fermant « » » attendu"],
    ["[Montant HT > 5", 0, "crochet fermant « ] » attendu après le nom de colonne"],
    ["Montant HT] > 5", 10, "crochet fermant « ] » sans crochet ouvrant « [ »"],
  ])("%s → character %d", (text, position, message) => {
    const e = error(text);
    expect(e.position).toBe(position);
    expect(e.message.startsWith(`caractère ${position + 1} : `)).toBe(true);
    expect(e.message).toContain(message);
  });

  test("the first error in reading order is the one reported", () => {
    // Unknown column at 0, unclosed quote further on.
    expect(error('Budget ET Objet = "abc').position).toBe(0);
  });

  test("an empty text is not parsed: the caller decides (empty Population = all of C)", () => {
    for (const text of ["", "   ", "\u00a0"]) {
      const r = parseExpression(text);
      expect(r).toEqual({ ok: false, empty: true, message: "caractère 1 : expression vide", position: 0 });
      expect(isEmptyExpression(text)).toBe(true);
    }
    expect(isEmptyExpression("Récurrent")).toBe(false);
    const r = parseExpression("Récurrent ET");
    expect(!r.ok && r.empty).toBeUndefined();
  });
});

describe("printing and reading back", () => {
  test.each([
    ["montant ht > 90 k€ et clause insertion", "[Montant HT] > 90 000 ET [Clause d'insertion]"],
    ["NON formalisee OU ciblé( 8 )", "NON formalisée OU ciblé(8)"],
    ["(Récurrent OU Anticipé) ET NON (Avance ET PME)", "([Récurrent] OU [Anticipé]) ET NON ([Avance] ET [Titulaire TPE/PME])"],
    ["Récurrent OU (Anticipé OU Avance)", "[Récurrent] OU ([Anticipé] OU [Avance])"],
    ['Procédure <> "MAPA"', '[Procédure] ≠ "adaptée"'],
    ["Taux d'avance >= 0,3", "[Taux d'avance] >= 30 %"],
    ["Gain prix >= 5", "[Gain prix (%)] >= 5 %"],
    ["Date de notification >= 2025-01-01", "[Date de notification] >= 01/01/2025"],
    ['Objet = "Le ""Grand"" Stade"', '[Objet] = "Le ""Grand"" Stade"'],
    ["Montant HT >= 1234567,891", "[Montant HT] >= 1 234 567,891"],
    ["Clause d'insertion = non", '[Clause d\'insertion] = "non"'],
    ["Montant HT > Seuil clause d'insertion", "[Montant HT] > [Seuil clause d'insertion (€ HT)]"],
    ["considérations sociales", "considération sociale"],
    ['nature = "moe"', '[Nature] = "Maîtrise d\'œuvre"'],
  ])("%s → %s", (text, printed) => {
    const e = tree(text);
    expect(formatExpression(e)).toBe(printed);
    expect(tree(printed)).toEqual(e);
  });

  test("property: any tree printed and read back is the same tree", () => {
    fc.assert(
      fc.property(exprArb, (e) => {
        const text = formatExpression(e);
        const r = parseExpression(text);
        if (!r.ok) throw new Error(`${text}: ${r.message}`);
        expect(r.expr).toEqual(e);
        expect(r.columns).toEqual(expressionColumns(e));
        expect(r.considerations).toEqual(expressionConsiderations(e));
      }),
      { numRuns: RUNS },
    );
  });

  test("property: numbers and percentages are printed in a French form that reads back exactly", () => {
    const finite = fc.double({ min: -1e15, max: 1e15, noNaN: true }).map((x) => (x === 0 ? 0 : x)); // -0 prints as 0
    fc.assert(
      fc.property(finite, (n) => {
        const p = parseNumber(formatNumber(n));
        expect(p.ok && p.value).toBe(n);
      }),
      { numRuns: RUNS * 3 },
    );
    // Every percentage parsePercent can give: n / 100 for a number n, or a fraction of at most 1.
    const percent = fc.oneof(
      finite.map((n) => (n / 100 === 0 ? 0 : n / 100)),
      fc.double({ min: -1, max: 1, noNaN: true }).map((x) => (x === 0 ? 0 : x)),
    );
    fc.assert(
      fc.property(percent, (v) => {
        const q = parsePercent(formatPercent(v));
        expect(q.ok && q.value).toBe(v);
      }),
      { numRuns: RUNS * 3 },
    );
    expect(formatNumber(1_200_000)).toBe("1 200 000");
    expect(formatNumber(-90_000.5)).toBe("-90 000,5");
    expect(formatPercent(0.3)).toBe("30 %");
    expect(formatPercent(0.299)).toBe("29,9 %");
    expect(formatPercent(1.5)).toBe("150 %");
  });
});

describe("hostile expressions end in an error at their character, in bounded time and depth", () => {
  test("an expression as long as an Excel cell (32 767 characters) is read; one character more is refused, saying the limit", () => {
    // 3 277 terms: 3 276 × "Alloti OU " (10 characters) + "Alloti" = 32 766 characters, one space more = 32 767.
    const full = ("Alloti OU ".repeat(3276) + "Alloti").padEnd(32_767);
    expect(full.length).toBe(32_767);
    const e = tree(full);
    expect(e.kind === "or" && e.items.length).toBe(3277);
    expect(error(full + "x")).toEqual({ position: 32_767, message: "caractère 32 768 : expression trop longue (32 768 caractères ; 32 767 au plus, la limite d'une cellule Excel)" });
  });

  test("100 000 OU terms (a million characters) are refused at once instead of never ending", () => {
    // 99 999 × "Alloti OU " (10 characters) + "Alloti" (6) = 999 996 characters.
    expect(error("Alloti OU ".repeat(99_999) + "Alloti").message).toBe("caractère 32 768 : expression trop longue (999 996 caractères ; 32 767 au plus, la limite d'une cellule Excel)");
  });

  test("64 levels of parentheses are read; 65 or 3 000 are an error at the 65th parenthesis, not a stack overflow", () => {
    expect(tree("(".repeat(64) + "Alloti" + ")".repeat(64))).toEqual(col("alloti"));
    const deep = "caractère 65 : plus de 64 niveaux de parenthèses ou de NON imbriqués : simplifiez l'expression";
    expect(error("(".repeat(65) + "Alloti" + ")".repeat(65))).toEqual({ position: 64, message: deep });
    expect(error("(".repeat(3000) + "Alloti" + ")".repeat(3000))).toEqual({ position: 64, message: deep });
  });

  test("64 NON are read; 8 000 NON are an error at the 65th, not a stack overflow", () => {
    let expected: Expr = col("alloti");
    for (let i = 0; i < 64; i++) expected = { kind: "not", item: expected };
    expect(tree("NON ".repeat(64) + "Alloti")).toEqual(expected);
    // "NON " is 4 characters: the 65th starts at index 64 × 4 = 256, character 257.
    expect(error("NON ".repeat(8000) + "Alloti")).toEqual({ position: 256, message: "caractère 257 : plus de 64 niveaux de parenthèses ou de NON imbriqués : simplifiez l'expression" });
  });

  test("the deepest tree the parser builds is printed, read back, compiled and evaluated", () => {
    // 64 levels of « (Alloti OU Alloti ET … ) » under a top-level « Alloti OU Alloti ET … »: each level
    // is an OU over an ET, 2 × 65 nodes, plus the innermost column: 131 = MAX_TREE_DEPTH.
    let t = "Alloti";
    for (let i = 0; i < 64; i++) t = `(Alloti OU Alloti ET ${t})`;
    const e = tree(`Alloti OU Alloti ET ${t}`);
    expect(expressionDepth(e)).toBe(131);
    expect(MAX_TREE_DEPTH).toBe(131);
    expect(tree(formatExpression(e))).toEqual(e);
    const p = compilePredicate(e, { present: new Set(["alloti"]), parameters: defaultParameters() });
    // Alloti = oui: the first term is true; Alloti = non: every term is false; unknown: unknown.
    expect([p({ alloti: true } as Contract), p({ alloti: false } as Contract), p({ alloti: null } as Contract)]).toEqual([true, false, null]);
  });

  test("a tree deeper than the parser builds is refused by every walk with a French error, not « Maximum call stack size exceeded »", () => {
    let e: Expr = col("alloti");
    for (let i = 0; i < 100_000; i++) e = { kind: "not", item: e };
    expect(expressionDepth(e)).toBe(100_001);
    const message = "expression trop imbriquée (100 001 niveaux ; 131 au plus)";
    expect(() => formatExpression(e)).toThrow(new ExpressionTooDeepError(100_001));
    expect(() => formatExpression(e)).toThrow(message);
    expect(() => compilePredicate(e, { present: new Set(["alloti"]), parameters: defaultParameters() })).toThrow(message);
    expect(() => expressionColumns(e)).toThrow(message);
    expect(() => expressionConsiderations(e)).toThrow(message);
  });

  test("a name longer than 255 characters is an error saying so; a long unknown name is cut in the message", () => {
    const tooLong = "caractère 1 : nom trop long (300 caractères ; 255 au plus) : une colonne du registre ou un paramètre est attendu";
    expect(error(`[${"x".repeat(300)}] > 5`).message).toBe(tooLong);
    expect(error(`${"x".repeat(300)} > 5`).message).toBe(tooLong);
    expect(error(`[Montant HT] > [${"x".repeat(300)}]`).message).toBe("caractère 16 : nom trop long (300 caractères ; 255 au plus) : une colonne du registre ou un paramètre est attendu");
    expect(error(`[${"x".repeat(32_760)}]`).message).toBe("caractère 1 : nom trop long (32 760 caractères ; 255 au plus) : une colonne du registre ou un paramètre est attendu");
    // 255 characters: looked up, unknown; the message shows the first 57 and « … ».
    expect(error(`[${"x".repeat(255)}]`).message).toBe(`caractère 1 : colonne « ${"x".repeat(57)}… » inconnue (colonnes du registre : voir la feuille modèle)`);
  });

  test("a run of 16 383 words is an unknown column named by its start, in a message of readable length", () => {
    // "a " × 16 383 = 32 766 characters; the name shown is its first 57 characters: 29 « a » and 28 spaces.
    expect(error("a ".repeat(16_383)).message).toBe(`caractère 1 : colonne « ${"a ".repeat(28)}a… » inconnue (colonnes du registre : voir la feuille modèle)`);
    // After a valid term: « Alloti ET » is 10 characters, the unknown name starts at character 11.
    const r = error(("Alloti ET " + "xx ".repeat(11_000)).slice(0, 32_767));
    expect(r.position).toBe(10);
    expect(r.message).toBe(`caractère 11 : colonne « ${"xx ".repeat(19)}… » inconnue (colonnes du registre : voir la feuille modèle)`);
    // 8 000 words after an operator: no number is read from them.
    expect(error("[Montant HT] = " + "mot ".repeat(8000)).message).toBe("caractère 16 : nombre attendu pour « Montant HT » (ex. 90 000, 90 000,50, 90 k€, 1,2 M€)");
  });

  test("an unterminated quote or bracket over 32 000 characters is an error at the opening character", () => {
    expect(error('[Objet] = "' + "x".repeat(32_000))).toEqual({ position: 10, message: 'caractère 11 : guillemet fermant « " » attendu à la fin du texte' });
    expect(error("[Objet] = «" + " a".repeat(16_000))).toEqual({ position: 10, message: "caractère 11 : guillemet fermant « » » attendu à la fin du texte" });
    expect(error("[" + "x ".repeat(16_000))).toEqual({ position: 0, message: "caractère 1 : crochet fermant « ] » attendu après le nom de colonne" });
    expect(error(`[Procédure] = "${"appel ".repeat(5000)}"`).message).toMatch(/^caractère 15 : procédure « (appel ){9}app… » non reconnue/); // 9 × 6 + 3 = 57 characters
  });

  test("a 400-digit number (beyond any amount) is not a value", () => {
    expect(error("[Montant HT] > " + "9".repeat(400)).message).toBe("caractère 16 : nombre attendu pour « Montant HT » (ex. 90 000, 90 000,50, 90 k€, 1,2 M€)");
  });
});
