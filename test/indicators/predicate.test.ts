/**
 * Expressions of the `Référentiel` sheet compiled into three-valued predicates (SPEC §8 and §3):
 * truth tables checked exhaustively, every kind of atom on known and unknown values, contracts read
 * by the register reader, and a property test against a reference evaluator written here.
 */
import fc from "fast-check";
import { envConsiderationOf, socialConsiderationOf } from "../../src/indicators/engine";
import { compilePredicate, expressionColumns, formatExpression, type PredicateContext } from "../../src/indicators/predicate";
import { REGISTER_COLUMNS } from "../../src/register/columns";
import type { Expr, Value } from "../../src/register/expression";
import { parseExpression } from "../../src/register/expression";
import { defaultParameters } from "../../src/register/parameters";
import type { Contract, DateValue, Parameters, ProcedureKind } from "../../src/register/types";
import { makeDate } from "../../src/register/values";
import { readRegister } from "../helpers/workbook";
import { exprArb, registerArb, usageOf } from "../register/expression-arbitrary";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

const ALL_PRESENT: ReadonlySet<string> = new Set(REGISTER_COLUMNS.map((c) => c.key));

/** A contract with every field unknown but those given. */
function contract(fields: Partial<Contract> = {}): Contract {
  const base: Record<string, unknown> = { id: "M1", row: 2, cotitulaires: [], procedureLabel: null, reserveType: null };
  for (const c of REGISTER_COLUMNS) if (usageOf(c) !== "none" && c.key !== "id") base[c.key] = null;
  return { ...base, ...fields } as Contract;
}

function tree(text: string): Expr {
  const r = parseExpression(text);
  if (!r.ok) throw new Error(`« ${text} » : ${r.message}`);
  return r.expr;
}

function predicate(text: string, ctx: Partial<PredicateContext> = {}) {
  return compilePredicate(tree(text), { present: ALL_PRESENT, parameters: defaultParameters(), ...ctx });
}

const evaluate = (text: string, c: Contract, ctx: Partial<PredicateContext> = {}) => predicate(text, ctx)(c);

// ------------------------------------------------------------------ three-valued logic

type Tri = boolean | null;
const TRI: Tri[] = [true, false, null];
const V = true;
const F = false;
const U = null;

// Kleene's tables, written out by hand (SPEC §3: NON inconnu = inconnu; inconnu ET faux = faux;
// inconnu OU vrai = vrai).
const NOT_TABLE: [Tri, Tri][] = [
  [V, F],
  [F, V],
  [U, U],
];
const AND_TABLE: [Tri, Tri, Tri][] = [
  [V, V, V], [V, F, F], [V, U, U],
  [F, V, F], [F, F, F], [F, U, F],
  [U, V, U], [U, F, F], [U, U, U],
];
const OR_TABLE: [Tri, Tri, Tri][] = [
  [V, V, V], [V, F, V], [V, U, V],
  [F, V, V], [F, F, F], [F, U, U],
  [U, V, V], [U, F, U], [U, U, U],
];
const and2 = (a: Tri, b: Tri) => AND_TABLE.find(([x, y]) => x === a && y === b)![2];
const or2 = (a: Tri, b: Tri) => OR_TABLE.find(([x, y]) => x === a && y === b)![2];
const not1 = (a: Tri) => NOT_TABLE.find(([x]) => x === a)![1];

describe("three-valued logic, exhaustively", () => {
  const abc = (a: Tri, b: Tri, c: Tri = null) => contract({ recurrent: a, anticipe: b, avance: c });

  test.each(NOT_TABLE)("NON %p = %p", (a, r) => {
    expect(evaluate("NON Récurrent", abc(a, null))).toBe(r);
  });
  test.each(AND_TABLE)("%p ET %p = %p", (a, b, r) => {
    expect(evaluate("Récurrent ET Anticipé", abc(a, b))).toBe(r);
  });
  test.each(OR_TABLE)("%p OU %p = %p", (a, b, r) => {
    expect(evaluate("Récurrent OU Anticipé", abc(a, b))).toBe(r);
  });

  test("three operands, precedence and De Morgan over all 27 combinations", () => {
    const p = {
      and3: predicate("Récurrent ET Anticipé ET Avance"),
      or3: predicate("Récurrent OU Anticipé OU Avance"),
      orAnd: predicate("Récurrent OU Anticipé ET Avance"),
      notAnd: predicate("NON Récurrent ET Anticipé"),
      grouped: predicate("(Récurrent OU Anticipé) ET Avance"),
      deMorgan: predicate("NON (Récurrent ET Anticipé)"),
      deMorgan2: predicate("NON Récurrent OU NON Anticipé"),
      doubleNot: predicate("NON NON Avance"),
    };
    for (const a of TRI)
      for (const b of TRI)
        for (const c of TRI) {
          const k = abc(a, b, c);
          const at = `a=${a} b=${b} c=${c}`;
          expect([at, p.and3(k)]).toEqual([at, and2(and2(a, b), c)]);
          expect([at, p.or3(k)]).toEqual([at, or2(or2(a, b), c)]);
          expect([at, p.orAnd(k)]).toEqual([at, or2(a, and2(b, c))]);
          expect([at, p.notAnd(k)]).toEqual([at, and2(not1(a), b)]);
          expect([at, p.grouped(k)]).toEqual([at, and2(or2(a, b), c)]);
          expect([at, p.deMorgan(k)]).toEqual([at, p.deMorgan2(k)]);
          expect([at, p.doubleNot(k)]).toEqual([at, c]);
        }
  });
});

// ------------------------------------------------------------------ atoms

describe("atoms", () => {
  test("a bare yes/no column is its value; unknown stays unknown", () => {
    expect(evaluate("Clause d'insertion", contract({ clauseInsertion: true }))).toBe(true);
    expect(evaluate("Clause d'insertion", contract({ clauseInsertion: false }))).toBe(false);
    expect(evaluate("Clause d'insertion", contract({ clauseInsertion: null }))).toBe(null);
    expect(evaluate("Marché réservé", contract({ reserve: true, reserveType: "ESAT" }))).toBe(true);
  });

  // Amount 90 000 against each operator, by hand: 89 999 < 90 000 = 90 000 < 90 001.
  test.each([
    ["=", [false, true, false]],
    ["≠", [true, false, true]],
    ["<", [true, false, false]],
    ["<=", [true, true, false]],
    [">", [false, false, true]],
    [">=", [false, true, true]],
  ])("Montant HT %s 90 000 on 89 999, 90 000, 90 001 and unknown", (op, expected) => {
    const p = predicate(`Montant HT ${op} 90 000`);
    expect([89_999, 90_000, 90_001].map((montant) => p(contract({ montant })))).toEqual(expected);
    expect(p(contract({ montant: null }))).toBe(null);
  });

  test("percentages compare as fractions (30 % = 0.3)", () => {
    const p = predicate("Taux d'avance >= 30 %");
    expect(p(contract({ tauxAvance: 0.3 }))).toBe(true);
    expect(p(contract({ tauxAvance: 0.299 }))).toBe(false);
    expect(p(contract({ tauxAvance: null }))).toBe(null);
    expect(evaluate("Gain prix (%) > 5", contract({ gainPrix: 0.06 }))).toBe(true); // 5 → 5 %
  });

  test("dates compare by day", () => {
    const p = predicate("Date de notification >= 01/01/2025");
    expect(p(contract({ dateNotification: makeDate(2024, 12, 31) }))).toBe(false);
    expect(p(contract({ dateNotification: makeDate(2025, 1, 1) }))).toBe(true);
    expect(p(contract({ dateNotification: null }))).toBe(null);
    expect(evaluate("Date de notification ≠ 01/01/2025", contract({ dateNotification: makeDate(2025, 1, 1) }))).toBe(false);
  });

  test("texts compare case- and accent-free", () => {
    const p = predicate('Direction = "Éducation"');
    expect(p(contract({ direction: "éducation" }))).toBe(true);
    expect(p(contract({ direction: "EDUCATION " }))).toBe(true);
    expect(p(contract({ direction: "Education populaire" }))).toBe(false);
    expect(p(contract({ direction: null }))).toBe(null);
    const q = predicate('Direction ≠ "Éducation"');
    expect(q(contract({ direction: "Voirie" }))).toBe(true);
    expect(q(contract({ direction: "education" }))).toBe(false);
    expect(q(contract({ direction: null }))).toBe(null);
    expect(evaluate('Objet = "maitrise d\'oeuvre"', contract({ objet: "Maîtrise d'œuvre" }))).toBe(true);
  });

  test("yes/no columns compare with oui / non", () => {
    for (const [text, values] of [
      ['Clause d\'insertion = "oui"', [true, false, null]],
      ['Clause d\'insertion = "non"', [false, true, null]],
      ['Clause d\'insertion ≠ "oui"', [false, true, null]],
      ['Clause d\'insertion ≠ "non"', [true, false, null]],
    ] as const) {
      const p = predicate(text);
      expect([text, TRI.map((clauseInsertion) => p(contract({ clauseInsertion })))]).toEqual([text, values]);
    }
  });

  test("Marché réservé = a type: true for that type only, false when not reserved, unknown when unknown", () => {
    const p = predicate('Marché réservé = "ESAT"');
    expect(p(contract({ reserve: true, reserveType: "ESAT" }))).toBe(true);
    expect(p(contract({ reserve: true, reserveType: "EA" }))).toBe(false);
    expect(p(contract({ reserve: true, reserveType: "oui" }))).toBe(false); // reserved, type not given
    expect(p(contract({ reserve: false }))).toBe(false);
    expect(p(contract({ reserve: null }))).toBe(null);
    expect(evaluate('Marché réservé ≠ "ESAT"', contract({ reserve: false }))).toBe(true);
  });

  // Classes of SPEC §2.6, by hand: AOO, AOR, AO, PN, DC formalisée; MAPA adaptée; SANS sans mise en concurrence.
  const KINDS: ProcedureKind[] = ["AOO", "AOR", "AO", "PN", "DC", "MAPA", "SANS"];
  test.each([
    ['Procédure = "formalisée"', [true, true, true, true, true, false, false]],
    ['Procédure = "MAPA"', [false, false, false, false, false, true, false]],
    ['Procédure = "adaptée"', [false, false, false, false, false, true, false]],
    ['Procédure = "Appel d\'offres ouvert"', [true, true, true, true, true, false, false]],
    ['Procédure ≠ "sans mise en concurrence"', [true, true, true, true, true, true, false]],
    ["formalisée", [true, true, true, true, true, false, false]],
    ["NON formalisée", [false, false, false, false, false, true, true]],
  ])("%s on AOO, AOR, AO, PN, DC, MAPA, SANS", (text, expected) => {
    const p = predicate(text);
    expect(KINDS.map((procedure) => p(contract({ procedure })))).toEqual(expected);
    expect(p(contract({ procedure: null }))).toBe(null);
  });

  test("Nature compares the canonical nature", () => {
    const p = predicate('Nature = "travaux"');
    expect(p(contract({ nature: "Travaux" }))).toBe(true);
    expect(p(contract({ nature: "Services" }))).toBe(false);
    expect(p(contract({ nature: null }))).toBe(null);
  });

  test("ciblé(N) reads the targeted actions; a bare Actions ciblées means at least one", () => {
    const p = predicate("ciblé(8)");
    expect(p(contract({ actionsCiblees: [8, 24] }))).toBe(true);
    expect(p(contract({ actionsCiblees: [11] }))).toBe(false);
    expect(p(contract({ actionsCiblees: [] }))).toBe(false);
    expect(p(contract({ actionsCiblees: null }))).toBe(null);
    const q = predicate("Actions ciblées");
    expect(q(contract({ actionsCiblees: [11] }))).toBe(true);
    expect(q(contract({ actionsCiblees: [] }))).toBe(false);
    expect(q(contract({ actionsCiblees: null }))).toBe(null);
  });

  test("considerations read those of their columns that are present", () => {
    const present = new Set(["critereEnvironnemental", "clauseEnvironnementale", "clauseInsertion"]);
    const env = predicate("considération environnementale", { present });
    expect(env(contract({ critereEnvironnemental: true, clauseEnvironnementale: null }))).toBe(true);
    expect(env(contract({ critereEnvironnemental: false, clauseEnvironnementale: false }))).toBe(false);
    expect(env(contract({ critereEnvironnemental: false, clauseEnvironnementale: null }))).toBe(null);
    // Économie circulaire is not a column of this register: its value does not count.
    expect(env(contract({ critereEnvironnemental: false, clauseEnvironnementale: false, economieCirculaire: true }))).toBe(false);
    const social = predicate("considération sociale", { present });
    expect(social(contract({ clauseInsertion: true }))).toBe(true);
    expect(social(contract({ clauseInsertion: false }))).toBe(false);
  });

  test("a parameter is read from the workbook's parameters", () => {
    const text = "Montant HT > [Seuil clause d'insertion]";
    const c = contract({ montant: 95_000 });
    expect(evaluate(text, c)).toBe(true); // default threshold 90 000
    const parameters: Parameters = { ...defaultParameters(), seuilClauseInsertion: 100_000 };
    expect(evaluate(text, c, { parameters })).toBe(false);
    expect(evaluate("Taux d'avance >= Taux avance bonifiée", contract({ tauxAvance: 0.3 }))).toBe(true); // default 30 %
  });
});

// ------------------------------------------------------------------ contracts read from a sheet

describe("on contracts read by the register reader", () => {
  test("a population on an amount, a procedure class and a provision", () => {
    const reg = readRegister(
      ["N° marché", "Montant HT", "Procédure", "Clause d'insertion", "Actions ciblées"],
      [
        { "N° marché": "M1", "Montant HT": "120 000 €", Procédure: "MAPA", "Clause d'insertion": "oui", "Actions ciblées": "8; 11" },
        { "N° marché": "M2", "Montant HT": 150000, Procédure: "AOO", "Clause d'insertion": "oui", "Actions ciblées": "8" },
        { "N° marché": "M3", "Montant HT": "80 k€", Procédure: "MAPA", "Clause d'insertion": "oui" },
        { "N° marché": "M4", "Montant HT": 100000, Procédure: "Procédure adaptée", "Clause d'insertion": null, "Actions ciblées": "11" },
        { "N° marché": "M5", Procédure: "MAPA", "Clause d'insertion": "non" },
        { "N° marché": "M6", "Montant HT": 100000, Procédure: "Concours", "Clause d'insertion": "oui" },
      ],
    );
    const p = compilePredicate(tree("Montant HT > 90 k€ ET NON formalisée ET Clause d'insertion"), { present: reg.present, parameters: reg.parameters });
    // By hand: M1 120 000 > 90 000, MAPA, oui → vrai. M2 AOO → faux. M3 80 000 → faux. M4 blank clause = non
    // (§2.1) → faux. M5 amount unknown, clause non → faux. M6 procedure unknown (Concours), the rest vrai → inconnu.
    expect(reg.contracts.map((c) => p(c))).toEqual([true, false, false, false, false, null]);
    const q = compilePredicate(tree("ciblé(8) OU ciblé(11)"), { present: reg.present, parameters: reg.parameters });
    // Blank Actions ciblées = no action targeted (§2.1).
    expect(reg.contracts.map((c) => q(c))).toEqual([true, true, false, true, false, false]);
  });

  test("every column of the register can be read by an expression (keys are contract fields)", () => {
    // One row with a typical value per column, and an expression that is true on it.
    const cells: Record<string, unknown> = {};
    const exprs: string[] = [];
    for (const c of REGISTER_COLUMNS) {
      const h = `[${c.header}]`;
      switch (usageOf(c)) {
        case "yesno":
          cells[c.header] = "oui";
          exprs.push(h);
          break;
        case "reserve":
          cells[c.header] = "ESAT";
          exprs.push(`${h} = "ESAT"`);
          break;
        case "number":
          cells[c.header] = 5;
          exprs.push(`${h} = 5`);
          break;
        case "percent":
          cells[c.header] = "30 %";
          exprs.push(`${h} = 30 %`);
          break;
        case "date":
          cells[c.header] = "15/03/2025";
          exprs.push(`${h} = 15/03/2025`);
          break;
        case "text":
          cells[c.header] = c.key === "cpv" ? "45233140" : "Voirie";
          exprs.push(`${h} = "${c.key === "cpv" ? "45233140" : "VOIRIE"}"`);
          break;
        case "procedure":
          cells[c.header] = "MAPA";
          exprs.push(`${h} = "adaptée"`);
          break;
        case "nature":
          cells[c.header] = "Travaux";
          exprs.push(`${h} = "Travaux"`);
          break;
        case "actions":
          cells[c.header] = "8";
          exprs.push("ciblé(8)", h);
          break;
        default:
          break;
      }
    }
    const headers = Object.keys(cells);
    const reg = readRegister(headers, [cells as Record<string, string>]);
    expect(reg.contracts).toHaveLength(1);
    for (const text of exprs) {
      const r = parseExpression(text);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      for (const k of r.columns) expect([text, reg.present.has(k)]).toEqual([text, true]);
      expect([text, compilePredicate(r.expr, { present: reg.present, parameters: reg.parameters })(reg.contracts[0])]).toEqual([text, true]);
    }
  });
});

// ------------------------------------------------------------------ reference evaluator

/** Truth values of the reference evaluator, kept apart from true / false / null on purpose. */
type T3 = "vrai" | "faux" | "inconnu";
const REF_NOT: Record<T3, T3> = { vrai: "faux", faux: "vrai", inconnu: "inconnu" };
const REF_AND: Record<T3, Record<T3, T3>> = {
  vrai: { vrai: "vrai", faux: "faux", inconnu: "inconnu" },
  faux: { vrai: "faux", faux: "faux", inconnu: "faux" },
  inconnu: { vrai: "inconnu", faux: "faux", inconnu: "inconnu" },
};
const REF_OR: Record<T3, Record<T3, T3>> = {
  vrai: { vrai: "vrai", faux: "vrai", inconnu: "vrai" },
  faux: { vrai: "vrai", faux: "faux", inconnu: "inconnu" },
  inconnu: { vrai: "vrai", faux: "inconnu", inconnu: "inconnu" },
};
const REF_CLASS: Record<ProcedureKind, string> = {
  AOO: "formalisée",
  AOR: "formalisée",
  AO: "formalisée",
  PN: "formalisée",
  DC: "formalisée",
  MAPA: "adaptée",
  SANS: "sans mise en concurrence",
};
const t3 = (b: boolean): T3 => (b ? "vrai" : "faux");
const fromTri = (v: Tri): T3 => (v === null ? "inconnu" : t3(v));

/** Case, accents, ligatures and spaces folded, written apart from the module's own folding. */
const refFold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/œ/gi, "oe")
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .join(" ");

function refParameter(p: Parameters, key: string): number {
  const m = /^(T[1-6])\.([12])$/.exec(key);
  if (m) return p.cibles[m[1] as keyof Parameters["cibles"]][Number(m[2]) - 1];
  return (p as unknown as Record<string, number>)[key];
}

/** Sign of a − b for numbers, and for dates by year, then month, then day. */
function refOrder(a: number | DateValue, b: number | DateValue): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  const x = a as DateValue;
  const y = b as DateValue;
  return x.y !== y.y ? Math.sign(x.y - y.y) : x.m !== y.m ? Math.sign(x.m - y.m) : Math.sign(x.d - y.d);
}

function refCompare(v: unknown, op: string, value: Value, c: Contract, p: Parameters): T3 {
  if (value.kind === "reservation") {
    if (c.reserve === null) return "inconnu";
    const same = c.reserve === true && c.reserveType === value.value;
    return t3(op === "=" ? same : !same);
  }
  if (v === null || v === undefined) return "inconnu";
  let same: boolean;
  switch (value.kind) {
    case "number":
    case "percent":
    case "parameter":
    case "date": {
      const target = value.kind === "parameter" ? refParameter(p, value.key) : value.value;
      const s = refOrder(v as number | DateValue, target);
      const results: Record<string, boolean> = { "=": s === 0, "≠": s !== 0, "<": s < 0, "<=": s <= 0, ">": s > 0, ">=": s >= 0 };
      return t3(results[op]);
    }
    case "text":
      same = refFold(String(v)) === refFold(value.value);
      break;
    case "yesno":
      same = v === value.value;
      break;
    case "procedureClass":
      same = REF_CLASS[v as ProcedureKind] === value.value;
      break;
    case "nature":
      same = v === value.value;
      break;
  }
  return t3(op === "=" ? same : !same);
}

function reference(e: Expr, c: Contract, present: ReadonlySet<string>, p: Parameters): T3 {
  const field = (key: string) => (c as unknown as Record<string, unknown>)[key];
  switch (e.kind) {
    case "not":
      return REF_NOT[reference(e.item, c, present, p)];
    case "and":
      return e.items.map((x) => reference(x, c, present, p)).reduce((a, b) => REF_AND[a][b]);
    case "or":
      return e.items.map((x) => reference(x, c, present, p)).reduce((a, b) => REF_OR[a][b]);
    case "column": {
      const v = field(e.key);
      if (v === null || v === undefined) return "inconnu";
      return t3(Array.isArray(v) ? v.length > 0 : v === true);
    }
    case "compare":
      return refCompare(field(e.key), e.op, e.value, c, p);
    case "targeted":
      return c.actionsCiblees === null ? "inconnu" : t3(c.actionsCiblees.includes(e.action));
    case "formalisee":
      return c.procedure === null ? "inconnu" : t3(REF_CLASS[c.procedure] === "formalisée");
    case "consideration":
      // The derived predicates are the engine's own (SPEC §3), used as they are.
      return fromTri(e.which === "environnementale" ? envConsiderationOf(present)(c) : socialConsiderationOf(present)(c));
  }
}

describe("property: the compiled predicate agrees with a reference evaluator", () => {
  const parametersArb = fc.record({ seuil: fc.constantFrom(40_000, 90_000, 90_000.5), taux: fc.constantFrom(0.05, 0.3) }).map(({ seuil, taux }) => ({
    ...defaultParameters(),
    seuilClauseInsertion: seuil,
    seuilMarchesReserves: seuil,
    tauxAvanceBonifiee: taux,
  }));

  test("random expressions, printed and read back, over random registers", () => {
    fc.assert(
      fc.property(exprArb, registerArb, parametersArb, (e, reg, parameters) => {
        // Through the text, as a `Référentiel` cell would hold it.
        const text = formatExpression(e);
        const parsed = parseExpression(text);
        if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
        const p = compilePredicate(parsed.expr, { present: reg.present, parameters });
        for (const c of reg.contracts) {
          const got = fromTri(p(c));
          const want = reference(e, c, reg.present, parameters);
          if (got !== want) throw new Error(`${text} on ${JSON.stringify(c)}: ${got}, expected ${want}`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test("the columns an expression reads", () => {
    expect(expressionColumns(tree("Montant HT > 5 ET NON (ciblé(8) OU formalisée) OU considération sociale"))).toEqual(["montant", "actionsCiblees", "procedure"]);
  });
});
