/**
 * The task pane in a real browser, without Excel: the App over an in-memory workbook port. Built by
 * test/system/pane.test.ts and opened in headless Chromium. With `#refresh` in the address, it
 * clicks "Actualiser les tableaux de bord" once the register is read; with `#measure`, it writes
 * the layout of the headline block (boxes in CSS pixels) into <pre id="measure"> for the test; with
 * `#drill`, it chooses T1 in « Les contrats derrière un chiffre » with the keyboard, clicks its
 * first contract and writes what the pane shows and the row selected.
 */
import * as React from "react";
import { createRoot } from "react-dom/client";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App } from "../../../src/taskpane/App";
import { SpaserStore } from "../../../src/excel/store";
import { refreshCotation, refreshDashboards } from "../../../src/excel/refresh";
import type { TemplateResult, WorkbookChange, WorkbookGrids, WorkbookPort, WriteResult } from "../../../src/excel/port";
import type { SheetPlan } from "../../../src/dashboards/plan";
import type { TemplateSheet } from "../../../src/dashboards/template";
import { buildDashboardPlans } from "../../../src/dashboards";
import type { Grid } from "../../../src/register/types";

const REGISTER: Grid = {
  sheet: "Registre",
  rows: [
    ["Registre des marchés — Ville et Métropole"],
    [],
    ["N° marché", "Objet", "Montant HT", "Durée (mois)", "Date de notification", "Procédure", "Récurrent", "Clause d'insertion", "Critère environnemental", "Actions ciblées", "Observations"],
    ["M25-001", "Nettoyage des écoles", 120000, 36, "15/03/2025", "MAPA", "oui", "oui", "non", "8; 24", ""],
    ["M25-002", "Fournitures de bureau", "12 500 €", 12, "02/04/2025", "AOO", "non", "non", "oui", "14", ""],
    ["M25-003", "Rénovation de l'école", 900000, 18, "31/02/2025", "AOO", "oui", "peut-être", "oui", "8", "à revoir"],
    ["M24-001", "Restauration scolaire", 400000, 48, "20/06/2024", "AOR", "oui", "oui", "non", "13", ""],
  ],
};

class MemoryPort implements WorkbookPort {
  written: SheetPlan[][] = [];
  async readGrids(): Promise<WorkbookGrids> {
    return { grids: [REGISTER], sheetNames: ["Registre"] };
  }
  async readOwnSheets(): Promise<Grid[]> {
    return [];
  }
  async writeDashboards(plans: SheetPlan[]): Promise<WriteResult> {
    this.written.push(plans);
    return { sheets: plans.map((p, i) => ({ kind: p.kind, name: p.name, id: `id${i}` })), replaced: [] };
  }
  async createTemplate(sheets: TemplateSheet[]): Promise<TemplateResult> {
    return { sheets: sheets.map((s) => s.name) };
  }
  async selectCell(): Promise<void> {}
  rows: [string, number][] = [];
  async selectRow(sheet: string, row: number): Promise<void> {
    this.rows.push([sheet, row]);
  }
  async createSheet(plan: SheetPlan): Promise<{ name: string }> {
    return { name: plan.name };
  }
  async onChange(_l: (c: WorkbookChange) => void): Promise<() => void> {
    return () => undefined;
  }
}

const port = new MemoryPort();
const store = new SpaserStore(port);

function Harness(): React.ReactElement {
  return (
    <FluentProvider theme={webLightTheme} lang="fr">
      <App store={store} port={port} refresh={(o) => refreshDashboards(store, port, buildDashboardPlans, o)} cotation={(d) => refreshCotation(store, port, d)} />
    </FluentProvider>
  );
}

const el = document.getElementById("container") as HTMLElement;
createRoot(el).render(<Harness />);
/** Boxes of the headline block, its rows and bars, and whether anything overflows the pane's width. */
function measure(): void {
  const box = (e: Element | null) => {
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return { top: Math.round(r.top), left: Math.round(r.left), width: Math.round(r.width), height: Math.round(r.height) };
  };
  const headline = document.querySelector('[data-testid="headline"]');
  if (!headline) {
    setTimeout(measure, 50);
    return;
  }
  const rows = [...headline.querySelectorAll("[data-target]")].map((r) => ({
    id: r.getAttribute("data-target"),
    name: r.getAttribute("aria-label"),
    box: box(r),
    bar: box(r.querySelector("[data-bar]")),
    barKind: r.querySelector("[data-bar]")?.getAttribute("data-bar") ?? null,
  }));
  const details = [...document.querySelectorAll("h2")].find((h) => h.textContent === "Données du classeur");
  const out = {
    viewport: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    headline: box(headline),
    quality: document.querySelector('[data-testid="quality"]')?.textContent ?? null,
    details: box(details ?? null),
    rows,
  };
  // In the 350-pixel frame of pane.test.ts (Chromium's windows are at least 500 pixels wide), the
  // outer page writes it down; alone, the page does.
  if (window.parent !== window) window.parent.postMessage(JSON.stringify(out), "*");
  else {
    const pre = document.createElement("pre");
    pre.id = "measure";
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }
}

/** Writes a result for the test: to the outer page when framed, else into the page. */
function report(out: unknown): void {
  if (window.parent !== window) window.parent.postMessage(JSON.stringify(out), "*");
  else {
    const pre = document.createElement("pre");
    pre.id = "measure";
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }
}

/** Keyboard on the indicator combobox: type « T1 », arrow down, Entrée; then a click on the first contract. */
function drill(): void {
  const box = document.querySelector<HTMLInputElement>('input[role="combobox"]');
  if (!box) {
    setTimeout(drill, 50);
    return;
  }
  box.focus();
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set;
  setter?.call(box, "T1 —");
  box.dispatchEvent(new Event("input", { bubbles: true }));
  const key = (k: string) => box.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true }));
  setTimeout(() => {
    key("ArrowDown");
    setTimeout(() => {
      key("Enter");
      setTimeout(() => {
        const list = document.querySelector('ul[aria-label="Contrats de T1"]');
        const buttons = list ? [...list.querySelectorAll("button")] : [];
        buttons[0]?.click();
        setTimeout(() => {
          report({
            scrollWidth: document.documentElement.scrollWidth,
            figures: document.querySelector('[data-testid="drill-figures"]')?.textContent ?? null,
            contracts: buttons.map((b) => b.getAttribute("aria-label")),
            selected: port.rows,
          });
        }, 50);
      }, 100);
    }, 100);
  }, 100);
}

void store.start().then(() => {
  if (location.hash === "#measure") {
    measure();
    return;
  }
  if (location.hash === "#drill") {
    drill();
    return;
  }
  if (location.hash !== "#refresh") return;
  const click = () => {
    const button = [...document.querySelectorAll("button")].find((b) => b.textContent === "Actualiser les tableaux de bord");
    if (button) button.click();
    else setTimeout(click, 50);
  };
  click();
});
