/**
 * Random registers and random expressions (fast-check) for the tests of the expression language:
 * both are built from REGISTER_COLUMNS, so that a column added there is drawn too.
 */
import fc from "fast-check";
import { REGISTER_COLUMNS } from "../../src/register/columns";
import type { ColumnKind, CompareOp, Expr, Value } from "../../src/register/expression";
import { kindOf } from "../../src/register/expression";
import { PARAMETER_ROWS } from "../../src/register/parameters";
import type { Contract, DateValue, Nature, ProcedureKind } from "../../src/register/types";
import { makeDate } from "../../src/register/values";

/** How an expression may use a column: the parser's own rule. */
export type Usage = ColumnKind;
export const usageOf = kindOf;

const columnsOf = (u: Usage) => REGISTER_COLUMNS.filter((c) => usageOf(c) === u).map((c) => c.key);

export const YESNO_KEYS = columnsOf("yesno");
export const NUMBER_KEYS = columnsOf("number");
export const PERCENT_KEYS = columnsOf("percent");
export const DATE_KEYS = columnsOf("date");
export const TEXT_KEYS = columnsOf("text");

/** Values drawn for numbers: a few, so that comparisons hit equality and both sides of a threshold. */
export const NUMBERS = [0, 2, 12, 1000, 40_000, 89_999.5, 90_000, 90_000.5, 215_000, 1_200_000];
export const FRACTIONS = [0, 0.05, 0.299, 0.3, 0.5, 1, 1.5];
export const DATES: DateValue[] = [
  makeDate(2024, 12, 31) as DateValue,
  makeDate(2025, 1, 1) as DateValue,
  makeDate(2025, 3, 15) as DateValue,
  makeDate(2025, 12, 31) as DateValue,
];
/** Texts with case, accent, ligature and spacing variants of a few words. */
export const TEXTS = ["Voirie", "VOIRIE", "voirie ", "École", "ecole", "Maîtrise d'œuvre", "maitrise d'oeuvre", "Pierre ET Paul", 'Dit "le Grand"', "45233140"];
export const PROCEDURES: ProcedureKind[] = ["AOO", "AOR", "AO", "PN", "DC", "MAPA", "SANS"];
export const NATURES: Nature[] = ["Travaux", "Fournitures", "Services", "Maîtrise d'œuvre"];
const RESERVATIONS = ["ESS", "SIAE", "EA", "ESAT"] as const;

/** Numeric parameters: [key, is a percentage]. */
export const NUMBER_PARAMETERS = PARAMETER_ROWS.filter((p) => ["euro", "months", "percent"].includes(p.kind)).map((p) => ({ ...p, percent: p.kind === "percent" }));

const maybe = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.oneof({ weight: 4, arbitrary: a }, { weight: 1, arbitrary: fc.constant(null) });

// ------------------------------------------------------------------ contracts

/** One random contract: every register field drawn from its type, unknown (null) now and then. */
export function contractArb(index: number): fc.Arbitrary<Contract> {
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const c of REGISTER_COLUMNS) {
    switch (usageOf(c)) {
      case "yesno":
        fields[c.key] = maybe(fc.boolean());
        break;
      case "number":
        fields[c.key] = maybe(fc.constantFrom(...NUMBERS));
        break;
      case "percent":
        fields[c.key] = maybe(fc.constantFrom(...FRACTIONS));
        break;
      case "date":
        fields[c.key] = maybe(fc.constantFrom(...DATES));
        break;
      case "text":
        fields[c.key] = maybe(fc.constantFrom(...TEXTS));
        break;
      case "procedure":
        fields[c.key] = maybe(fc.constantFrom(...PROCEDURES));
        break;
      case "nature":
        fields[c.key] = maybe(fc.constantFrom(...NATURES));
        break;
      case "actions":
        fields[c.key] = maybe(fc.uniqueArray(fc.integer({ min: 1, max: 26 }), { maxLength: 4 }));
        break;
      default:
        break;
    }
  }
  const reservation = fc.oneof(
    fc.constant({ reserve: null, reserveType: null }),
    fc.constant({ reserve: false, reserveType: null }),
    fc.constantFrom(...(["oui", ...RESERVATIONS] as const)).map((t) => ({ reserve: true, reserveType: t })),
  );
  return fc.record({ f: fc.record(fields), r: reservation }).map(({ f, r }) => ({ ...f, ...r, id: `M${index}`, row: index + 2, cotitulaires: [], procedureLabel: null }) as unknown as Contract);
}

/** A register: a few random contracts and a random set of present columns. */
export const registerArb = fc.record({
  contracts: fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => contractArb(i)))),
  present: fc.subarray(REGISTER_COLUMNS.map((c) => c.key)).map((keys) => new Set(keys)),
});

// ------------------------------------------------------------------ expressions

const ALL_OPS: CompareOp[] = ["=", "≠", "<", "<=", ">", ">="];
const EQ_OPS: CompareOp[] = ["=", "≠"];

const compare = (keys: string[], ops: CompareOp[], value: fc.Arbitrary<Value>): fc.Arbitrary<Expr> =>
  fc.record({ key: fc.constantFrom(...keys), op: fc.constantFrom(...ops), value }).map(({ key, op, value: v }) => ({ kind: "compare", key, op, value: v }) as Expr);

const parameter = (percent: boolean): fc.Arbitrary<Value> =>
  fc.constantFrom(...NUMBER_PARAMETERS.filter((p) => (p.percent === true) === percent).map((p) => p.key)).map((key) => ({ kind: "parameter", key }) as Value);

/** Every kind of atom of the grammar, with values of the right type. */
export const atomArb: fc.Arbitrary<Expr> = fc.oneof(
  fc.constantFrom(...YESNO_KEYS, "reserve", "actionsCiblees").map((key) => ({ kind: "column", key }) as Expr),
  compare(YESNO_KEYS, EQ_OPS, fc.boolean().map((value) => ({ kind: "yesno", value }) as Value)),
  compare(["reserve"], EQ_OPS, fc.oneof(fc.boolean().map((value) => ({ kind: "yesno", value }) as Value), fc.constantFrom(...RESERVATIONS).map((value) => ({ kind: "reservation", value }) as Value))),
  compare(NUMBER_KEYS, ALL_OPS, fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NUMBERS).map((value) => ({ kind: "number", value }) as Value) }, { weight: 1, arbitrary: parameter(false) })),
  compare(PERCENT_KEYS, ALL_OPS, fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FRACTIONS).map((value) => ({ kind: "percent", value }) as Value) }, { weight: 1, arbitrary: parameter(true) })),
  compare(DATE_KEYS, ALL_OPS, fc.constantFrom(...DATES).map((value) => ({ kind: "date", value }) as Value)),
  compare(TEXT_KEYS, EQ_OPS, fc.constantFrom(...TEXTS).map((value) => ({ kind: "text", value }) as Value)),
  compare(["procedure"], EQ_OPS, fc.constantFrom("formalisée", "adaptée", "sans mise en concurrence").map((value) => ({ kind: "procedureClass", value }) as Value)),
  compare(["nature"], EQ_OPS, fc.constantFrom(...NATURES).map((value) => ({ kind: "nature", value }) as Value)),
  fc.integer({ min: 1, max: 26 }).map((action) => ({ kind: "targeted", action }) as Expr),
  fc.constant({ kind: "formalisee" } as Expr),
  fc.constantFrom("environnementale", "sociale").map((which) => ({ kind: "consideration", which }) as Expr),
);

/**
 * Random trees as the parser builds them: OU and ET with at least two operands, an OU directly
 * inside an OU (or ET inside ET) only as written with parentheses — which the printer keeps.
 */
export const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atomArb,
    tie("e").map((item) => ({ kind: "not", item }) as Expr),
    fc.array(tie("e"), { minLength: 2, maxLength: 3 }).map((items) => ({ kind: "and", items }) as Expr),
    fc.array(tie("e"), { minLength: 2, maxLength: 3 }).map((items) => ({ kind: "or", items }) as Expr),
  ),
})).e;
