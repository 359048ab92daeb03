/**
 * The task pane in a real browser, without Excel: the App over an in-memory workbook port. Built by
 * test/system/pane.test.ts and opened in headless Chromium. With `#refresh` in the address, it
 * clicks "Actualiser les tableaux de bord" once the register is read; with `#measure`, it writes
 * the layout of the headline block (boxes in CSS pixels) into <pre id="measure"> for the test.
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

void store.start().then(() => {
  if (location.hash === "#measure") {
    measure();
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
