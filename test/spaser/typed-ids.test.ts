/**
 * Indicator ids and register column keys are typed: a misspelt one is a compile error. The lines
 * marked @ts-expect-error fail the type check (and so this suite) the day they compile.
 */
import type { RegisterColumnKey } from "../../src/register/columns";
import { BUILTIN_IDS, BuiltinId, INDICATOR_BY_ID } from "../../src/spaser/referential";

test("built-in ids and column keys are checked by the compiler", () => {
  const id: BuiltinId = "A8.R1";
  const key: RegisterColumnKey = "clauseInsertion";
  // @ts-expect-error « A8.R9 » is not an indicator of the SPASER
  const wrongId: BuiltinId = "A8.R9";
  // @ts-expect-error « clauseInsertions » is not a register column
  const wrongKey: RegisterColumnKey = "clauseInsertions";
  expect(INDICATOR_BY_ID.has(id)).toBe(true);
  expect(BUILTIN_IDS).toContain(id);
  expect(key).toBe("clauseInsertion");
  expect(INDICATOR_BY_ID.has(wrongId)).toBe(false);
  expect(wrongKey).toBe("clauseInsertions");
});
