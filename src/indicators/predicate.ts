/**
 * Compiles an expression of the `Référentiel` sheet (docs/methodologie.md, parsed by src/register/expression.ts)
 * into a three-valued predicate over contracts: true, false, or null when unknown.
 *
 * Logic is Kleene's (docs/methodologie.md): NON unknown = unknown; unknown ET faux = faux; unknown OU vrai =
 * vrai. A comparison whose value is unknown is unknown. The tree is turned once into nested
 * closures (no code generation), so that one evaluation is a few function calls.
 */
import type { CompareOp, Expr, ProcedureClass, Value } from "../register/expression";
import { checkDepth, procedureClass } from "../register/expression";
import { parameterValue, PARAMETER_ROWS } from "../register/parameters";
import { REGISTER_COLUMNS } from "../register/columns";
import { isOwnKey, type OwnColumns } from "../register/own-columns";
import type { Contract, DateValue, Parameters } from "../register/types";
import { fold, isFormalisee } from "../register/values";
import { envConsiderationOf, socialConsiderationOf, socialOtherConsiderationOf } from "./considerations";

export type Tri = boolean | null;
export type Predicate = (c: Contract) => Tri;

export interface PredicateContext {
  /** Register columns present (the considerations read those of their columns that are). */
  present: ReadonlySet<string>;
  /** Workbook parameters (values that name a parameter). */
  parameters: Parameters;
  /** The register's own columns (SPEC §8.1): keys OWN_PREFIX + header read through them. */
  own?: OwnColumns | null;
}

export { expressionColumns, expressionConsiderations, formatExpression } from "../register/expression";

/**
 * Reads one field of a contract, by column key (the keys of REGISTER_COLUMNS are Contract fields).
 * One small function per field, so that each read is a plain property load: a read by a variable
 * key costs about twice as much in the engine's inner loop. A field missing here (a column added
 * later) is read by its key, correctly and a little slower.
 */
const ACCESSORS: { readonly [K in keyof Contract]?: (c: Contract) => Contract[K] } = {
  id: (c) => c.id,
  objet: (c) => c.objet,
  titulaire: (c) => c.titulaire,
  entite: (c) => c.entite,
  direction: (c) => c.direction,
  nature: (c) => c.nature,
  famille: (c) => c.famille,
  cpv: (c) => c.cpv,
  procedure: (c) => c.procedure,
  montant: (c) => c.montant,
  dureeMois: (c) => c.dureeMois,
  dateNotification: (c) => c.dateNotification,
  datePrevisionnelle: (c) => c.datePrevisionnelle,
  recurrent: (c) => c.recurrent,
  anticipe: (c) => c.anticipe,
  dateCotation: (c) => c.dateCotation,
  dateLancement: (c) => c.dateLancement,
  renonciationAvance: (c) => c.renonciationAvance,
  socialDecp: (c) => c.socialDecp,
  actionsCiblees: (c) => c.actionsCiblees,
  clauseInsertion: (c) => c.clauseInsertion,
  heuresInsertionPrevues: (c) => c.heuresInsertionPrevues,
  heuresInsertionRealisees: (c) => c.heuresInsertionRealisees,
  critereInsertion: (c) => c.critereInsertion,
  reserve: (c) => c.reserve,
  clauseSociale: (c) => c.clauseSociale,
  critereSocial: (c) => c.critereSocial,
  commerceEquitable: (c) => c.commerceEquitable,
  nombreLots: (c) => c.nombreLots,
  alloti: (c) => c.alloti,
  avance: (c) => c.avance,
  tauxAvance: (c) => c.tauxAvance,
  questionnementBesoin: (c) => c.questionnementBesoin,
  outilsMethodo: (c) => c.outilsMethodo,
  clausesEquilibrees: (c) => c.clausesEquilibrees,
  revisionPrix: (c) => c.revisionPrix,
  negociation: (c) => c.negociation,
  gainPrix: (c) => c.gainPrix,
  gainTechnique: (c) => c.gainTechnique,
  evaluation: (c) => c.evaluation,
  noteSatisfaction: (c) => c.noteSatisfaction,
  acv: (c) => c.acv,
  clauseSobriete: (c) => c.clauseSobriete,
  amoDD: (c) => c.amoDD,
  critereEnvironnemental: (c) => c.critereEnvironnemental,
  clauseEnvironnementale: (c) => c.clauseEnvironnementale,
  clauseDonneesImpact: (c) => c.clauseDonneesImpact,
  clauseLimitationImpact: (c) => c.clauseLimitationImpact,
  donneesObtenues: (c) => c.donneesObtenues,
  compensationCarbone: (c) => c.compensationCarbone,
  tco2Compensees: (c) => c.tco2Compensees,
  economieCirculaire: (c) => c.economieCirculaire,
  titulaireTpePme: (c) => c.titulaireTpePme,
  titulaireEss: (c) => c.titulaireEss,
  offresRecues: (c) => c.offresRecues,
  offresTpePme: (c) => c.offresTpePme,
  dceRetires: (c) => c.dceRetires,
  infructueux: (c) => c.infructueux,
  offresIrregulieres: (c) => c.offresIrregulieres,
  litiges: (c) => c.litiges,
};

export function accessor(key: string, own?: OwnColumns | null): (c: Contract) => unknown {
  if (isOwnKey(key)) {
    const col = own?.get(key);
    if (!col) throw new Error(`own column ${key} not read`);
    return (c) => col.get(c);
  }
  return (ACCESSORS as Record<string, (c: Contract) => unknown>)[key] ?? ((c) => (c as unknown as Record<string, unknown>)[key]);
}

function not(p: Predicate): Predicate {
  return (c) => {
    const v = p(c);
    return v === null ? null : !v;
  };
}

function and(ps: Predicate[]): Predicate {
  if (ps.length === 1) return ps[0];
  if (ps.length === 2) {
    const [a, b] = ps;
    return (c) => {
      const x = a(c);
      if (x === false) return false;
      const y = b(c);
      if (y === false) return false;
      return x === null || y === null ? null : true;
    };
  }
  return (c) => {
    let u = false;
    for (let i = 0; i < ps.length; i++) {
      const v = ps[i](c);
      if (v === false) return false;
      if (v === null) u = true;
    }
    return u ? null : true;
  };
}

function or(ps: Predicate[]): Predicate {
  if (ps.length === 1) return ps[0];
  if (ps.length === 2) {
    const [a, b] = ps;
    return (c) => {
      const x = a(c);
      if (x === true) return true;
      const y = b(c);
      if (y === true) return true;
      return x === null || y === null ? null : false;
    };
  }
  return (c) => {
    let u = false;
    for (let i = 0; i < ps.length; i++) {
      const v = ps[i](c);
      if (v === true) return true;
      if (v === null) u = true;
    }
    return u ? null : false;
  };
}

/** Fields with an accessor that hold exactly true, false or null (yes/no columns, reserve, socialDecp). */
const YES_NO_FIELDS = new Set(Object.keys(ACCESSORS));
const BOOLEAN_KEYS = new Set([...REGISTER_COLUMNS.filter((c) => c.type === "yesno" || c.type === "reserve").map((c) => c.key), "socialDecp"]);

/** A yes/no field: oui → true, non → false, blank-unknown or bad cell → null. */
function yesNo(key: string, own: OwnColumns | null | undefined): Predicate {
  const get = accessor(key, own);
  // A known field holds exactly true, false or null: read it directly (one call per contract).
  if (YES_NO_FIELDS.has(key) && BOOLEAN_KEYS.has(key)) return get as Predicate;
  return (c) => {
    const v = get(c);
    return v === true ? true : v === false ? false : null;
  };
}

/** Ordered comparison of a number read from a contract with a constant; unknown when it is. */
function ordered(get: (c: Contract) => number | null | undefined, op: CompareOp, x: number): Predicate {
  switch (op) {
    case "=":
      return (c) => {
        const v = get(c);
        return v == null ? null : v === x;
      };
    case "≠":
      return (c) => {
        const v = get(c);
        return v == null ? null : v !== x;
      };
    case "<":
      return (c) => {
        const v = get(c);
        return v == null ? null : v < x;
      };
    case "<=":
      return (c) => {
        const v = get(c);
        return v == null ? null : v <= x;
      };
    case ">":
      return (c) => {
        const v = get(c);
        return v == null ? null : v > x;
      };
    case ">=":
      return (c) => {
        const v = get(c);
        return v == null ? null : v >= x;
      };
  }
}

/** A number, integer or percent field compared with a constant. */
function numeric(key: string, op: CompareOp, x: number, own: OwnColumns | null | undefined): Predicate {
  return ordered(accessor(key, own) as (c: Contract) => number | null | undefined, op, x);
}

/** A date field compared with a date (by day). */
function dateCompare(key: string, op: CompareOp, d: DateValue, own: OwnColumns | null | undefined): Predicate {
  const get = accessor(key, own) as (c: Contract) => DateValue | null | undefined;
  return ordered((c) => get(c)?.serial, op, d.serial);
}

/** Equality (or ≠) of a field with a constant, unknown when the field is. */
function equality<T>(get: (c: Contract) => T | null | undefined, eq: (v: T) => boolean, op: CompareOp): Predicate {
  const negate = op === "≠";
  return (c) => {
    const v = get(c);
    if (v == null) return null;
    return eq(v) !== negate;
  };
}

/** Text equality, case- and accent-free; folded values are cached (a register repeats its texts). */
function textEquals(key: string, text: string, op: CompareOp, own: OwnColumns | null | undefined): Predicate {
  const target = fold(text);
  const cache = new Map<string, string>();
  const folded = (s: string) => {
    let f = cache.get(s);
    if (f === undefined) {
      f = fold(s);
      if (cache.size < 100_000) cache.set(s, f);
    }
    return f;
  };
  return equality(
    accessor(key, own),
    (v) => folded(String(v)) === target,
    op,
  );
}

function compare(key: string, op: CompareOp, value: Value, ctx: PredicateContext): Predicate {
  const own = ctx.own;
  switch (value.kind) {
    case "number":
    case "percent":
      return numeric(key, op, value.value, own);
    case "parameter": {
      const x = parameterValue(ctx.parameters, value.key as (typeof PARAMETER_ROWS)[number]["key"]);
      // A parameter left without value (a national reference set to « aucune »): nothing compares to it.
      if (x === null) return () => null;
      if (typeof x === "object") return dateCompare(key, op, x, own);
      if (typeof x !== "number") throw new Error(`parameter ${value.key} is not a number`);
      return numeric(key, op, x, own);
    }
    case "date":
      return dateCompare(key, op, value.value, own);
    case "text":
      return textEquals(key, value.value, op, own);
    case "yesno": {
      const p = yesNo(key, own);
      // = oui and ≠ non read the field; = non and ≠ oui its negation.
      return value.value === (op === "=") ? p : not(p);
    }
    case "reservation": {
      // Reserved with that type: unknown when the reservation is, false when not reserved.
      const t = value.value;
      return equality(
        (c) => (c.reserve === null || c.reserve === undefined ? null : c),
        (x) => x.reserve === true && x.reserveType === t,
        op,
      );
    }
    case "procedureClass": {
      const cls: ProcedureClass = value.value;
      return equality(
        (c) => c.procedure,
        (p) => procedureClass(p) === cls,
        op,
      );
    }
    case "nature": {
      const n = value.value;
      return equality(
        (c) => c.nature,
        (v) => v === n,
        op,
      );
    }
  }
}

/**
 * Compiles an expression into a predicate. The columns it reads are expected present (the caller
 * makes the indicator n/a otherwise, docs/methodologie.md); a field that is unknown gives unknown.
 * Compiling and evaluating are recursive: a tree deeper than the parser builds (MAX_TREE_DEPTH)
 * throws ExpressionTooDeepError here rather than overflow the call stack later.
 */
export function compilePredicate(expr: Expr, ctx: PredicateContext): Predicate {
  checkDepth(expr);
  return compileNode(expr, ctx);
}

function compileNode(expr: Expr, ctx: PredicateContext): Predicate {
  switch (expr.kind) {
    case "or":
      return or(expr.items.map((e) => compileNode(e, ctx)));
    case "and":
      return and(expr.items.map((e) => compileNode(e, ctx)));
    case "not":
      return not(compileNode(expr.item, ctx));
    case "column":
      if (expr.key === "actionsCiblees") return (c) => (c.actionsCiblees === null || c.actionsCiblees === undefined ? null : c.actionsCiblees.length > 0);
      return yesNo(expr.key, ctx.own);
    case "compare":
      return compare(expr.key, expr.op, expr.value, ctx);
    case "targeted": {
      const n = expr.action;
      return (c) => (c.actionsCiblees === null || c.actionsCiblees === undefined ? null : c.actionsCiblees.includes(n));
    }
    case "formalisee":
      return (c) => (c.procedure === null || c.procedure === undefined ? null : isFormalisee(c.procedure));
    case "consideration":
      return expr.which === "environnementale" ? envConsiderationOf(ctx.present) : expr.which === "sociale" ? socialConsiderationOf(ctx.present) : socialOtherConsiderationOf(ctx.present);
    default:
      throw new Error(`unknown expression node ${(expr as { kind: string }).kind}`);
  }
}
