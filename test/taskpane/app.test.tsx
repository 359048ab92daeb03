/** @jest-environment jsdom */
import * as React from "react";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import "@testing-library/jest-dom";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App } from "../../src/taskpane/App";
import { SpaserStore } from "../../src/excel/store";
import { refreshCotation, refreshDashboards } from "../../src/excel/refresh";
import { WorkbookError } from "../../src/excel/port";
import { Exclusive } from "../../src/excel/lock";
import type { TemplateResult, WorkbookChange, WorkbookGrids, WorkbookPort, WriteResult } from "../../src/excel/port";
import type { SheetPlan } from "../../src/dashboards/plan";
import type { TemplateSheet } from "../../src/dashboards/template";
import { buildDashboardPlans } from "../../src/dashboards";
import type { Cell, Grid } from "../../src/register/types";

// jsdom has no ResizeObserver; Fluent's MessageBar observes its own size.
class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
(globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = NoResizeObserver;
// jsdom has no Web Crypto digest (browsers have it in secure pages): Node's own stands in.
if (!globalThis.crypto?.subtle) Object.defineProperty(globalThis, "crypto", { value: require("crypto").webcrypto, configurable: true });
if (typeof globalThis.TextEncoder === "undefined") Object.defineProperty(globalThis, "TextEncoder", { value: require("util").TextEncoder, configurable: true });

/** A workbook port made of plain objects. */
class FakePort implements WorkbookPort {
  grids: Grid[];
  /** Makes the next reads fail (what Excel answers when the workbook is busy). */
  failRead: string | null = null;
  written: SheetPlan[][] = [];
  selected: string[] = [];
  templates: TemplateSheet[][] = [];
  failWrite: string | null = null;
  constructor(grids: Grid[]) {
    this.grids = grids;
  }
  async readGrids(): Promise<WorkbookGrids> {
    if (this.failRead) throw new WorkbookError(this.failRead);
    return { grids: this.grids, sheetNames: [...new Set(this.grids.map((g) => g.sheet))] };
  }
  async writeDashboards(plans: SheetPlan[]): Promise<WriteResult> {
    if (this.failWrite) throw new WorkbookError(this.failWrite);
    this.written.push(plans);
    return { sheets: plans.map((p, i) => ({ kind: p.kind, name: p.name, id: `id${i}` })), replaced: [] };
  }
  /** The add-in's own sheets, by kind (what users typed in a cotation sheet). */
  own: Partial<Record<SheetPlan["kind"], Grid[]>> = {};
  async readOwnSheets(kind: SheetPlan["kind"]): Promise<Grid[]> {
    return this.own[kind] ?? [];
  }
  async createTemplate(sheets: TemplateSheet[]): Promise<TemplateResult> {
    this.templates.push(sheets);
    // The workbook now holds the template's tables.
    this.grids = sheets.map((s) => ({ sheet: s.name, table: s.table, originRow: 0, originCol: 0, rows: [s.columns.map((c) => c.header), ...s.rows] }));
    return { sheets: sheets.map((s) => s.name) };
  }
  async selectCell(address: string): Promise<void> {
    this.selected.push(address);
  }
  rows: [string, number][] = [];
  async selectRow(sheet: string, row: number): Promise<void> {
    this.rows.push([sheet, row]);
  }
  created: SheetPlan[] = [];
  failCreate: string | null = null;
  async createSheet(plan: SheetPlan): Promise<{ name: string }> {
    if (this.failCreate) throw new WorkbookError(this.failCreate);
    this.created.push(plan);
    // The workbook now holds the sheet, read with the others.
    const rows: Cell[][] = [];
    for (const cell of plan.cells) (rows[cell.r] ??= [])[cell.c] = cell.value;
    this.grids = [...this.grids, { sheet: plan.name, rows: Array.from({ length: rows.length }, (_, i) => rows[i] ?? []) }];
    return { name: plan.name };
  }
  async onChange(_l: (c: WorkbookChange) => void): Promise<() => void> {
    return () => undefined;
  }
}

const HEADERS: Cell[] = ["N° marché", "Objet", "Montant HT", "Date de notification", "Procédure", "Clause d'insertion", "Commentaire interne"];
// Excel serials: 45078 = 2023-06-01, 45444 = 2024-06-01
const REGISTER: Grid = {
  sheet: "Registre",
  rows: [
    HEADERS,
    ["M1", "Voirie", 120_000, 45078, "Appel d'offres ouvert", "oui", "à revoir"],
    ["M2", "Fournitures", "douze mille", 45444, "Procédure adaptée", "non", ""],
    ["M3", "Nettoyage", 80_000, 45444, "Appel d'offres ouvert", "peut-être", ""],
  ],
};

function setup(grids: Grid[], clockTicks: number[] = [1_000, 2_200], tasks?: Exclusive, openReport?: (html: string) => Promise<void>) {
  const port = new FakePort(grids);
  const store = new SpaserStore(port, { retryDelaysMs: [60_000] });
  const ticks = [...clockTicks];
  const refresh = (o: Parameters<typeof refreshDashboards>[3]) =>
    refreshDashboards(store, port, buildDashboardPlans, { ...o, now: () => new Date(2025, 0, 15), clock: () => ticks.shift() ?? 2_200 });
  const cotation = (d: Parameters<typeof refreshCotation>[2]) => refreshCotation(store, port, d, { now: () => new Date(2025, 0, 15), clock: () => 0 });
  render(
    <FluentProvider theme={webLightTheme}>
      <App store={store} port={port} refresh={refresh} cotation={cotation} tasks={tasks} today={() => new Date("2024-01-10T10:00:00Z")} openReport={openReport} workbookName="Registre des marchés.xlsx" />
    </FluentProvider>,
  );
  return { port, store };
}

describe("task pane", () => {
  test("« Rapport annuel » opens the report of the year chosen, its figures those of the pane", async () => {
    const pages: string[] = [];
    setup([REGISTER], undefined, undefined, async (html) => void pages.push(html));
    const button = await screen.findByRole("button", { name: "Rapport annuel" });
    fireEvent.click(button);
    await waitFor(() => expect({ pages: pages.length, alert: screen.queryAllByRole("alert").map((a) => a.textContent) }).toEqual({ pages: 1, alert: [] }));
    const html = pages[0];
    // Year 2024 (the latest with notified contracts): M2 and M3. T3, insertion clause among the
    // formalised procedures: M3 (AOO) only, whose answer « peut-être » is unknown -> n/a.
    expect(html).toContain("<h1>Rapport annuel du SPASER 2024</h1>");
    expect(html).toContain("Registre des marchés.xlsx");
    expect(html).toMatch(/Empreinte SHA-256 des données du registre lues<\/th><td class="ids">[0-9a-f]{64}</);
    expect(html).toContain('data-i="T3" data-f="value" data-v="null"');
  });

  test("without a way to show it (no Office dialog), the pane offers no report", async () => {
    setup([REGISTER]);
    await screen.findByLabelText("Registre trouvé");
    expect(screen.queryByRole("button", { name: "Rapport annuel" })).toBeNull();
  });

  test("says what was found: sheet, contracts, years, recognised and unrecognised columns", async () => {
    setup([REGISTER]);
    const summary = await screen.findByLabelText("Registre trouvé");
    expect(summary).toHaveTextContent("Feuille « Registre », en-tête ligne 1");
    // 3 rows read, none rejected
    expect(summary).toHaveTextContent("3 marchés (3 lignes lues, 0 rejetée)");
    expect(summary).toHaveTextContent("2023, 2024");
    expect(summary).toHaveTextContent("Colonnes reconnues6 : N° marché, Objet, Montant HT, Date de notification, Procédure, Clause d'insertion");
    expect(summary).toHaveTextContent("Colonnes non reconnues1 (ignorées) : Commentaire interne");
    expect(summary).toHaveTextContent("Activitésabsent du classeur");
  });

  test("lists the data-quality issues; choosing one selects its cell", async () => {
    const { port } = setup([REGISTER]);
    const heading = await screen.findByRole("heading", { name: /Anomalies de saisie \(3\)/ });
    const list = screen.getByRole("list", { name: heading.textContent ?? "" });
    const items = within(list).getAllByRole("button");
    expect(items).toHaveLength(3);
    // "douze mille" is C3 (Montant HT, row 3); "peut-être" is F4 (Clause d'insertion, row 4);
    // « Commentaire interne » (G1) is an unrecognised column, an information.
    expect(items[0]).toHaveTextContent(/^Erreur — Registre!C3 « Montant HT » :/);
    expect(items.map((i) => i.textContent ?? "").filter((t) => /colonne non reconnue : « Commentaire interne »/.test(t))).toHaveLength(1);
    fireEvent.click(items[1]);
    await waitFor(() => expect(port.selected).toEqual(["Registre!F4"]));
  });

  test("refresh: year and step chosen in the pane, progress, then the time taken and the sheets written", async () => {
    const { port } = setup([REGISTER]);
    const year = await screen.findByLabelText("Année de suivi");
    expect(year).toHaveValue("2024");
    fireEvent.change(year, { target: { value: "2023" } });
    fireEvent.click(screen.getByRole("radio", { name: "Étape 2" }));
    const button = screen.getByRole("button", { name: "Actualiser les tableaux de bord" });
    fireEvent.click(button);
    expect(button).toBeDisabled();
    const status = await screen.findByRole("status");
    // clock: 1 000 ms at the start, 2 200 ms at the end → 1,2 s
    expect(status).toHaveTextContent("Tableaux de bord actualisés en 1,2 s (année 2023, étape 2) : « TdB 1 - Déploiement », « TdB 2 - Actions » et « Détail des indicateurs ».");
    expect(port.written).toHaveLength(1);
    expect(port.written[0].map((p) => p.kind)).toEqual(["tdb1", "tdb2", "detail"]);
    expect(button).toBeEnabled();
  });

  test("a failed refresh says why, in an alert", async () => {
    const { port } = setup([REGISTER]);
    port.failWrite = "Les tableaux de bord n'ont pas pu être écrits (le classeur est protégé). Les tableaux de bord précédents sont conservés tels quels.";
    fireEvent.click(await screen.findByRole("button", { name: "Actualiser les tableaux de bord" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Les tableaux de bord précédents sont conservés tels quels.");
  });

  test("without a register: the reason, and the template register on request", async () => {
    const { port } = setup([{ sheet: "Feuil1", rows: [["Nom", "Prénom"]] }]);
    expect(await screen.findByText("Aucun registre des marchés")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Actualiser les tableaux de bord" })).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Créer un registre modèle" }));
    });
    await waitFor(() => expect(port.templates).toHaveLength(1));
    expect(port.templates[0].map((s) => s.name)).toEqual(["Registre", "Activités", "Insertion", "Saisies", "Paramètres"]);
    expect(await screen.findByRole("status")).toHaveTextContent("Registre modèle créé : feuilles « Registre », « Activités », « Insertion », « Saisies », « Paramètres ».");
    expect(await screen.findByLabelText("Registre trouvé")).toHaveTextContent("Tableau « Registre » de la feuille « Registre »");
    expect(screen.getByLabelText("Registre trouvé")).toHaveTextContent("0 marché");
  });

  test("cotation CAD: recurrent contracts of the window, with what users typed kept", async () => {
    // M1 and M3 are recurrent. Next awards: M1 notified 01/06/2023 for 24 months -> 01/06/2025;
    // M3 notified 01/06/2024 for 36 months -> 01/06/2027; M2 is not recurrent.
    const grid: Grid = {
      sheet: "Registre",
      rows: [
        ["N° marché", "Objet", "Montant HT", "Durée (mois)", "Date de notification", "Procédure", "Récurrent"],
        ["M1", "Voirie", 120_000, 24, 45078, "Appel d'offres ouvert", "oui"],
        ["M2", "Fournitures", 12_000, 12, 45444, "Procédure adaptée", "non"],
        ["M3", "Nettoyage", 80_000, 36, 45444, "Procédure adaptée", "oui"],
      ],
    };
    const { port } = setup([grid]);
    // What a user typed in the previous cotation sheet, for M1.
    port.own.cotation = [
      {
        sheet: "Cotation CAD",
        rows: [
          ["N° marché", "Offre ESS / SIAE / EA / ESAT connue sur le territoire ?", "Décision CAD (actions retenues)", "Commentaire"],
          ["M1", "oui", "8; 14", "Voir le PLIE"],
        ],
      },
    ];
    const date = await screen.findByLabelText("Date de référence");
    // Default: today (10/01/2024). Window with reference 01/01/2024: 01/01/2025 – 01/01/2026 -> M1 only.
    expect(date).toHaveValue("2024-01-10");
    fireEvent.change(date, { target: { value: "2024-01-01" } });
    fireEvent.click(screen.getByRole("button", { name: "Préparer la cotation CAD" }));
    expect(await screen.findByText(/Cotation au 01\/01\/2024/)).toHaveTextContent("1 marché à présenter, saisies conservées pour 1.");
    expect(port.written).toHaveLength(1);
    const plan = port.written[0][0];
    expect(plan.kind).toBe("cotation");
    const ids = plan.cells.filter((c) => c.c === 0 && (c.value === "M1" || c.value === "M2" || c.value === "M3")).map((c) => c.value);
    expect(ids).toEqual(["M1"]);
    const row = plan.cells.find((c) => c.c === 0 && c.value === "M1")!.r;
    const values = plan.cells.filter((c) => c.r === row).map((c) => c.value);
    expect(values).toEqual(expect.arrayContaining(["oui", "8; 14", "Voir le PLIE"]));
  });
});

/**
 * Four contracts notified in 2024 (45444 = 01/06/2024), one bad amount:
 *   G1 AOO  env. oui  insertion oui  |  G2 AOO  env. oui  insertion non
 *   G3 MAPA env. non  insertion oui  |  G4 MAPA env. non  insertion non  (amount "douze": 1 error)
 * T1 = contracts with an environmental criterion / contracts = 2 / 4 = 50,0 %; step-1 target 30 % → Atteint.
 * T3 = clause d'insertion among formalised (AOO) = 1 / 2 = 50,0 %; step-1 target 50 % → Atteint.
 * T6 = TPE-PME among contracts targeted for actions 14, 16, 17: none targeted → n/a, Non renseigné.
 */
const GLANCE: Grid = {
  sheet: "Registre",
  rows: [
    ["N° marché", "Date de notification", "Montant HT", "Procédure", "Critère environnemental", "Clause d'insertion"],
    ["G1", 45444, 100_000, "Appel d'offres ouvert", "oui", "oui"],
    ["G2", 45444, 200_000, "Appel d'offres ouvert", "oui", "non"],
    ["G3", 45444, 30_000, "Procédure adaptée", "non", "oui"],
    ["G4", 45444, "douze", "Procédure adaptée", "non", "non"],
  ],
};

describe("the pane at a glance", () => {
  test("T1 to T6 come first, each with value, target of the current step and status; then the data-quality count", async () => {
    setup([GLANCE]);
    const heading = await screen.findByRole("heading", { name: "Où en est-on ? 2024, étape 1" });
    const list = screen.getByRole("list", { name: "Cibles du déploiement, 2024, Étape 1" });
    const rows = within(list).getAllByRole("listitem");
    expect(rows.map((r) => r.getAttribute("data-target"))).toEqual(["T1", "T2", "T3", "T4", "T5", "T6"]);
    expect(rows[0]).toHaveAccessibleName("T1, Critère environnemental : 50,0 %, cible 30 %, Atteint");
    expect(rows[0]).toHaveTextContent("Cible 30 % (étape 1)");
    expect(rows[2]).toHaveAccessibleName("T3, Clause d'insertion (procédures formalisées) : 50,0 %, cible 50 %, Atteint");
    expect(rows[5]).toHaveAccessibleName(/^T6, TPE-PME \(contrats ciblés\) : —, cible 50 %, Non renseigné$/);
    // The headline is above the register's details.
    const details = screen.getByRole("heading", { name: "Données du classeur" });
    expect(heading.compareDocumentPosition(details) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // Data quality: "douze" is one error; choosing the count moves to the list of issues.
    const quality = screen.getByRole("button", { name: "Qualité des données : 1 anomalie (1 erreur, 0 avertissement)" });
    fireEvent.click(quality);
    expect(screen.getByRole("heading", { name: /Anomalies de saisie \(1\)/ })).toHaveFocus();
  });

  test("the step chosen changes the targets shown", async () => {
    setup([GLANCE]);
    await screen.findByRole("heading", { name: /Où en est-on/ });
    fireEvent.click(screen.getByRole("radio", { name: "Étape 2" }));
    const list = await screen.findByRole("list", { name: "Cibles du déploiement, 2024, Étape 2" });
    // Step-2 target of T1: 70 % → 50,0 % is below: En cours.
    expect(within(list).getAllByRole("listitem")[0]).toHaveAccessibleName("T1, Critère environnemental : 50,0 %, cible 70 %, En cours");
  });

  test("a read that fails keeps the figures and says « Lecture reportée »", async () => {
    const { port, store } = setup([GLANCE]);
    await screen.findByRole("heading", { name: /Où en est-on/ });
    port.failRead = "Lecture du classeur impossible : le classeur a été modifié en même temps par une autre personne.";
    await act(async () => {
      await store.reload();
    });
    expect(await screen.findByText("Lecture reportée")).toBeInTheDocument();
    expect(screen.getByText(/Les chiffres affichés sont ceux de la dernière lecture réussie du registre\. Lecture du classeur impossible/)).toBeInTheDocument();
    expect(screen.getByRole("list", { name: /Cibles du déploiement/ })).toHaveTextContent("50,0 %");
    store.stop();
  });

  test("a refresh started from the ribbon shows in the pane and holds its buttons", async () => {
    const tasks = new Exclusive();
    setup([GLANCE], undefined, tasks);
    const button = await screen.findByRole("button", { name: "Actualiser les tableaux de bord" });
    let finish!: () => void;
    await act(async () => {
      void tasks.run({ label: "actualisation des tableaux de bord", origin: "ruban" }, () => new Promise<void>((r) => (finish = r)));
    });
    expect(button).toBeDisabled();
    expect(screen.getByText(/^Actualisation des tableaux de bord en cours \(lancée depuis le ruban\)/)).toBeInTheDocument();
    await act(async () => finish());
    await waitFor(() => expect(button).toBeEnabled());
  });

  test("the help explains why the functions are SPASER.TAUX and not TAUX", async () => {
    setup([GLANCE]);
    fireEvent.click(await screen.findByRole("button", { name: "Aide : fonctions de feuille de calcul" }));
    expect(await screen.findByText(/Excel a sa propre fonction/)).toHaveTextContent("Excel a sa propre fonction TAUX (en anglais RATE)");
  });
});

describe("the entity chosen in the pane", () => {
  /** GLANCE with the buyers: G1, G3 Ville; G2, G4 Métropole. */
  const WITH_ENTITIES: Grid = { sheet: "Registre", rows: GLANCE.rows.map((r, i) => [...r, i === 0 ? "Entité" : i % 2 === 1 ? "Ville" : "Métropole"]) };

  test("« Toutes les entités » and the buyers found; the figures at the top and the refresh follow the choice", async () => {
    const { port } = setup([WITH_ENTITIES]);
    const field = await screen.findByLabelText("Entité");
    expect(within(field).getAllByRole("option").map((o) => o.textContent)).toEqual(["Toutes les entités", "Ville", "Métropole"]);
    expect(field).toHaveValue("");
    fireEvent.change(field, { target: { value: "Ville" } });
    expect(await screen.findByRole("heading", { name: "Où en est-on ? 2024, étape 1, Ville" })).toBeInTheDocument();
    // T1 Ville: G1 (critère oui) and G3 (non) → 50,0 %; Métropole: G2 (oui), G4 (non) → 50,0 %;
    // T3 Ville: formalised G1 only, with its clause → 100,0 %.
    const list = screen.getByRole("list", { name: /Cibles du déploiement/ });
    expect(within(list).getAllByRole("listitem")[2]).toHaveAccessibleName(/^T3, .* : 100,0 %/);
    fireEvent.click(screen.getByRole("button", { name: "Actualiser les tableaux de bord" }));
    expect(await screen.findByRole("status")).toHaveTextContent(/\(année 2024, étape 1, entité « Ville »\)/);
    // The detail sheet lists Ville's contracts only.
    const detail = port.written[0].find((p) => p.kind === "detail")!;
    const ids = new Set(detail.cells.map((c) => c.value));
    expect(ids.has("G1") && ids.has("G3") && !ids.has("G2") && !ids.has("G4")).toBe(true);
  });

  test("a register without the « Entité » column offers no choice", async () => {
    setup([GLANCE]);
    await screen.findByRole("heading", { name: /Où en est-on/ });
    expect(screen.queryByLabelText("Entité")).toBeNull();
  });
});

describe("the contracts behind a figure", () => {
  async function choose(name: RegExp) {
    const box = await screen.findByRole("combobox", { name: "Indicateur" });
    fireEvent.click(box);
    fireEvent.click(await screen.findByRole("option", { name }));
  }

  test("choosing T1 shows its value, numerator, denominator and contracts; a click selects the contract's row", async () => {
    const { port } = setup([GLANCE]);
    await choose(/^T1 — /);
    const figures = await screen.findByLabelText("T1, 2024");
    // T1 = 2 / 4 (see GLANCE)
    expect(figures).toHaveTextContent("Valeur 202450,0 %");
    // The target in its unit, beside the status: T1's step 1 target is 30 %, 50 % ≥ 30 % → Atteint.
    expect(figures).toHaveTextContent("Cible30,0 % — Atteint");
    expect(figures).toHaveTextContent("Numérateur2");
    expect(figures).toHaveTextContent("Dénominateur4");
    const list = screen.getByRole("list", { name: "Contrats de T1" });
    const items = within(list).getAllByRole("button");
    expect(items.map((b) => b.textContent)).toEqual(["G1numérateur", "G2numérateur", "G3dénominateur seul", "G4dénominateur seul"]);
    // G2 is on row 3 of the sheet « Registre »
    expect(items[1]).toHaveAccessibleName("G2 : numérateur. Sélectionner la ligne 3 de la feuille « Registre »");
    fireEvent.click(items[1]);
    await waitFor(() => expect(port.rows).toEqual([["Registre", 3]]));
  });

  test("a contract left out says why; a count lists the contracts counted", async () => {
    // A14.E2 (TPE/PME holders among the contracts): none of GLANCE has the column → n/a; use a register with it.
    const grid: Grid = {
      sheet: "Registre",
      rows: [
        ["N° marché", "Objet", "Date de notification", "Titulaire TPE/PME"],
        ["P1", "Voirie", 45444, "oui"],
        ["P2", "Papier", 45444, ""],
      ],
    };
    setup([grid]);
    await choose(/^A14\.E2 — /);
    const list = await screen.findByRole("list", { name: "Contrats de A14.E2" });
    // P1 is a TPE/PME holder; P2's answer is blank: unknown, left out.
    expect(within(list).getAllByRole("button").map((b) => b.textContent)).toEqual(["P1 · Voirienumérateur", "P2 · Papierécarté : « Titulaire TPE/PME » inconnu"]);
    await choose(/^A16\.E2 — /);
    const counted = await screen.findByRole("list", { name: "Contrats de A16.E2" });
    expect(within(counted).getAllByRole("button").map((b) => b.textContent)).toEqual(["P1 · Voiriecompté"]);
  });

  test("typing filters the list (case aside); a figure not computed from the register's rows says so", async () => {
    setup([GLANCE]);
    const box = await screen.findByRole("combobox", { name: "Indicateur" });
    fireEvent.change(box, { target: { value: "tableaux de bord de suivi" } });
    fireEvent.click(box);
    const options = within(await screen.findByRole("listbox")).getAllByRole("option");
    expect(options.map((o) => o.textContent)).toEqual(["A3.R1 — Tableaux de bord de suivi"]);
    fireEvent.click(options[0]);
    expect(await screen.findByText("A3.R1 n'a pas de liste de contrats : sa valeur ne vient pas des lignes du registre des marchés.")).toBeInTheDocument();
  });

  test("keyboard: type, arrow down, Entrée", async () => {
    setup([GLANCE]);
    const box = await screen.findByRole("combobox", { name: "Indicateur" });
    act(() => box.focus());
    fireEvent.change(box, { target: { value: "T3" } });
    fireEvent.keyDown(box, { key: "ArrowDown" });
    fireEvent.keyDown(box, { key: "Enter" });
    // T3: clause d'insertion among formalised (AOO): G1 (oui) of G1, G2 → 1 / 2
    const figures = await screen.findByLabelText("T3, 2024");
    expect(figures).toHaveTextContent("Numérateur1");
    expect(figures).toHaveTextContent("Dénominateur2");
  });
});

test("an indicator over several years shows its period as a note (Période « 3 ans » of the Référentiel)", async () => {
  // 45444 is 01/06/2024: the three years 2022–2024 hold G1–G4; with the criterion G1, G2 → 2.
  const referentiel: Grid = {
    sheet: "Référentiel",
    rows: [
      ["Id", "Libellé", "Type", "Population", "Condition", "Période"],
      ["P1", "Marchés avec critère sur trois ans", "compte", "", "[Critère environnemental]", "3 ans"],
    ],
  };
  setup([GLANCE, referentiel]);
  const box = await screen.findByRole("combobox", { name: "Indicateur" });
  act(() => box.focus());
  fireEvent.change(box, { target: { value: "P1" } });
  fireEvent.keyDown(box, { key: "ArrowDown" });
  fireEvent.keyDown(box, { key: "Enter" });
  const figures = await screen.findByLabelText("P1, 2024");
  expect(figures).toHaveTextContent("Valeur 20242");
  expect(figures).toHaveTextContent("NoteCumul des 3 années 2022–2024 (contrats notifiés de 2022 à 2024)");
});

describe("the referential", () => {
  test("« Référentiel intégré », then « Créer un référentiel modifiable » writes the sheet, read back at once", async () => {
    const { port } = setup([GLANCE]);
    expect(await screen.findByTestId("referential")).toHaveTextContent("Référentiel intégré");
    fireEvent.click(screen.getByRole("button", { name: "Créer un référentiel modifiable" }));
    expect(await screen.findByText(/^Feuille « Référentiel » créée : \d+ indicateurs/)).toBeInTheDocument();
    // The Référentiel first, then the plan in use (SPEC §8.1): a Plan alone would leave only T1–T6.
    expect(port.created.map((p) => [p.name, p.kind])).toEqual([["Référentiel", "referentiel"], ["Plan", "plan"]]);
    expect(screen.getByText(/Feuille « Plan » créée : le plan du SPASER \(4 axes, 8 objectifs, 26 actions\)/)).toBeInTheDocument();
    // The sheets written are read back: the workbook's referential and plan, which change nothing.
    await waitFor(() =>
      expect(screen.getByTestId("referential")).toHaveTextContent("Référentiel du classeur (feuille « Référentiel ») : 0 indicateur remplacé, 0 ajouté. Plan du classeur (feuille « Plan ») : 4 axes, 8 objectifs, 26 actions"),
    );
  });

  test("refused when the sheet exists: the reason, in an alert", async () => {
    const { port } = setup([GLANCE]);
    port.failCreate = "Une feuille « Référentiel » existe déjà dans le classeur : elle n'est pas remplacée. Modifiez-la, ou renommez-la puis recommencez.";
    fireEvent.click(await screen.findByRole("button", { name: "Créer un référentiel modifiable" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Une feuille « Référentiel » existe déjà dans le classeur");
  });

  test("the workbook's sheet: how many indicators it replaces and adds, and its errors, each selecting its cell", async () => {
    const sheet: Grid = {
      sheet: "Référentiel",
      rows: [
        ["Id", "Libellé", "Type", "Population", "Condition"],
        ["T1", "Critère environnemental (notre libellé)", "", "", ""],
        ["X1", "Marchés de plus de 100 000 € HT", "compte", "", "[Montant HT] > 100 000"],
        ["X2", "Marchés verts", "compte", "", "[Critère environnemental] ="],
      ],
    };
    const { port } = setup([GLANCE, sheet]);
    expect(await screen.findByTestId("referential")).toHaveTextContent("Référentiel du classeur (feuille « Référentiel ») : 1 indicateur remplacé, 2 ajoutés");
    const errors = screen.getByRole("list", { name: "Anomalies du référentiel" });
    const items = within(errors).getAllByRole("button");
    // X2's condition, row 4, column E, stops after « = »
    expect(items).toHaveLength(1);
    expect(items[0]).toHaveTextContent(/^Erreur — Référentiel!E4 « Condition » :/);
    fireEvent.click(items[0]);
    await waitFor(() => expect(port.selected).toEqual(["Référentiel!E4"]));
  });
});
