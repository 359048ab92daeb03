/**
 * An in-memory Excel that behaves like Office.js where the adapter depends on it:
 * - commands are queued and applied in order at `context.sync()`, which is counted;
 * - a property can be read only after `load` and a sync (otherwise it throws, as Office.js does);
 * - a failing command stops the batch at that command: the commands before it stay applied;
 * - a string written to a cell whose number format is not Text ("@") and that starts with "=" is
 *   taken as a formula, as Excel does.
 * Everything it does not model (formats, charts, page layout…) is recorded as a log of calls.
 */
import type { Cell } from "../../src/register/types";

export interface FakeCell {
  value: string | number | boolean;
  numberFormat: string;
  formula?: boolean;
}

export interface LogEntry {
  path: string;
  value?: unknown;
}

export class FakeSheet {
  cells = new Map<string, FakeCell>();
  log: LogEntry[] = [];
  deleted = false;
  constructor(
    public id: string,
    public name: string,
  ) {}

  set(r: number, c: number, value: string | number | boolean, numberFormat?: string): void {
    const prev = this.cells.get(`${r},${c}`);
    const fmt = numberFormat ?? prev?.numberFormat ?? "General";
    if (value === "") {
      if (numberFormat !== undefined) this.cells.set(`${r},${c}`, { value: "", numberFormat: fmt });
      else this.cells.delete(`${r},${c}`);
      return;
    }
    const formula = typeof value === "string" && value.startsWith("=") && fmt !== "@";
    this.cells.set(`${r},${c}`, { value, numberFormat: fmt, ...(formula ? { formula } : {}) });
  }

  /** A number format changes how a cell shows, not what it holds (a formula stays a formula). */
  setFormat(r: number, c: number, numberFormat: string): void {
    const prev = this.cells.get(`${r},${c}`);
    this.cells.set(`${r},${c}`, { ...(prev ?? { value: "" }), numberFormat });
  }

  get(r: number, c: number): FakeCell | undefined {
    return this.cells.get(`${r},${c}`);
  }

  /** Bounding box of the cells that hold a value. */
  used(): { rowIndex: number; columnIndex: number; rowCount: number; columnCount: number } | null {
    let r0 = Infinity, c0 = Infinity, r1 = -1, c1 = -1;
    for (const [k, cell] of this.cells) {
      if (cell.value === "") continue;
      const [r, c] = k.split(",").map(Number);
      r0 = Math.min(r0, r); c0 = Math.min(c0, c); r1 = Math.max(r1, r); c1 = Math.max(c1, c);
    }
    return r1 < 0 ? null : { rowIndex: r0, columnIndex: c0, rowCount: r1 - r0 + 1, columnCount: c1 - c0 + 1 };
  }

  /** Writes a grid of values from a cell (test set-up, no sync). */
  fill(rows: Cell[][], r0 = 0, c0 = 0): this {
    rows.forEach((row, r) => row.forEach((v, c) => {
      if (v !== null && v !== undefined && v !== "") this.set(r0 + r, c0 + c, v as string | number | boolean);
    }));
    return this;
  }

  calls(prefix: string): LogEntry[] {
    return this.log.filter((e) => e.path.startsWith(prefix));
  }
}

export interface FakeTable {
  name: string;
  sheet: FakeSheet;
  r0: number;
  c0: number;
  rows: number;
  cols: number;
}

export class ExcelError extends Error {
  constructor(public code: string, message: string) {
    super(message);
  }
}

export class FakeWorkbook {
  sheets: FakeSheet[] = [];
  tables: FakeTable[] = [];
  settings = new Map<string, unknown>();
  syncs = 0;
  runs = 0;
  appLog: string[] = [];
  /** Makes the command whose path matches fail (code GeneralException). */
  failOn: ((path: string, sheet: FakeSheet | null) => boolean) | null = null;
  handlers: { event: string; handler: (ev: { worksheetId?: string }) => unknown }[] = [];
  private nextId = 1;

  addSheet(name: string): FakeSheet {
    const s = new FakeSheet(`{sheet-${this.nextId++}}`, name);
    this.sheets.push(s);
    return s;
  }

  addTable(name: string, sheet: FakeSheet, r0: number, c0: number, rows: Cell[][]): FakeTable {
    sheet.fill(rows, r0, c0);
    const t = { name, sheet, r0, c0, rows: rows.length, cols: Math.max(...rows.map((r) => r.length)) };
    this.tables.push(t);
    return t;
  }

  sheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  /** What Excel.run does: a new context, the batch, its result. */
  run = async <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => {
    this.runs++;
    const ctx = new FakeContext(this);
    return batch(ctx as unknown as Excel.RequestContext);
  };

  fire(event: string, worksheetId?: string): void {
    for (const h of this.handlers) if (h.event === event) void h.handler({ worksheetId });
  }

  newSheetId(): string {
    return `{sheet-${this.nextId++}}`;
  }
}

type Op = { path: string; sheet: FakeSheet | null; apply: () => void };

class NotLoadedError extends Error {
  code = "PropertyNotLoaded";
}

/** A value that exists once its command has run. */
class Ref<T> {
  value: T | undefined;
  get(): T {
    if (this.value === undefined) throw new ExcelError("ItemNotFound", "object not created");
    return this.value;
  }
}

export class FakeContext {
  queue: Op[] = [];
  workbook: unknown;
  application: unknown;
  constructor(public wb: FakeWorkbook) {
    this.workbook = makeWorkbook(this);
    this.application = {
      suspendApiCalculationUntilNextSync: () => this.push("application.suspendApiCalculationUntilNextSync", null, () => wb.appLog.push("suspendCalc")),
      suspendScreenUpdatingUntilNextSync: () => this.push("application.suspendScreenUpdatingUntilNextSync", null, () => wb.appLog.push("suspendScreen")),
    };
  }

  push(path: string, sheet: FakeSheet | null, apply: () => void): void {
    this.queue.push({ path, sheet, apply });
  }

  async sync(): Promise<void> {
    this.wb.syncs++;
    const q = this.queue;
    this.queue = [];
    for (const op of q) {
      if (this.wb.failOn?.(op.path, op.sheet)) throw new ExcelError("GeneralException", `Échec simulé sur ${op.path}`);
      op.apply();
    }
  }
}

function loadedGetter<T>(loaded: { ok: boolean; value?: T }, what: string): T {
  if (!loaded.ok) throw new NotLoadedError(`The property '${what}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`);
  return loaded.value as T;
}

/** Records every access below `path` as calls on the sheet's log (formats, charts, page layout…). */
function recorder(ctx: FakeContext, sheetRef: Ref<FakeSheet>, path: string): unknown {
  const target = function () {
    /* callable */
  };
  return new Proxy(target, {
    get(_, prop) {
      if (prop === "then" || typeof prop === "symbol") return undefined;
      if (prop === "__path") return path;
      return recorder(ctx, sheetRef, path ? `${path}.${String(prop)}` : String(prop));
    },
    set(_, prop, value) {
      const p = path ? `${path}.${String(prop)}` : String(prop);
      ctx.push(p, sheetRef.value ?? null, () => sheetRef.get().log.push({ path: p, value }));
      return true;
    },
    apply(_, __, args: unknown[]) {
      const shown = args.map((a) =>
        typeof a === "function" ? (a as unknown as { __path: string }).__path : typeof a === "object" && a !== null ? (isRange(a) ? (a as { __address: string }).__address : JSON.stringify(a)) : String(a),
      );
      const p = `${path}(${shown.join(",")})`;
      ctx.push(p, sheetRef.value ?? null, () => sheetRef.get().log.push({ path: p, value: args }));
      return recorder(ctx, sheetRef, p);
    },
  });
}

function isRange(a: object): boolean {
  return "__address" in a;
}

function makeRange(ctx: FakeContext, sheetRef: Ref<FakeSheet>, dims: () => { r: number; c: number; n: number; m: number } | null, label: string): unknown {
  const loaded: Record<string, { ok: boolean; value?: unknown }> = {};
  const rec = recorder(ctx, sheetRef, label) as Record<string, unknown>;
  const self: Record<string, unknown> = {
    __address: label,
    load(props: string) {
      for (const p of props.split(",").map((x) => x.trim())) loaded[p] = { ok: false };
      ctx.push(`${label}.load(${props})`, sheetRef.value ?? null, () => {
        const d = dims();
        if (!d) {
          loaded.isNullObject = { ok: true, value: true };
          return;
        }
        loaded.isNullObject = { ok: true, value: false };
        for (const p of props.split(",").map((x) => x.trim())) {
          if (p === "values") {
            const sheet = sheetRef.get();
            const out: (string | number | boolean)[][] = [];
            for (let i = 0; i < d.n; i++) {
              const row: (string | number | boolean)[] = [];
              for (let j = 0; j < d.m; j++) row.push(sheet.get(d.r + i, d.c + j)?.value ?? "");
              out.push(row);
            }
            loaded.values = { ok: true, value: out };
          } else if (p === "rowIndex") loaded[p] = { ok: true, value: d.r };
          else if (p === "columnIndex") loaded[p] = { ok: true, value: d.c };
          else if (p === "rowCount") loaded[p] = { ok: true, value: d.n };
          else if (p === "columnCount") loaded[p] = { ok: true, value: d.m };
        }
      });
      return self;
    },
  };
  return new Proxy(self, {
    get(t, prop) {
      if (typeof prop === "symbol") return undefined;
      if (prop in t) return t[prop];
      if (["values", "rowIndex", "columnIndex", "rowCount", "columnCount", "isNullObject"].includes(prop)) return loadedGetter(loaded[prop] ?? { ok: false }, prop);
      return rec[prop];
    },
    set(_, prop, value) {
      const p = String(prop);
      if (p === "values" || p === "numberFormat") {
        ctx.push(`${label}.${p}`, sheetRef.value ?? null, () => {
          const d = dims();
          if (!d) throw new ExcelError("InvalidArgument", "no range");
          const m = value as unknown[][];
          if (m.length !== d.n || m.some((row) => row.length !== d.m)) throw new ExcelError("InvalidArgument", `${p}: ${m.length}×${m[0]?.length} for a ${d.n}×${d.m} range`);
          const sheet = sheetRef.get();
          for (let i = 0; i < d.n; i++)
            for (let j = 0; j < d.m; j++) {
              if (p === "numberFormat") sheet.setFormat(d.r + i, d.c + j, String(m[i][j]));
              else sheet.set(d.r + i, d.c + j, m[i][j] as string | number | boolean);
            }
        });
        return true;
      }
      rec[p] = value;
      return true;
    },
  });
}

function makeSheet(ctx: FakeContext, ref: Ref<FakeSheet>, label: string): unknown {
  const loaded: Record<string, { ok: boolean; value?: unknown }> = {};
  const rec = recorder(ctx, ref, "") as Record<string, unknown>;
  const self: Record<string, unknown> = {
    load(props: string) {
      const list = props.split(",").map((x) => x.trim());
      ctx.push(`${label}.load(${props})`, ref.value ?? null, () => {
        for (const p of list) loaded[p] = { ok: true, value: (ref.get() as unknown as Record<string, unknown>)[p] };
      });
      return self;
    },
    delete() {
      ctx.push(`${label}.delete()`, ref.value ?? null, () => {
        const s = ref.get();
        s.deleted = true;
        ctx.wb.sheets = ctx.wb.sheets.filter((x) => x !== s);
        ctx.wb.tables = ctx.wb.tables.filter((t) => t.sheet !== s);
      });
    },
    activate() {
      ctx.push(`${label}.activate()`, ref.value ?? null, () => ctx.wb.appLog.push(`activate ${ref.get().name}`));
    },
    getRangeByIndexes(r: number, c: number, n: number, m: number) {
      return makeRange(ctx, ref, () => ({ r, c, n, m }), `getRangeByIndexes(${r},${c},${n},${m})`);
    },
    getUsedRangeOrNullObject() {
      return makeRange(ctx, ref, () => {
        const u = ref.get().used();
        return u ? { r: u.rowIndex, c: u.columnIndex, n: u.rowCount, m: u.columnCount } : null;
      }, "getUsedRangeOrNullObject()");
    },
    tables: {
      add(range: { __address: string }, hasHeaders: boolean) {
        const t: Partial<FakeTable> = {};
        const m = /getRangeByIndexes\((\d+),(\d+),(\d+),(\d+)\)/.exec(range.__address);
        ctx.push(`tables.add(${range.__address},${hasHeaders})`, ref.value ?? null, () => {
          if (!m) throw new ExcelError("InvalidArgument", "table range");
          Object.assign(t, { name: `Tableau${ctx.wb.tables.length + 1}`, sheet: ref.get(), r0: +m[1], c0: +m[2], rows: +m[3], cols: +m[4] });
          ctx.wb.tables.push(t as FakeTable);
        });
        const tableRec = recorder(ctx, ref, "table") as Record<string, unknown>;
        return new Proxy(tableRec, {
          set(_, prop, value) {
            if (prop === "name") ctx.push("table.name", ref.value ?? null, () => (t.name = value as string));
            else tableRec[String(prop)] = value;
            return true;
          },
        });
      },
    },
  };
  return new Proxy(self, {
    get(t, prop) {
      if (typeof prop === "symbol") return undefined;
      if (prop in t) return t[prop];
      if (prop === "id" || prop === "name") return loadedGetter(loaded[prop] ?? { ok: false }, prop);
      return rec[prop];
    },
    set(_, prop, value) {
      if (prop === "name") {
        ctx.push(`${label}.name`, ref.value ?? null, () => {
          if (ctx.wb.sheets.some((s) => s !== ref.get() && s.name.toLowerCase() === String(value).toLowerCase())) throw new ExcelError("ItemAlreadyExists", "name taken");
          ref.get().name = String(value);
        });
      } else rec[String(prop)] = value;
      return true;
    },
  });
}

function makeWorkbook(ctx: FakeContext): unknown {
  const wb = ctx.wb;
  const sheetItems: { ok: boolean; value?: unknown[] } = { ok: false };
  const tableItems: { ok: boolean; value?: unknown[] } = { ok: false };
  const sheetProxy = (s: FakeSheet, loadedProps: string[]) => {
    const ref = new Ref<FakeSheet>();
    ref.value = s;
    const p = makeSheet(ctx, ref, `sheet(${s.name})`) as { load: (x: string) => void };
    // Properties loaded through the collection.
    const loaded = { id: s.id, name: s.name };
    return new Proxy(p, {
      get(t, prop) {
        if ((prop === "id" || prop === "name") && loadedProps.includes(prop)) return loaded[prop];
        return (t as Record<string | symbol, unknown>)[prop];
      },
    });
  };
  const event = (name: string) => ({
    add(handler: (ev: { worksheetId?: string }) => unknown) {
      const h = { event: name, handler };
      wb.handlers.push(h);
      return { remove: () => (wb.handlers = wb.handlers.filter((x) => x !== h)) };
    },
  });
  const worksheets = {
    load(props: string) {
      const list = props.replace(/items\//g, "").split(",").map((x) => x.trim());
      ctx.push(`worksheets.load(${props})`, null, () => {
        sheetItems.ok = true;
        sheetItems.value = wb.sheets.map((s) => sheetProxy(s, list));
      });
    },
    get items() {
      return loadedGetter(sheetItems, "items");
    },
    add(name: string) {
      const ref = new Ref<FakeSheet>();
      ctx.push(`worksheets.add(${name})`, null, () => {
        if (wb.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase())) throw new ExcelError("ItemAlreadyExists", `sheet ${name} exists`);
        ref.value = new FakeSheet(wb.newSheetId(), name);
        wb.sheets.push(ref.value);
      });
      return makeSheet(ctx, ref, `new(${name})`);
    },
    getItem(name: string) {
      const ref = new Ref<FakeSheet>();
      ctx.push(`worksheets.getItem(${name})`, null, () => {
        const s = wb.sheets.find((x) => x.name.toLowerCase() === name.toLowerCase());
        if (!s) throw new ExcelError("ItemNotFound", `sheet ${name} not found`);
        ref.value = s;
      });
      return makeSheet(ctx, ref, `item(${name})`);
    },
    onChanged: event("worksheets.onChanged"),
    onAdded: event("worksheets.onAdded"),
    onDeleted: event("worksheets.onDeleted"),
  };
  const tables = {
    load(props: string) {
      ctx.push(`tables.load(${props})`, null, () => {
        tableItems.ok = true;
        tableItems.value = wb.tables.map((t) => {
          const ref = new Ref<FakeSheet>();
          ref.value = t.sheet;
          return {
            name: t.name,
            worksheet: Object.assign(sheetProxy(t.sheet, ["id", "name"]) as object),
            getRange: () => makeRange(ctx, ref, () => ({ r: t.r0, c: t.c0, n: t.rows, m: t.cols }), `table(${t.name})`),
          };
        });
      });
    },
    get items() {
      return loadedGetter(tableItems, "items");
    },
    onAdded: event("tables.onAdded"),
  };
  const settings = {
    getItemOrNullObject(key: string) {
      const st: { ok: boolean; value?: unknown; isNull?: boolean } = { ok: false };
      return {
        load() {
          ctx.push(`settings.load(${key})`, null, () => {
            st.ok = true;
            st.isNull = !wb.settings.has(key);
            st.value = wb.settings.get(key);
          });
        },
        get isNullObject() {
          return loadedGetter({ ok: st.ok, value: st.isNull }, "isNullObject");
        },
        get value() {
          return loadedGetter(st, "value");
        },
      };
    },
    add(key: string, value: unknown) {
      ctx.push(`settings.add(${key})`, null, () => wb.settings.set(key, value));
    },
  };
  return { worksheets, tables, settings };
}
