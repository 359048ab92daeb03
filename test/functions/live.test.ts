/**
 * The functions as Excel calls them: streaming cells fed by the add-in's source. A fake
 * CustomFunctions global stands for Excel's runtime; the source is the fake of fake.ts.
 */
import type { Snapshot } from "../../src/functions/source";
import type * as Runtime from "../../src/functions/runtime";
import type * as Functions from "../../src/functions/functions";
import { Counter, FakeSource, flush, register, ROWS, snapshot } from "./fake";

class FakeExcelError {
  constructor(
    public code: string,
    public message?: string,
  ) {}
}

const associate = jest.fn();
(globalThis as Record<string, unknown>).CustomFunctions = {
  ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A" },
  Error: FakeExcelError,
  associate,
};

// Loaded after the global above, as in Excel where the runtime exists before the script runs.
 
const functions = require("../../src/functions/functions") as typeof Functions;
const runtime = require("../../src/functions/runtime") as typeof Runtime;
 

/** A formula cell: what Excel received through setResult, in order. */
class Cell<T = unknown> {
  readonly results: unknown[] = [];
  onCanceled?: () => void;
  setResult = (v: T | FakeExcelError) => {
    this.results.push(v);
  };
  get last(): unknown {
    return this.results[this.results.length - 1];
  }
}

/** An omitted optional text argument, as Excel passes it. */
const NONE = null as unknown as string;

const M6 = ["M6", "20/12/2025", 150000, "AOO", "8", "oui", "oui", "oui"];

afterEach(() => runtime.clearIndicatorSource());

describe("registration", () => {
  test("each function id is associated with its implementation", () => {
    const ids = associate.mock.calls.map((c) => c[0]);
    expect(ids).toEqual(["RATE", "INDICATOR", "NUMERATOR", "DENOMINATOR", "CONTRACTS", "TARGET", "STATUS", "YEARS", "LEVERS", "SCORE"]);
    expect(associate).toHaveBeenCalledWith("RATE", functions.rate);
    expect(associate).toHaveBeenCalledWith("YEARS", functions.years);
  });

  test("without the CustomFunctions runtime (Node, tests) the module loads and associates nothing", () => {
    const g = globalThis as Record<string, unknown>;
    const saved = g.CustomFunctions;
    delete g.CustomFunctions;
    try {
      jest.isolateModules(() => {
        expect(() => require("../../src/functions/functions")).not.toThrow();
      });
    } finally {
      g.CustomFunctions = saved;
    }
  });
});

describe("values reach the cells", () => {
  test("every function streams its value; errors become #N/A or #VALUE! with the French message", async () => {
    runtime.setIndicatorSource(new FakeSource(snapshot(register())));
    const cells = {
      rate: new Cell(),
      rate2024: new Cell(),
      indicator: new Cell(),
      numerator: new Cell(),
      denominator: new Cell(),
      target: new Cell(),
      status: new Cell(),
      years: new Cell(),
      badAction: new Cell(),
      badId: new Cell(),
      na: new Cell(),
    };
    functions.rate(8, null as unknown as number, null as unknown as number, NONE, cells.rate);
    functions.rate(8, 2024, null as unknown as number, NONE, cells.rate2024);
    functions.indicator("T1", null as unknown as number, NONE, cells.indicator);
    functions.numerator("A8.R1", null as unknown as number, NONE, cells.numerator);
    functions.denominator("A8.R1", null as unknown as number, NONE, cells.denominator);
    functions.target("T1", 2, cells.target);
    functions.status("T1", null as unknown as number, NONE, cells.status);
    functions.years(NONE, cells.years);
    functions.rate(27, null as unknown as number, null as unknown as number, NONE, cells.badAction);
    functions.indicator("A8.R9", null as unknown as number, NONE, cells.badId);
    functions.rate(10, null as unknown as number, null as unknown as number, NONE, cells.na);
    await flush();
    // A8.R1 2025: 2 clauses / 3 contracts targeting action 8 (M1, M2, M3)
    expect(cells.rate.results).toEqual([2 / 3]);
    // A8.R1 2024: M5 without clause: 0 / 1
    expect(cells.rate2024.results).toEqual([0]);
    // T1 2025: critère environnemental M1, M4 / 4 contracts
    expect(cells.indicator.results).toEqual([0.5]);
    expect(cells.numerator.results).toEqual([2]);
    expect(cells.denominator.results).toEqual([3]);
    // Paramètres: "Cible T1 étape 2" = 0,9
    expect(cells.target.results).toEqual([0.9]);
    // 0,5 >= 0,4 (T1 step 1 in Paramètres)
    expect(cells.status.results).toEqual(["Atteint"]);
    expect(cells.years.results).toEqual([[[2024], [2025]]]);
    expect(cells.badAction.last).toEqual(new FakeExcelError("#VALUE!", "action invalide (27) : un numéro d'action du SPASER est attendu, de 1 à 26"));
    expect((cells.badId.last as FakeExcelError).code).toBe("#VALUE!");
    expect(cells.na.last).toEqual(new FakeExcelError("#N/A", "colonne « Critère d'insertion » absente du registre"));
  });

  test("a cell written before the add-in has set its source waits for it", async () => {
    const cell = new Cell();
    functions.rate(8, null as unknown as number, null as unknown as number, NONE, cell);
    await flush();
    expect(cell.results).toEqual([]); // Excel shows #BUSY! meanwhile
    runtime.setIndicatorSource(new FakeSource(snapshot(register())));
    await flush();
    expect(cell.results).toEqual([2 / 3]);
  });

  test("no register -> #N/A « registre introuvable », then the value once a register is found", async () => {
    const source = new FakeSource(snapshot(null, { message: "Aucun registre des marchés trouvé dans les feuilles « Feuil1 »", version: 1 }));
    runtime.setIndicatorSource(source);
    const cell = new Cell();
    functions.indicator("T1", null as unknown as number, NONE, cell);
    await flush();
    expect(cell.results).toEqual([new FakeExcelError("#N/A", "registre introuvable : Aucun registre des marchés trouvé dans les feuilles « Feuil1 »")]);
    source.publish(snapshot(register(), { version: 2 }));
    expect(cell.last).toBe(0.5);
  });
});

describe("live updates", () => {
  test("500 cells, one change of the register -> one engine pass -> 500 updates", async () => {
    const counter: Counter = { passes: 0 };
    const source = new FakeSource(snapshot(register(), { version: 1, counter }));
    runtime.setIndicatorSource(source);
    const cells: Cell[] = [];
    for (let i = 0; i < 125; i++) {
      const c = [new Cell(), new Cell(), new Cell(), new Cell()];
      functions.rate(8, null as unknown as number, null as unknown as number, NONE, c[0]);
      functions.indicator("T1", null as unknown as number, NONE, c[1]);
      functions.numerator("A8.R1", null as unknown as number, NONE, c[2]);
      functions.denominator("A8.R1", null as unknown as number, NONE, c[3]);
      cells.push(...c);
    }
    await flush();
    expect(cells).toHaveLength(500);
    expect(source.listeners.size).toBe(500);
    expect(counter.passes).toBe(1); // the 500 cells shared one computation of 2025
    expect(cells.every((c) => c.results.length === 1)).toBe(true);

    // The store reads the register again: M6 (2025, targets action 8, clause, critère env.) added
    const t0 = process.hrtime.bigint();
    source.publish(snapshot(register([...ROWS, M6]), { version: 2, counter }));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    expect(counter.passes).toBe(2); // one more pass, not 500
    expect(cells.every((c) => c.results.length === 2)).toBe(true); // 500 updates
    // A8.R1: clauses M1, M3, M6 / targeted M1, M2, M3, M6 = 3 / 4; T1: M1, M4, M6 / 5 = 0,6
    expect(cells.slice(0, 4).map((c) => c.last)).toEqual([0.75, 0.6, 3, 4]);
    expect(cells.slice(496).map((c) => c.last)).toEqual([0.75, 0.6, 3, 4]);
    // Measured: one pass plus 500 updates, synchronously within the store's notification.
    expect(ms).toBeLessThan(2000);
  });

  test("=SPASER.CONTRATS spills its column and follows the register", async () => {
    const source = new FakeSource(snapshot(register(), { version: 1 }));
    runtime.setIndicatorSource(source);
    const cell = new Cell();
    const bad = new Cell();
    functions.contracts("A8.R1", NONE, null as unknown as number, NONE, cell);
    functions.contracts("T1", "tous", null as unknown as number, NONE, bad);
    await flush();
    // A8.R1 2025: insertion clauses among contracts targeting action 8: M1, M3
    expect(cell.results).toEqual([[["M1"], ["M3"]]]);
    expect((bad.last as FakeExcelError).code).toBe("#VALUE!");
    // M6 (2025, action 8, clause) added
    source.publish(snapshot(register([...ROWS, M6]), { version: 2 }));
    expect(cell.results).toEqual([[["M1"], ["M3"]], [["M1"], ["M3"], ["M6"]]]);
  });

  test("a new read that changes nothing a cell shows does not rewrite it", async () => {
    const counter: Counter = { passes: 0 };
    const source = new FakeSource(snapshot(register(), { version: 1, counter }));
    runtime.setIndicatorSource(source);
    const rateCell = new Cell();
    const yearsCell = new Cell();
    functions.rate(8, null as unknown as number, null as unknown as number, NONE, rateCell);
    functions.years(NONE, yearsCell);
    await flush();
    source.publish(snapshot(register(), { version: 2, counter }));
    expect(counter.passes).toBe(2);
    expect(rateCell.results).toEqual([2 / 3]);
    expect(yearsCell.results).toEqual([[[2024], [2025]]]);
  });

  test("the pane choosing another year updates the cells that use the default year", async () => {
    const reg = register();
    const source = new FakeSource(snapshot(reg, { version: 1 }));
    runtime.setIndicatorSource(source);
    const cell = new Cell();
    functions.rate(8, null as unknown as number, null as unknown as number, NONE, cell);
    await flush();
    source.publish(snapshot(reg, { version: 1, year: 2024 }));
    // A8.R1 2025 = 2 / 3, then 2024 = 0 / 1
    expect(cell.results).toEqual([2 / 3, 0]);
  });

  test("while a read is in progress, a new cell gets the value once loaded, never the previous one", async () => {
    const source = new FakeSource(snapshot(register(), { version: 1 }));
    runtime.setIndicatorSource(source);
    const finish = source.startRead();
    const cell = new Cell();
    functions.rate(8, null as unknown as number, null as unknown as number, NONE, cell);
    await flush();
    expect(cell.results).toEqual([]);
    finish(snapshot(register([...ROWS, M6]), { version: 2 }));
    await flush();
    expect(cell.results).toEqual([0.75]); // 3 / 4 with M6, not 2 / 3
  });

  test("a snapshot older than one already shown is ignored", async () => {
    const reg = register();
    let resolveCurrent!: (s: Snapshot) => void;
    const listeners: ((s: Snapshot) => void)[] = [];
    runtime.setIndicatorSource({
      current: () => new Promise<Snapshot>((r) => (resolveCurrent = r)),
      subscribe: (l) => {
        listeners.push(l);
        return () => undefined;
      },
    });
    const cell = new Cell();
    functions.rate(8, null as unknown as number, null as unknown as number, NONE, cell);
    await flush();
    listeners[0](snapshot(register([...ROWS, M6]), { version: 2 }));
    resolveCurrent(snapshot(reg, { version: 1 }));
    await flush();
    expect(cell.results).toEqual([0.75]);
  });

  test("a cell Excel cancels stops listening", async () => {
    const source = new FakeSource(snapshot(register(), { version: 1 }));
    runtime.setIndicatorSource(source);
    const cell = new Cell();
    functions.rate(8, null as unknown as number, null as unknown as number, NONE, cell);
    await flush();
    expect(source.listeners.size).toBe(1);
    cell.onCanceled!();
    expect(source.listeners.size).toBe(0);
    source.publish(snapshot(register([...ROWS, M6]), { version: 2 }));
    expect(cell.results).toEqual([2 / 3]);
  });

  test("a cell cancelled before the source is set never subscribes", async () => {
    const cell = new Cell();
    functions.rate(8, null as unknown as number, null as unknown as number, NONE, cell);
    cell.onCanceled!();
    const source = new FakeSource(snapshot(register()));
    runtime.setIndicatorSource(source);
    await flush();
    expect(source.listeners.size).toBe(0);
    expect(cell.results).toEqual([]);
  });
});

describe("failures show #N/A, never a number", () => {
  test("the read of the workbook fails", async () => {
    runtime.setIndicatorSource({ current: () => Promise.reject(new Error("classeur fermé")), subscribe: () => () => undefined });
    const cell = new Cell();
    functions.rate(8, null as unknown as number, null as unknown as number, NONE, cell);
    await flush();
    expect(cell.results).toEqual([new FakeExcelError("#N/A", "lecture du classeur impossible : classeur fermé")]);
  });

  test("the computation throws", async () => {
    const broken = snapshot(register());
    broken.results = () => {
      throw new Error("boom");
    };
    runtime.setIndicatorSource(new FakeSource(broken));
    const cell = new Cell();
    functions.indicator("T1", null as unknown as number, NONE, cell);
    await flush();
    expect(cell.results).toEqual([new FakeExcelError("#N/A", "calcul impossible : boom")]);
  });
});

describe("runtime", () => {
  test("getIndicatorSource waits until the source is set, then resolves at once", async () => {
    const got: unknown[] = [];
    void runtime.getIndicatorSource().then((s) => got.push(s));
    await flush();
    expect(got).toEqual([]);
    const source = new FakeSource(snapshot(register()));
    runtime.setIndicatorSource(source);
    await flush();
    expect(got).toEqual([source]);
    await expect(runtime.getIndicatorSource()).resolves.toBe(source);
  });

  test("a source set by another copy of the module (another bundle) is seen", async () => {
    const source = new FakeSource(snapshot(register()));
    jest.isolateModules(() => {
       
      (require("../../src/functions/runtime") as typeof Runtime).setIndicatorSource(source);
    });
    await expect(runtime.getIndicatorSource()).resolves.toBe(source);
  });
});

test("the functions never write to the workbook: no Office.js call in src/functions", () => {
   
  const fs = require("fs") as typeof import("fs");
  const dir = `${__dirname}/../../src/functions`;
  for (const f of fs.readdirSync(dir).filter((n: string) => n.endsWith(".ts"))) {
    const text = fs.readFileSync(`${dir}/${f}`, "utf8");
    expect({ file: f, office: /\bExcel\.run\b|\bOffice\.context\b|\.getRange\(|\.values\s*=/.test(text) }).toEqual({ file: f, office: false });
  }
});
