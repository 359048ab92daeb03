/**
 * The task pane in a real browser, without Excel: the App over an in-memory workbook port. Built by
 * test/system/pane.test.ts and opened in headless Chromium. With `#refresh` in the address, it
 * clicks "Actualiser les tableaux de bord" once the register is read.
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
void store.start().then(() => {
  if (location.hash !== "#refresh") return;
  const click = () => {
    const button = [...document.querySelectorAll("button")].find((b) => b.textContent === "Actualiser les tableaux de bord");
    if (button) button.click();
    else setTimeout(click, 50);
  };
  click();
});
