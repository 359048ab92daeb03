/**
 * Issues 11–13 on the add-in side, against the in-memory Excel of fake-excel.ts: the « Détail des
 * indicateurs » sheet and the boards' links to it, the entity chosen in the pane, the committee's
 * decisions typed in « Cotation CAD » read back into the figures, the « Référentiel » sheet the
 * add-in creates and follows, and the register row a click in the pane selects.
 */
import { OfficeWorkbook } from "../../src/excel/office-workbook";
import { SpaserStore } from "../../src/excel/store";
import { createReferential, refreshCotation, refreshDashboards } from "../../src/excel/refresh";
import { detectCapabilities } from "../../src/excel/capabilities";
import { buildDashboardPlans, DETAIL_NAME } from "../../src/dashboards";
import type { Cell } from "../../src/register/types";
import { FakeSheet, FakeWorkbook, MAX_PAYLOAD_BYTES } from "./fake-excel";
import { registerRows, REGISTER_HEADERS, SERIAL_2024_01_01 } from "./helpers";

const NOW = () => new Date(2025, 0, 15, 10, 30);
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setup(wb: FakeWorkbook, api = "1.17") {
  wb.apiVersion = api;
  // Before ExcelApi 1.14, a cotation sheet's change within 50 ms of a write is the write's own.
  const port = new OfficeWorkbook(wb.run, { caps: detectCapabilities(wb.requirements), ownEventGraceMs: 50 });
  const store = new SpaserStore(port, { debounceMs: 20, retryDelaysMs: [40, 80], idle: () => port.exclusive.idle() });
  return { wb, port, store, refresh: () => refreshDashboards(store, port, buildDashboardPlans, { now: NOW }) };
}

function withRegister(n: number): FakeWorkbook {
  const wb = new FakeWorkbook();
  wb.addSheet("Registre").fill(registerRows(n));
  return wb;
}

/** Cells of a sheet holding a hyperlink: { at: "A12", text, target }. */
function links(sheet: FakeSheet): { r: number; c: number; text: unknown; target: string | undefined }[] {
  const out: { r: number; c: number; text: unknown; target: string | undefined }[] = [];
  for (const [k, cell] of sheet.cells) {
    if (!cell.hyperlink) continue;
    const [r, c] = k.split(",").map(Number);
    out.push({ r, c, text: cell.value, target: cell.hyperlink.documentReference });
  }
  return out.sort((a, b) => a.r - b.r || a.c - b.c);
}

/** The cell an A1 reference `'Sheet'!A12` points at: [sheet name, row, col]. */
function pointed(target: string): [string, number, number] {
  const m = /^(?:'((?:[^']|'')+)'|([^!]+))!([A-Z]+)(\d+)$/.exec(target);
  if (!m) throw new Error(`not an A1 reference: ${target}`);
  const col = m[3].split("").reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return [(m[1] ?? m[2]).replace(/''/g, "'"), Number(m[4]) - 1, col];
}

describe("the dashboards with their drill-down", () => {
  test("a refresh writes TdB 1, TdB 2 and « Détail des indicateurs »; each indicator id of the boards links to its block, underlined", async () => {
    const s = setup(withRegister(40));
    const outcome = await s.refresh();
    expect(outcome.ok).toBe(true);
    expect(outcome.sheets).toEqual(["TdB 1 - Déploiement", "TdB 2 - Actions", DETAIL_NAME]);
    const tdb1 = s.wb.sheet("TdB 1 - Déploiement")!;
    const detail = s.wb.sheet(DETAIL_NAME)!;
    const l1 = links(tdb1);
    const t1 = l1.find((l) => l.text === "T1");
    expect(t1).toBeDefined();
    // Where the link goes: the detail sheet, on the cell holding the id that opens T1's block.
    const [sheet, r, c] = pointed(t1!.target!);
    expect(sheet).toBe(DETAIL_NAME);
    expect(detail.value(r, c)).toBe("T1");
    // Every link of both boards goes to a block of the detail sheet opened by an indicator id.
    for (const board of [tdb1, s.wb.sheet("TdB 2 - Actions")!]) {
      const ls = links(board);
      expect(ls.length).toBeGreaterThan(5);
      for (const l of ls) {
        const [name, row, col] = pointed(l.target!);
        expect({ name, id: typeof detail.value(row, col) }).toEqual({ name: DETAIL_NAME, id: "string" });
        expect(board.get(l.r, l.c)?.style?.["font.underline"]).toBe("Single");
      }
    }
  });

  test("refreshed again: the same three sheets, rewritten in place, links drawn again", async () => {
    const s = setup(withRegister(40));
    await s.refresh();
    const sheets = [...s.wb.sheets];
    const before = links(s.wb.sheet("TdB 2 - Actions")!).length;
    const again = await s.refresh();
    expect(again.ok).toBe(true);
    expect(s.wb.sheets).toEqual(sheets);
    expect(links(s.wb.sheet("TdB 2 - Actions")!)).toHaveLength(before);
  });

  test("a user's sheet named « Détail des indicateurs » is left alone; the links go to the add-in's « (2) »", async () => {
    const wb = withRegister(20);
    const mine = wb.addSheet(DETAIL_NAME).fill([["mes notes"]]);
    const s = setup(wb);
    const outcome = await s.refresh();
    expect(outcome.sheets).toEqual(["TdB 1 - Déploiement", "TdB 2 - Actions", `${DETAIL_NAME} (2)`]);
    expect(mine.log).toEqual([]);
    const targets = links(s.wb.sheet("TdB 1 - Déploiement")!).map((l) => pointed(l.target!)[0]);
    expect(new Set(targets)).toEqual(new Set([`${DETAIL_NAME} (2)`]));
  });

  test("an Excel without hyperlinks (before ExcelApi 1.7): the ids as plain text, and the message says so", async () => {
    const s = setup(withRegister(20), "1.6");
    const outcome = await s.refresh();
    expect(outcome.ok).toBe(true);
    expect(outcome.message).toMatch(/Attention : graphiques et liens vers le détail des indicateurs non dessinés/);
    const tdb1 = s.wb.sheet("TdB 1 - Déploiement")!;
    expect(links(tdb1)).toEqual([]);
    expect([...tdb1.cells.values()].some((c) => c.value === "T1")).toBe(true);
  });

  test("10 000 contracts: every request and response under 5 MB; the detail lists at most 500 contracts per indicator", async () => {
    const s = setup(withRegister(10_000));
    const outcome = await s.refresh();
    expect(outcome.ok).toBe(true);
    expect(Math.max(...s.wb.requests.map((r) => Math.max(r.bytes, r.responseBytes)))).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    const detail = s.wb.sheet(DETAIL_NAME)!;
    // T1: the 10 000 contracts of 2024 (helpers.ts) are its denominator, one line each: 500 listed
    // and the 9 500 others counted.
    const texts = [...detail.cells.values()].map((c) => String(c.value));
    expect(texts.filter((t) => /^… et 9\s500 autres lignes : la liste complète est donnée par =SPASER\.CONTRATS\("T1"\)/.test(t))).toHaveLength(1);
    // The header of the block and the 500 rows: no list longer than that.
    const perIndicator = new Map<string, number>();
    for (const [k, cell] of detail.cells) if (k.endsWith(",1") && /^M\d{6}$/.test(String(cell.value))) perIndicator.set(String(detail.value(Number(k.split(",")[0]), 0)), (perIndicator.get(String(detail.value(Number(k.split(",")[0]), 0))) ?? 0) + 1);
    expect(perIndicator.get("T1")).toBe(500);
    expect(Math.max(...perIndicator.values())).toBe(500);
  }, 120_000);
});

describe("the entity chosen in the pane", () => {
  function entities(): FakeWorkbook {
    // M1 Ville, M2 Métropole, M3 Ville (2024, all « Services », insertion clause for M1 and M3)
    const wb = new FakeWorkbook();
    wb.addSheet("Registre").fill([
      [...REGISTER_HEADERS, "Entité"],
      ["M1", "Voirie", 120_000, SERIAL_2024_01_01, "Appel d'offres ouvert", "oui", "non", "8", "oui", "Services", "Ville"],
      ["M2", "Espaces verts", 150_000, SERIAL_2024_01_01 + 10, "Appel d'offres ouvert", "non", "non", "8", "oui", "Services", "Métropole"],
      ["M3", "Éclairage", 200_000, SERIAL_2024_01_01 + 20, "Appel d'offres ouvert", "oui", "oui", "8", "oui", "Services", "Ville"],
    ]);
    return wb;
  }

  test("the dashboards of one buyer: the message and the detail sheet name it; its contracts only", async () => {
    const s = setup(entities());
    await s.store.start();
    s.store.setEntity("Ville");
    const outcome = await s.refresh();
    expect(outcome.ok).toBe(true);
    expect(outcome.message).toMatch(/\(année 2024, étape 1, entité « Ville »\)/);
    expect(outcome.entity).toBe("Ville");
    const detail = s.wb.sheet(DETAIL_NAME)!;
    const ids = new Set([...detail.cells.values()].map((c) => c.value));
    expect(ids.has("M1") && ids.has("M3")).toBe(true);
    expect(ids.has("M2")).toBe(false);
    s.store.stop();
  });

  test("the pane's figures follow the entity; a cell's default stays the whole register", async () => {
    const s = setup(entities());
    await s.store.start();
    s.store.setEntity("Métropole");
    const snap = await s.store.current();
    expect(snap.entity).toBe("Métropole");
    // A8.R1: Métropole M2 without clause → 0 / 1; the whole register M1, M3 of M1–M3 → 2 / 3
    expect(snap.results()?.indicators["A8.R1"]).toMatchObject({ numerator: 0, denominator: 1 });
    expect(snap.results(null, { entity: null })?.indicators["A8.R1"]).toMatchObject({ numerator: 2, denominator: 3 });
    s.store.stop();
  });

  test("an entity gone from the register: the refresh says so and lists the ones found, nothing is written", async () => {
    const s = setup(entities());
    await s.store.start();
    s.store.setEntity("Département");
    const outcome = await s.refresh();
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toBe(
      "Les tableaux de bord ne sont pas actualisés : entité « Département » introuvable dans le registre : entités trouvées « Ville », « Métropole ». Choisissez une autre entité dans le volet.",
    );
    expect(s.wb.sheets.map((x) => x.name)).toEqual(["Registre"]);
    s.store.stop();
  });

  test("the cotation of one buyer lists its contracts only", async () => {
    const wb = new FakeWorkbook();
    // R1 (Ville) and R2 (Métropole), recurrent, next award 01/06/2025: in the window of 01/01/2024.
    wb.addSheet("Registre").fill([
      ["N° marché", "Objet", "Montant HT", "Durée (mois)", "Date de notification", "Procédure", "Récurrent", "Entité"],
      ["R1", "Nettoyage des écoles", 120_000, 24, 45078, "Procédure adaptée", "oui", "Ville"],
      ["R2", "Entretien des voiries", 300_000, 24, 45078, "Appel d'offres ouvert", "oui", "Métropole"],
    ]);
    const s = setup(wb);
    await s.store.start();
    s.store.setEntity("ville");
    const ref = { y: 2024, m: 1, d: 1, serial: Date.UTC(2024, 0, 1) / 86_400_000 };
    const outcome = await refreshCotation(s.store, s.port, ref, { now: NOW });
    expect(outcome.message).toMatch(/^Cotation au 01\/01\/2024 \(entité « Ville »\) écrite en .* : 1 marché à présenter\./);
    const values = [...wb.sheet("Cotation CAD")!.cells.values()].map((c) => c.value);
    expect(values).toContain("R1");
    expect(values).not.toContain("R2");
    s.store.stop();
  });
});

describe("the committee's decisions typed in « Cotation CAD »", () => {
  // R1, notified 01/06/2023 for 24 months, recurrent, insertion clause, no targeted action yet.
  const rows: Cell[][] = [
    ["N° marché", "Objet", "Montant HT", "Durée (mois)", "Date de notification", "Procédure", "Récurrent", "Actions ciblées", "Clause d'insertion"],
    ["R1", "Nettoyage des écoles", 120_000, 24, 45078, "Procédure adaptée", "oui", "", "oui"],
  ];
  const ref = { y: 2024, m: 1, d: 1, serial: Date.UTC(2024, 0, 1) / 86_400_000 };

  for (const api of ["1.17", "1.9"]) {
    test(`a decision typed in the sheet is read at once: it waits for R1's renewal and 2023 does not move (ExcelApi ${api})`, async () => {
      const wb = new FakeWorkbook();
      wb.addSheet("Registre").fill(rows);
      const s = setup(wb, api);
      await s.store.start();
      // Before any decision: no contract of 2023 targets an action, A8.R1 and A1.E1 are n/a.
      let snap = await s.store.current();
      expect(snap.results(2023)?.indicators["A8.R1"].value).toBeNull();
      expect((await refreshCotation(s.store, s.port, ref, { now: NOW })).ok).toBe(true);
      await tick(100);
      const readsAfterCotation = s.store.reads;

      // The cotation sheet is given to the register reader with the register.
      const { grids } = await s.port.readGrids();
      expect(grids.map((g) => g.sheet)).toEqual(["Registre", "Cotation CAD"]);

      const sheet = wb.sheet("Cotation CAD")!;
      let header = -1;
      let col = -1;
      let row = -1;
      for (const [k, cell] of sheet.cells) {
        const [r, c] = k.split(",").map(Number);
        if (cell.value === "Décision CAD (actions retenues)") [header, col] = [r, c];
        if (cell.value === "R1" && c === 0) row = r;
      }
      expect(header).toBeGreaterThanOrEqual(0);
      wb.userEdit(sheet, row, col, "8");
      await tick(150);
      expect(s.store.reads).toBe(readsAfterCotation + 1);
      snap = await s.store.current();
      // The decision is read at once; it applies to R1's renewal (SPEC §9), not in the register yet:
      // it waits, and 2023 does not move (A8.R1 still n/a).
      expect(snap.register?.decisions?.pending.map((p) => p.decidedOn)).toEqual(["R1"]);
      expect(snap.register?.contracts[0].actionsCiblees).toEqual([]);
      expect(snap.results(2023)?.indicators["A8.R1"].value).toBeNull();
      s.store.stop();
    });
  }

  test("the add-in's own writes of the cotation sheet do not make it read again", async () => {
    const wb = new FakeWorkbook();
    wb.addSheet("Registre").fill(rows);
    const s = setup(wb, "1.9");
    await s.store.start();
    await refreshCotation(s.store, s.port, ref, { now: NOW });
    await tick(100);
    const reads = s.store.reads;
    await refreshCotation(s.store, s.port, ref, { now: NOW });
    await tick(150);
    // The cotation's own read only.
    expect(s.store.reads).toBe(reads + 1);
    s.store.stop();
  });
});

describe("the « Référentiel » sheet", () => {
  test("created on request as the user's own sheet, read at once, then followed like the register", async () => {
    const s = setup(withRegister(20));
    await s.store.start();
    const before = await s.store.current();
    expect(before.results()?.referential).toEqual({ kind: "intégré", replaced: [], added: [] });

    const figures = (r: ReturnType<NonNullable<typeof before.results>>) => Object.fromEntries(Object.entries(r?.indicators ?? {}).map(([id, x]) => [id, [x.value, x.numerator, x.denominator]]));
    const beforeFigures = figures(before.results());
    const outcome = await createReferential(s.store, s.port, { now: NOW });
    expect(outcome.ok).toBe(true);
    expect(outcome.message).toMatch(/^Feuille « Référentiel » créée : \d+ indicateurs, à adapter .*Feuille « Plan » créée : le plan du SPASER \(4 axes, 8 objectifs, 26 actions\)/);
    expect(outcome.sheets).toEqual(["Référentiel", "Plan"]);
    const sheet = s.wb.sheet("Référentiel")!;
    // Not one of the add-in's sheets: no mark, so never skipped nor rewritten.
    for (const own of [sheet, s.wb.sheet("Plan")!]) {
      expect(own.customProperties.size).toBe(0);
      expect(own.names.size).toBe(0);
    }
    // Read back as written, they change nothing: every indicator, the same figures.
    let snap = await s.store.current();
    expect(snap.results()?.referential).toEqual({ kind: "classeur", replaced: [], added: [], sheet: "Référentiel", notComputed: 0, plan: { sheet: "Plan", axes: 4, objectives: 8, actions: 26 } });
    expect(figures(snap.results())).toEqual(beforeFigures);

    // The user renames action 8 in the Plan sheet: the plan in use follows without any click.
    const planSheet = s.wb.sheet("Plan")!;
    let a8 = -1;
    for (const [k, cell] of planSheet.cells) {
      const [r, c] = k.split(",").map(Number);
      if (c === 4 && cell.value === 8) a8 = r;
    }
    expect(a8).toBeGreaterThan(0);
    s.wb.userEdit(planSheet, a8, 5, "Insertion par l'activité économique (notre titre)");
    await tick(150);
    snap = await s.store.current();
    expect(snap.results()?.plan.actions.find((a) => a.n === 8)?.title).toBe("Insertion par l'activité économique (notre titre)");

    // The user relabels T1 and adds X1 (contracts over 100 000 € HT): followed without any click.
    let t1 = -1;
    let last = -1;
    for (const [k, cell] of sheet.cells) {
      const [r, c] = k.split(",").map(Number);
      if (c === 0 && cell.value === "T1") t1 = r;
      last = Math.max(last, r);
    }
    s.wb.userEdit(sheet, t1, 1, "Part des marchés avec un critère environnemental (notre libellé)");
    for (const [c, v] of ["X1", "Marchés de plus de 100 000 € HT", "compte", "", "[Montant HT] > 100 000"].entries()) if (v) s.wb.userEdit(sheet, last + 1, c, v);
    await tick(150);
    snap = await s.store.current();
    const res = snap.results()!;
    expect(res.referential).toMatchObject({ kind: "classeur", replaced: ["T1"], added: ["X1"], sheet: "Référentiel", notComputed: 0 });
    expect(res.indicators.T1.label).toBe("Part des marchés avec un critère environnemental (notre libellé)");
    // registerRows(20): amounts 10 000 + (i % 50) × 5 000, above 100 000 from i = 19: one contract.
    expect(res.indicators.X1.value).toBe(1);
    s.store.stop();
  });

  test("a sheet the user named « Plan » is kept: the Référentiel alone is written, and the figures stay the built-in plan's", async () => {
    const wb = withRegister(5);
    const mine = wb.addSheet("Plan").fill([["Plan de charge de l'équipe"], ["Semaine", "Acheteur"]]);
    const s = setup(wb);
    await s.store.start();
    const outcome = await createReferential(s.store, s.port, { now: NOW });
    expect(outcome.ok).toBe(true);
    expect(outcome.sheets).toEqual(["Référentiel"]);
    expect(outcome.message).toContain("Le plan reste celui de la feuille « Plan » (elle n'est pas remplacée).");
    expect(mine.log).toEqual([]);
    expect(wb.sheets.map((x) => x.name)).toEqual(["Registre", "Plan", "Référentiel"]);
  });

  test("refused when a sheet of that name exists: nothing is written", async () => {
    const wb = withRegister(5);
    const mine = wb.addSheet("référentiel").fill([["à moi"]]);
    const s = setup(wb);
    const outcome = await createReferential(s.store, s.port, { now: NOW });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toBe("Une feuille « référentiel » existe déjà dans le classeur : elle n'est pas remplacée. Modifiez-la, ou renommez-la puis recommencez.");
    expect(wb.sheets.map((x) => x.name)).toEqual(["Registre", "référentiel"]);
    expect(mine.log).toEqual([]);
  });
});

describe("selecting a contract's row in the register", () => {
  test("in an Excel table, the row within the table's columns; in a plain sheet, across the used columns", async () => {
    const wb = new FakeWorkbook();
    const reg = wb.addSheet("Marchés");
    reg.set(0, 0, "Registre des marchés");
    // A table from B3 (row 2, column 1): header, then M1 on sheet row 4, M2 on sheet row 5.
    wb.addTable("Registre", reg, 2, 1, registerRows(2));
    const plain = wb.addSheet("Marchés 2023");
    plain.fill(registerRows(3));
    const s = setup(wb);
    const snap = await s.store.start();
    const m2 = snap.register!.contracts.find((c) => c.id === "M000002")!;
    expect([m2.sheet, m2.row]).toEqual(["Marchés", 5]);
    await s.port.selectRow(m2.sheet, m2.row);
    // registerRows has 10 columns: B to K.
    expect(wb.appLog.slice(-2)).toEqual(["activate Marchés", "select Marchés!B5:K5"]);
    await s.port.selectRow("Marchés 2023", 3);
    expect(wb.appLog.slice(-2)).toEqual(["activate Marchés 2023", "select Marchés 2023!A3:J3"]);
  });

  test("a sheet gone since the last read: a French message naming it", async () => {
    const s = setup(withRegister(3));
    await expect(s.port.selectRow("Ancien registre", 4)).rejects.toThrow(
      "Impossible d'atteindre la ligne 4 de la feuille « Ancien registre » : la feuille « Ancien registre » n'existe plus (supprimée ou renommée) : la liste se met à jour à la prochaine lecture du registre.",
    );
  });
});
