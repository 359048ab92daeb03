/**
 * The derived predicates (docs/methodologie.md), read over the columns the register has (a derived predicate
 * is n/a only when none of its columns is present). Definitions: docs/methodologie.md.
 */
import type { Contract, Parameters } from "../register/types";
import type { PresentKey, Tri } from "./accumulators";

/** Three-valued OR: true if any is true, null if none is and one is unknown. */
export function anyOf(c: Contract, keys: readonly (keyof Contract)[]): Tri {
  let unknown = false;
  for (const k of keys) {
    const v = c[k];
    if (v === true) return true;
    if (v === null) unknown = true;
  }
  return unknown ? null : false;
}

export const ENV_KEYS = ["critereEnvironnemental", "clauseEnvironnementale", "clauseSobriete", "clauseDonneesImpact", "clauseLimitationImpact", "compensationCarbone", "economieCirculaire"] as const;
/** Social or ethical considerations; socialDecp is a DECP social clause that may be an insertion one. */
export const SOCIAL_KEYS = ["clauseInsertion", "critereInsertion", "reserve", "clauseSociale", "critereSocial", "commerceEquitable", "socialDecp"] as const;
/** Social or ethical considerations other than insertion (T4 when « T4 inclut l'insertion » = non). */
export const SOCIAL_OTHER_KEYS = ["reserve", "clauseSociale", "critereSocial", "commerceEquitable"] as const;

/** envConsideration(c) over the columns present. */
export function envConsiderationOf(present: ReadonlySet<string>): (c: Contract) => Tri {
  const keys = ENV_KEYS.filter((k) => present.has(k));
  return (c) => anyOf(c, keys);
}

/** socialConsideration(c) over the columns present (a DECP social clause counts). */
export function socialConsiderationOf(present: ReadonlySet<string>): (c: Contract) => Tri {
  const keys = SOCIAL_KEYS.filter((k) => present.has(k));
  return (c) => anyOf(c, keys);
}

/**
 * Social or ethical considerations other than insertion, over the columns present. A contract
 * whose only social data is a DECP social clause is unknown: that clause may be an insertion one.
 */
export function socialOtherConsiderationOf(present: ReadonlySet<string>): (c: Contract) => Tri {
  const keys = SOCIAL_OTHER_KEYS.filter((k) => present.has(k));
  const decp = present.has("socialDecp");
  return (c) => {
    const v = anyOf(c, keys);
    if (v === true) return true;
    if (decp && c.socialDecp !== false) return null;
    return v;
  };
}

/** The columns a derived predicate reads, of which at least one must be present. */
export const CONSIDERATION_KEYS: Readonly<Record<"environnementale" | "sociale" | "socialeHorsInsertion", readonly PresentKey[]>> = {
  environnementale: ENV_KEYS,
  sociale: SOCIAL_KEYS,
  socialeHorsInsertion: [...SOCIAL_OTHER_KEYS, "socialDecp"],
};

/**
 * avanceBonifiee(c): no advance (Avance = non, blank included) is no bonified advance, whatever the
 * rate column holds; otherwise the rate reaches « Taux avance bonifiée »; unknown when the rate is.
 */
export function avanceBonifiee(c: Contract, p: Parameters, hasAvanceColumn: boolean): Tri {
  if (hasAvanceColumn) {
    if (c.avance === false) return false;
    if (c.avance === null && c.tauxAvance === null) return null;
  }
  return c.tauxAvance === null ? null : c.tauxAvance >= p.tauxAvanceBonifiee - 1e-9;
}

/** realised(c, n): the register fields that carry out action n on a contract (docs/methodologie.md). */
export const REALISED_KEYS: Readonly<Record<number, readonly (keyof Contract & PresentKey)[]>> = {
  8: ["clauseInsertion"],
  10: ["critereInsertion"],
  11: ["reserve"],
  12: ["clauseSociale"],
  13: ["commerceEquitable"],
  14: ["alloti"],
  17: ["tauxAvance"],
  18: ["questionnementBesoin"],
  19: ["clausesEquilibrees"],
  20: ["negociation"],
  21: ["evaluation"],
  22: ["clauseSobriete", "acv"],
  23: ["amoDD"],
  24: ["critereEnvironnemental", "clauseEnvironnementale"],
  25: ["clauseDonneesImpact", "clauseLimitationImpact"],
  26: ["compensationCarbone"],
};

/** realised(c, n) for each contract-level action whose columns are present. */
export function realisedOf(present: ReadonlySet<string>, p: Parameters): Map<number, (c: Contract) => Tri> {
  const out = new Map<number, (c: Contract) => Tri>();
  const hasAvance = present.has("avance");
  for (const n of Object.keys(REALISED_KEYS).map(Number)) {
    const keys = REALISED_KEYS[n].filter((k) => present.has(k)) as (keyof Contract)[];
    if (keys.length === 0) continue;
    out.set(n, n === 17 ? (c) => avanceBonifiee(c, p, hasAvance) : (c) => anyOf(c, keys));
  }
  return out;
}
