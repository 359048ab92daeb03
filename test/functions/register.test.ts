/**
 * Registration of the custom functions: once per id, and nothing at all where the custom functions
 * runtime is absent (the pane and the ribbon command share the bundle and must keep working).
 */
import { FUNCTIONS, registerFunctions } from "../../src/functions/functions";
import { FUNCTION_IDS } from "../../src/functions/names";

describe("registerFunctions", () => {
  test("without a CustomFunctions runtime (a browser, an Excel without custom functions) the module loads and registers nothing", () => {
    // Importing the module above ran its registration: in jest there is no CustomFunctions global.
    expect((globalThis as { CustomFunctions?: unknown }).CustomFunctions).toBeUndefined();
    expect(registerFunctions()).toBe(false);
    expect(registerFunctions(undefined)).toBe(false);
  });

  test("with the runtime, each id of functions.json is associated exactly once, with its implementation", () => {
    const calls: [string, unknown][] = [];
    expect(registerFunctions({ associate: (id, f) => calls.push([id, f]) })).toBe(true);
    expect(calls.map(([id]) => id)).toEqual([...FUNCTION_IDS]);
    expect(new Set(calls.map(([id]) => id)).size).toBe(calls.length);
    expect(calls.find(([id]) => id === "RATE")?.[1]).toBe(FUNCTIONS.RATE);
  });

  test("one id refused by Excel does not stop the others", () => {
    const calls: string[] = [];
    const ok = registerFunctions({
      associate: (id) => {
        if (id === "TARGET") throw new Error("unknown id");
        calls.push(id);
      },
    });
    expect(ok).toBe(false);
    expect(calls).toHaveLength(FUNCTION_IDS.length - 1);
    expect(calls).toContain("SCORE");
  });
});
