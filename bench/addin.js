#!/usr/bin/env node
"use strict";
/**
 * `npm run bench`, section 3: the Excel add-in's requests against the in-memory Excel of the tests
 * (test/excel/fake-excel.ts, which serializes every command and refuses a request or a response
 * over 5 MB, as Excel on the web does). For registers of 100, 10,000 and 100,000 contracts
 * (50 columns, bench/run.js's generator), each in its own process:
 *   - reading the workbook: syncs, largest response;
 *   - a refresh of the dashboards over existing ones (same sheets, new content): TdB 1, TdB 2 and
 *     « Détail des indicateurs » (at most 500 contracts per indicator) with the boards' links to
 *     it: syncs, requests, bytes per request (largest, mean), time, rows of the detail sheet;
 *   - a drill-down sheet of one row per contract (a list longer than the add-in ever writes):
 *     syncs and largest request;
 *   - the engine with and without the drill-down (computeIndicators, median of 3, and the heap the
 *     drill-down keeps): what the store's choice of computing it only when asked saves;
 *   - the process's peak memory (resident set, fake Excel included: it holds every cell as an
 *     object, several times what Excel needs).
 * Excel's row limit (1,048,575 contracts, 52 M cells with the fake's 46.9 M non-empty) is measured
 * with `--sizes 1048575` (or `npm run bench -- --addin-sizes 100000,1048575`): about 10 GB and
 * several minutes on the fake, too much for the default run on a shared 2-core machine.
 * The time is the adapter's and the fake's work in Node, not Excel's: it shows how the number and
 * size of requests grow, not how long Excel takes.
 *
 *   node bench/addin.js [--sizes 100,10000,100000]
 *
 * The TypeScript sources are compiled on the fly (typescript's transpileModule): the adapter
 * needs the Office.js types, which lib/ (the command line's build) leaves out.
 */
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const ROOT = path.join(__dirname, "..");

function registerTypeScript() {
  const ts = require("typescript");
  require.extensions[".ts"] = (module, filename) => {
    const out = ts.transpileModule(fs.readFileSync(filename, "utf8"), {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true, resolveJsonModule: true },
    });
    module._compile(out.outputText, filename);
  };
}

const mb = (b) => b / 1024 / 1024;
const fmt = (x, d = 0) => x.toLocaleString("fr-FR", { minimumFractionDigits: d, maximumFractionDigits: d });

/** Child: one size. Prints one JSON line. */
async function child(n) {
  const start = process.hrtime.bigint();
  registerTypeScript();
  const { buildRows } = require("./run.js");
  const { FakeWorkbook } = require(path.join(ROOT, "test/excel/fake-excel.ts"));
  const { OfficeWorkbook } = require(path.join(ROOT, "src/excel/office-workbook.ts"));
  const { ALL_CAPABILITIES } = require(path.join(ROOT, "src/excel/capabilities.ts"));
  const { SpaserStore } = require(path.join(ROOT, "src/excel/store.ts"));
  const { refreshDashboards } = require(path.join(ROOT, "src/excel/refresh.ts"));
  const { buildDashboardPlans } = require(path.join(ROOT, "src/dashboards/index.ts"));
  const { computeIndicators } = require(path.join(ROOT, "src/indicators/engine.ts"));

  const wb = new FakeWorkbook();
  wb.addSheet("Registre").fill(buildRows(n));
  const port = new OfficeWorkbook(wb.run, { caps: ALL_CAPABILITIES });
  const store = new SpaserStore(port);
  const now = () => new Date(2025, 0, 15);
  const slice = (from) => {
    const reqs = wb.requests.slice(from);
    const bytes = reqs.map((r) => r.bytes);
    return {
      syncs: reqs.length,
      maxRequest: Math.max(0, ...bytes),
      meanRequest: bytes.length ? bytes.reduce((a, b) => a + b, 0) / bytes.length : 0,
      totalRequest: bytes.reduce((a, b) => a + b, 0),
      maxResponse: Math.max(0, ...reqs.map((r) => r.responseBytes)),
      totalResponse: reqs.reduce((a, r) => a + r.responseBytes, 0),
    };
  };

  let from = wb.requests.length;
  let t0 = process.hrtime.bigint();
  await port.readGrids();
  const read = { ...slice(from), ms: Number(process.hrtime.bigint() - t0) / 1e6 };

  const first = await refreshDashboards(store, port, buildDashboardPlans, { now });
  if (!first.ok) throw new Error(first.message);
  from = wb.requests.length;
  t0 = process.hrtime.bigint();
  const again = await refreshDashboards(store, port, buildDashboardPlans, { now });
  if (!again.ok) throw new Error(again.message);
  const refresh = { ...slice(from), ms: Number(process.hrtime.bigint() - t0) / 1e6 };
  const detailSheet = wb.sheet("Détail des indicateurs");
  const used = detailSheet ? detailSheet.used() : null;
  let links = 0;
  for (const sh of wb.sheets) for (const cell of sh.cells.values()) if (cell.hyperlink) links++;
  refresh.detailRows = used ? used.rowCount : 0;
  refresh.links = links;

  // The engine with and without the drill-down, on the register the store read.
  const reg = (await store.current()).register;
  const median = (f) => {
    const times = [];
    for (let i = 0; i < 3; i++) {
      const t = process.hrtime.bigint();
      f();
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return times.sort((a, b) => a - b)[1];
  };
  computeIndicators(reg, { detail: true });
  const engine = { plain: median(() => computeIndicators(reg, {})), detail: median(() => computeIndicators(reg, { detail: true })) };
  if (global.gc) {
    global.gc();
    const before = process.memoryUsage().heapUsed;
    const kept = computeIndicators(reg, { detail: true });
    global.gc();
    engine.heapMb = Math.max(0, (process.memoryUsage().heapUsed - before) / 1024 / 1024);
    engine.ids = Object.values(kept.indicators).reduce((s, r) => s + (r.detail ? ["numerator", "denominator", "excluded", "counted"].reduce((x, k) => x + (r.detail[k] ? r.detail[k].length : 0), 0) : 0), 0);
  }

  // A drill-down sheet: one row per contract (indicator, N° marché, objet, montant, rôle).
  // At most 100,000 rows: longer lists cost the fake minutes and say nothing more on requests.
  const rows = buildRows(Math.min(n, 100_000)).slice(1);
  const cells = [];
  rows.forEach((r, i) => {
    cells.push({ r: i, c: 0, value: "A8.R1" }, { r: i, c: 1, value: r[0] }, { r: i, c: 2, value: r[1] }, { r: i, c: 3, value: r[8] }, { r: i, c: 4, value: i % 3 ? "numérateur" : "dénominateur seul" });
  });
  const detail = {
    name: "Détail des indicateurs",
    kind: "detail",
    columnWidths: [10, 12, 50, 14, 18],
    rowHeights: {},
    styles: {},
    cells,
    merges: [],
    conditionalFormats: [],
    charts: [],
    print: { orientation: "landscape", paperSize: "A4", fitToWidth: 1, fitToHeight: 0, header: {}, footer: {} },
    rowCount: rows.length,
    colCount: 5,
    showGridLines: false,
  };
  from = wb.requests.length;
  t0 = process.hrtime.bigint();
  await port.writeDashboards([detail]);
  const drill = { ...slice(from), ms: Number(process.hrtime.bigint() - t0) / 1e6 };
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ n, read, refresh, drill, engine, peakMb, totalMs: Number(process.hrtime.bigint() - start) / 1e6, limit: 5 * 1024 * 1024 }) + "\n");
}

/** Section 3 of `npm run bench`. */
function addinReport(sizes = [100, 10_000, 100_000]) {
  console.log("\n5. Complément Excel : requêtes vers Excel (Excel simulé des tests, limite de 5 Mo par requête et par réponse comme Excel sur le web)");
  for (const n of sizes) {
    // The fake holds each cell as an object: about 10 GB at Excel's row limit.
    const heap = n > 200_000 ? 20_000 : 4096;
    const p = spawnSync(process.execPath, [`--max-old-space-size=${heap}`, "--expose-gc", __filename, "--child", String(n)], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (p.status !== 0) {
      console.log(`   ${fmt(n).padStart(7)} contrats : ÉCHEC — ${p.stderr.split("\n").slice(0, 3).join(" ")}`);
      continue;
    }
    const r = JSON.parse(p.stdout.trim().split("\n").pop());
    const ok = Math.max(r.read.maxResponse, r.refresh.maxRequest, r.drill.maxRequest, r.refresh.maxResponse) <= r.limit;
    console.log(
      `   ${fmt(n).padStart(7)} contrats : lecture ${r.read.syncs} syncs (réponse max ${fmt(mb(r.read.maxResponse), 2)} Mo, ${fmt(mb(r.read.totalResponse), 1)} Mo en tout, ${fmt(r.read.ms)} ms)` +
        ` ; actualisation sur place avec le détail (${fmt(r.refresh.detailRows)} lignes, ${fmt(r.refresh.links)} liens) ${r.refresh.syncs} syncs, ${r.refresh.syncs} requêtes (max ${fmt(mb(r.refresh.maxRequest), 2)} Mo, moyenne ${fmt(mb(r.refresh.meanRequest), 2)} Mo ; lecture comprise), ${fmt(r.refresh.ms)} ms` +
        ` ; feuille de détail de ${fmt(Math.min(n, 100_000))} lignes : ${r.drill.syncs} syncs (requête max ${fmt(mb(r.drill.maxRequest), 2)} Mo, ${fmt(mb(r.drill.totalRequest), 1)} Mo en tout), ${fmt(r.drill.ms)} ms` +
        ` — ${ok ? "toutes sous 5 Mo" : "LIMITE DÉPASSÉE"}` +
        ` ; moteur sans / avec le détail ${fmt(r.engine.plain)} / ${fmt(r.engine.detail)} ms${r.engine.heapMb !== undefined ? ` (détail : ${fmt(r.engine.ids)} identifiants, ${fmt(r.engine.heapMb, 1)} Mo)` : ""}` +
        ` ; processus entier ${fmt(r.totalMs / 1000, 1)} s, mémoire max ${fmt(r.peakMb)} Mo`,
    );
  }
}

module.exports = { addinReport };

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv[0] === "--child") {
    child(Number(argv[1])).catch((e) => {
      console.error(e && e.stack ? e.stack : String(e));
      process.exitCode = 1;
    });
  } else {
    const i = argv.indexOf("--sizes");
    addinReport(i >= 0 ? argv[i + 1].split(",").map(Number) : undefined);
  }
}
