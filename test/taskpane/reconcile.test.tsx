/** @jest-environment jsdom */
/**
 * The task pane's « Rapprochement avec la DECP »: a DECP JSON file chosen with the pane's file input
 * is read in the pane (FileReader) and compared with the register read in the workbook — the same
 * lines as `spaser rapprochement`, the count last; a line of the register selects its row.
 */
import * as React from "react";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import "@testing-library/jest-dom";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App } from "../../src/taskpane/App";
import { SpaserStore } from "../../src/excel/store";
import type { RefreshOutcome } from "../../src/excel/refresh";
import type { WorkbookGrids, WorkbookPort } from "../../src/excel/port";
import type { Cell, Grid } from "../../src/register/types";

class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
(globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = NoResizeObserver;
// jsdom has no TextDecoder (browsers do): Node's own stands in.
if (typeof globalThis.TextDecoder === "undefined") Object.defineProperty(globalThis, "TextDecoder", { value: require("util").TextDecoder, configurable: true });

/** The part of the workbook port the pane uses here: reading the register, selecting a row. */
function fakePort(grids: Grid[]) {
  const rows: [string, number][] = [];
  const port = {
    readGrids: async (): Promise<WorkbookGrids> => ({ grids, sheetNames: grids.map((g) => g.sheet) }),
    onChange: async () => () => undefined,
    selectCell: async () => undefined,
    selectRow: async (sheet: string, row: number) => void rows.push([sheet, row]),
    createTemplate: async () => ({ sheets: [] }),
    createSheet: async () => ({ name: "" }),
  } as unknown as Pick<WorkbookPort, "readGrids" | "onChange" | "selectCell" | "selectRow" | "createTemplate" | "createSheet">;
  return { port, rows };
}

const HEADERS: Cell[] = ["N° marché", "Objet", "Entité", "Montant HT", "Date de notification", "Procédure", "Clause sociale (hors insertion)", "Clause environnementale"];
// Excel serials: 45444 = 2024-06-01, 45809 = 2025-06-01
const REGISTER: Grid = {
  sheet: "Registre",
  rows: [
    HEADERS,
    ["V24-001", "Voirie", "Ville", 120_000, 45444, "Appel d'offres ouvert", "oui", "non"],
    ["V24-002", "Nettoyage", "Ville", 80_000, 45444, "MAPA", "non", "oui"],
    ["V25-001", "Restauration", "Ville", 300_000, 45809, "AOO", "non", "non"],
    ["V25-002", "Espaces verts", "Ville", 60_000, 45809, "MAPA", "non", "non"],
  ],
};

const SIRET = "21690123100011";
const record = (id: string, montant: number, date: string, procedure: string, sociale: string, env: string) => ({
  id,
  acheteur: { id: SIRET },
  objet: id,
  montant,
  dateNotification: date,
  procedure,
  titulaires: [{ titulaire: { typeIdentifiant: "SIRET", id: "12345678900011" } }],
  considerationsSociales: { considerationSociale: [sociale] },
  considerationsEnvironnementales: { considerationEnvironnementale: [env] },
});

/** What the buyer published: V24-001 without its social clause, V24-002 at another amount, V25-002 missing, V25-900 not in the register. */
const DECP = {
  marches: {
    marche: [
      record("V24-001", 120_000, "2024-06-01", "Appel d'offres ouvert", "Pas de considération sociale", "Pas de considération environnementale"),
      record("V24-002", 85_000, "2024-06-01", "Procédure adaptée", "Pas de considération sociale", "Clause environnementale"),
      record("V25-001", 300_000, "2025-06-01", "Appel d'offres ouvert", "Pas de considération sociale", "Pas de considération environnementale"),
      record("V25-900", 50_000, "2025-03-03", "Procédure adaptée", "Pas de considération sociale", "Pas de considération environnementale"),
    ],
  },
};

function setup() {
  const { port, rows } = fakePort([REGISTER]);
  const store = new SpaserStore(port, { retryDelaysMs: [60_000] });
  const refresh = async (): Promise<RefreshOutcome> => ({ ok: true, message: "", sheets: [], elapsedMs: 0 });
  render(
    <FluentProvider theme={webLightTheme}>
      <App store={store} port={port} refresh={refresh} />
    </FluentProvider>,
  );
  return { rows };
}

function choose(input: HTMLElement, name: string, content: string) {
  fireEvent.change(input, { target: { files: [new File([content], name, { type: "application/json" })] } });
}

describe("task pane: reconciliation with a DECP file chosen in the pane", () => {
  test("the file chosen is compared with the register: one line per difference with both values, the count last", async () => {
    setup();
    const input = await screen.findByLabelText("Fichier DECP publié (.json)");
    expect(input).toHaveAttribute("type", "file");
    expect(input).toHaveAttribute("accept", ".json,application/json");
    choose(input, "decp-ville.json", JSON.stringify(DECP));
    const result = await screen.findByTestId("reconcile-result");
    const list = within(result).getByRole("list", { name: "Écarts entre le registre et la DECP" });
    expect(within(list).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "Absent de la DECP : « V25-002 », notifié le 01/06/2025, 60 000 € HT — Espaces verts",
      "Absent du registre : « V25-900 » publié par l'acheteur 21690123100011, notifié le 03/03/2025, 50 000 € HT — V25-900",
      "Considérations sociales : « V24-001 » — registre « Clause sociale » ; DECP « Pas de considération sociale »",
      "Montant HT : « V24-002 » — registre 80 000 € HT ; DECP 85 000 € HT",
    ]);
    expect(result).toHaveTextContent("« decp-ville.json » : 4 marchés notifiés au registre, 4 contrats publiés ; 3 contrats rapprochés (3 à l'identique).");
    // The count comes last.
    const status = within(result).getByRole("status");
    expect(status).toHaveTextContent("4 écarts");
    expect(result.lastElementChild).toBe(status);
  });

  test("a line about a contract of the register selects its row", async () => {
    const { rows } = setup();
    choose(await screen.findByLabelText("Fichier DECP publié (.json)"), "decp.json", JSON.stringify(DECP));
    const button = await screen.findByRole("button", { name: /^Montant HT : « V24-002 ».*Sélectionner la ligne 3 de la feuille « Registre »$/ });
    fireEvent.click(button);
    await waitFor(() => expect(rows).toEqual([["Registre", 3]]));
  });

  test("ticking the year of the pane keeps the contracts notified that year", async () => {
    setup();
    choose(await screen.findByLabelText("Fichier DECP publié (.json)"), "decp.json", JSON.stringify(DECP));
    await screen.findByTestId("reconcile-result");
    // The pane's year is the latest with notified contracts: 2025.
    fireEvent.click(screen.getByRole("checkbox", { name: "Seulement les contrats notifiés en 2025" }));
    const result = screen.getByTestId("reconcile-result");
    await waitFor(() => expect(within(result).getByRole("status")).toHaveTextContent("2 écarts"));
    expect(within(result).getAllByRole("listitem").map((li) => li.textContent?.split(" : ")[0])).toEqual(["Absent de la DECP", "Absent du registre"]);
  });

  test("a file that is not a DECP says so, in French, and nothing is compared", async () => {
    setup();
    choose(await screen.findByLabelText("Fichier DECP publié (.json)"), "export.json", '{"donnees": []}');
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("« export.json » n'est pas un fichier DECP au format JSON (liste « marches » attendue)");
    expect(screen.queryByTestId("reconcile-result")).toBeNull();
    choose(screen.getByLabelText("Fichier DECP publié (.json)"), "coupe.json", '{"marches": {"marche": [');
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("« coupe.json » n'est pas un fichier DECP"));
  });
});
