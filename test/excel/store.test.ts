/** The store shared by the pane, the ribbon command and the custom functions. */
import { SpaserStore } from "../../src/excel/store";
import type { WorkbookChange, WorkbookGrids } from "../../src/excel/port";
import { computeIndicators } from "../../src/indicators/engine";
import type { Cell } from "../../src/register/types";
import { REGISTER_HEADERS } from "./helpers";

class FakePort {
  rows: Cell[][];
  reads = 0;
  listener: ((c: WorkbookChange) => void) | null = null;
  constructor(rows: Cell[][]) {
    this.rows = rows;
  }
  async readGrids(): Promise<WorkbookGrids> {
    this.reads++;
    return { grids: [{ sheet: "Registre", rows: this.rows.map((r) => [...r]) }], sheetNames: ["Registre"] };
  }
  async onChange(l: (c: WorkbookChange) => void) {
    this.listener = l;
    return () => (this.listener = null);
  }
}

const row = (id: string, serial: number, insertion: string): Cell[] => [id, "Objet", 100_000, serial, "Appel d'offres ouvert", insertion, "non", "", "oui", "Services"];
// 2023-06-01 = 45078, 2024-06-01 = 45444 (Excel serials)
const ROWS: Cell[][] = [REGISTER_HEADERS, row("A", 45078, "oui"), row("B", 45444, "oui"), row("C", 45444, "non")];

describe("SpaserStore", () => {
  afterEach(() => jest.useRealTimers());

  test("a burst of changes gives one read, and one engine pass however many times the results are asked for", async () => {
    jest.useFakeTimers();
    const port = new FakePort(ROWS);
    let passes = 0;
    const store = new SpaserStore(port, { debounceMs: 500, compute: (r, o) => (passes++, computeIndicators(r, o)) });
    await store.start();
    expect(port.reads).toBe(1);
    const seen: number[] = [];
    store.subscribe((s) => seen.push(s.version));

    port.rows = [...ROWS, row("D", 45444, "oui")];
    for (let i = 0; i < 5; i++) port.listener?.({ worksheetId: "x" });
    await jest.advanceTimersByTimeAsync(499);
    expect(port.reads).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(port.reads).toBe(2);
    expect(seen).toHaveLength(1);

    const snap = await store.current();
    expect(snap.year).toBe(2024);
    for (let i = 0; i < 10; i++) snap.results();
    expect(passes).toBe(1);
    // 2024: B (oui), C (non), D (oui) → T3 clause d'insertion among formalised = 2 / 3
    expect(snap.results()?.indicators.T3).toMatchObject({ numerator: 2, denominator: 3 });
  });

  test("current() after a change and before the pause ends never gives the stale register", async () => {
    jest.useFakeTimers();
    const port = new FakePort(ROWS);
    const store = new SpaserStore(port, { debounceMs: 10_000 });
    await store.start();
    port.rows = [...ROWS, row("D", 45444, "oui")];
    port.listener?.({});
    const snap = await store.current();
    expect(snap.register?.contracts.map((c) => c.id)).toEqual(["A", "B", "C", "D"]);
  });

  test("the year and step chosen in the pane are the snapshot's; results follow them", async () => {
    const port = new FakePort(ROWS);
    const store = new SpaserStore(port);
    await store.start();
    store.setYear(2023);
    store.setEtape(2);
    const snap = await store.current();
    expect(snap.year).toBe(2023);
    expect(snap.etape).toBe(2);
    // 2023: A only, with a clause → 1 / 1; target of step 2 for T3 = 80 %
    expect(snap.results()?.indicators.T3).toMatchObject({ value: 1, numerator: 1, denominator: 1, target: 0.8 });
    store.stop();
  });

  test("no register: the snapshot says why, in French", async () => {
    const port = new FakePort([["Nom", "Prénom"], ["Dupont", "Anne"]]);
    const store = new SpaserStore(port);
    const snap = await store.start();
    expect(snap.register).toBeNull();
    expect(snap.results()).toBeNull();
    expect(snap.message).toMatch(/^Aucun registre des marchés trouvé/);
  });

  test("the drill-down is computed only when asked for, then from the start of the next reads while something asks for it: one engine pass per change", async () => {
    jest.useFakeTimers();
    const port = new FakePort(ROWS);
    const seen: boolean[] = [];
    const store = new SpaserStore(port, { debounceMs: 10, compute: (r, o) => (seen.push(!!o.detail), computeIndicators(r, o)) });
    await store.start();
    let snap = await store.current();
    snap.results();
    expect(seen).toEqual([false]);
    expect(snap.results()?.indicators.T3.detail).toBeUndefined();
    // A =SPASER.CONTRATS cell (or the pane's list) asks: one more pass, with the drill-down.
    // 2024: B (insertion oui) and C (non), both formalised → T3 numerator B, denominator B and C.
    expect(snap.results(null, { detail: true })?.indicators.T3.detail).toEqual({ numerator: ["B"], denominator: ["B", "C"], excluded: [] });
    expect(seen).toEqual([false, true]);
    // Results with the drill-down answer the questions without it: no third pass.
    snap.results();
    expect(seen).toEqual([false, true]);

    // The register changes: the drill-down is computed from the first pass, once.
    port.rows = [...ROWS, row("D", 45444, "oui")];
    port.listener?.({});
    await jest.advanceTimersByTimeAsync(10);
    snap = await store.current();
    snap.results();
    snap.results(null, { detail: true });
    expect(seen).toEqual([false, true, true]);
    expect(store.enginePasses).toBe(3);

    // Nothing asks for it on that register: the next one is computed without it again.
    port.rows = [...ROWS];
    port.listener?.({});
    await jest.advanceTimersByTimeAsync(10);
    (await store.current()).results();
    port.listener?.({});
    await jest.advanceTimersByTimeAsync(10);
    (await store.current()).results();
    expect(seen).toEqual([false, true, true, true, false]);
    store.stop();
  });

  test("the entity chosen in the pane: the snapshot's, its own cache; an unknown one fails once per register", async () => {
    const withEntity: Cell[][] = [
      [...REGISTER_HEADERS, "Entité"],
      [...row("A", 45444, "oui"), "Ville"],
      [...row("B", 45444, "non"), "Métropole"],
    ];
    const port = new FakePort(withEntity);
    let passes = 0;
    const store = new SpaserStore(port, { compute: (r, o) => (passes++, computeIndicators(r, o)) });
    await store.start();
    store.setEntity("Ville");
    const snap = await store.current();
    expect(snap.entity).toBe("Ville");
    // T3 2024: Ville A (oui) → 1 / 1; the whole register A, B → 1 / 2
    expect(snap.results()?.indicators.T3).toMatchObject({ numerator: 1, denominator: 1 });
    expect(snap.results(null, { entity: null })?.indicators.T3).toMatchObject({ numerator: 1, denominator: 2 });
    expect(passes).toBe(2);
    for (let i = 0; i < 10; i++) expect(() => snap.results(null, { entity: "Département" })).toThrow("entité « Département » introuvable dans le registre : entités trouvées « Ville », « Métropole »");
    expect(passes).toBe(3);
    store.setEntity(null);
    expect((await store.current()).results()?.entity).toBeUndefined();
    store.stop();
  });
});
