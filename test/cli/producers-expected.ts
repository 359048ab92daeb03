/**
 * What the registers of scripts/make-producer-fixtures.py hold, written down by hand from the script
 * (not from the reader's output): the committed files and freshly written ones must read so.
 */
import type { Register } from "../../src/register/types";

export const PRODUCER_FILES = ["openpyxl-registre-par-annee.xlsx", "pandas-registre.xlsx", "libreoffice-registre.xlsx"] as const;
export type ProducerFile = (typeof PRODUCER_FILES)[number];

const date = (d: number, m: number, y: number) => expect.objectContaining({ y, m, d });

/** A summary of a register: source, contracts (the fields the script wrote) and issues. */
export function summary(reg: Register) {
  return {
    sheetNames: reg.sheetNames,
    source: { sheet: reg.source.sheet, headerRow: reg.source.headerRow, rowsRead: reg.source.rowsRead, rowsUsed: reg.source.rowsUsed, rowsRejected: reg.source.rowsRejected, rowsMerged: reg.source.rowsMerged },
    contracts: reg.contracts.map((c) => ({
      id: c.id,
      sheet: c.sheet,
      row: c.row,
      objet: c.objet,
      montant: c.montant,
      dateNotification: c.dateNotification,
      titulaire: c.titulaire,
      cotitulaires: c.cotitulaires,
      clauseInsertion: c.clauseInsertion,
      procedure: c.procedure,
      offresRecues: c.offresRecues,
      titulaireTpePme: c.titulaireTpePme,
      tauxAvance: c.tauxAvance,
      recurrent: c.recurrent,
    })),
    issues: reg.issues.map((i) => ({ severity: i.severity, sheet: i.sheet, cell: i.cell, message: i.message })),
  };
}

const none = { offresRecues: null, titulaireTpePme: null, tauxAvance: null, recurrent: null };

export const EXPECTED: Record<ProducerFile, unknown> = {
  // Two register sheets read as one: 3 rows in 2023 (header on row 3 below a title), 4 in 2024 of which
  // one repeats 2023-001 with the same holder (rejected) and one repeats 2023-002 with another holder (merged).
  "openpyxl-registre-par-annee.xlsx": {
    sheetNames: ["Registre 2023", "Registre 2024"],
    source: { sheet: "Registre 2023, Registre 2024", headerRow: 3, rowsRead: 7, rowsUsed: 5, rowsRejected: 1, rowsMerged: 1 },
    contracts: [
      // The rich text « Travaux » + bold « de voirie », whole.
      { id: "2023-001", sheet: "Registre 2023", row: 4, objet: "Travaux de voirie", montant: 120000, dateNotification: date(15, 3, 2023), titulaire: "BTP Martin", cotitulaires: [], clauseInsertion: true, procedure: "MAPA", ...none },
      // The formula of the insertion clause was never calculated: unknown, not « non ».
      { id: "2023-002", sheet: "Registre 2023", row: 5, objet: "Restauration scolaire", montant: 45000.5, dateNotification: date(1, 6, 2023), titulaire: "Durand SA", cotitulaires: ["Traiteur Dupont"], clauseInsertion: null, procedure: "AOO", ...none },
      { id: "2023-003", sheet: "Registre 2023", row: 6, objet: "Fournitures de bureau", montant: null, dateNotification: date(30, 9, 2023), titulaire: "Papeterie Lenoir", cotitulaires: [], clauseInsertion: false, procedure: "MAPA", ...none },
      { id: "2024-001", sheet: "Registre 2024", row: 2, objet: "Entretien des espaces verts", montant: 80000, dateNotification: date(10, 2, 2024), titulaire: "Jardins & Cie", cotitulaires: [], clauseInsertion: true, procedure: "MAPA", ...none },
      { id: "2024-002", sheet: "Registre 2024", row: 5, objet: "Nettoyage des locaux", montant: 12500, dateNotification: date(20, 11, 2024), titulaire: "Propreté 2000", cotitulaires: [], clauseInsertion: false, procedure: "MAPA", ...none },
    ],
    issues: [
      { severity: "error", sheet: "Registre 2023", cell: "'Registre 2023'!F5", message: expect.stringMatching(/^formule non calculée : ouvrez et enregistrez le classeur dans Excel/) },
      { severity: "error", sheet: "Registre 2023", cell: "'Registre 2023'!C6", message: expect.stringMatching(/^#N\/A : valeur d'erreur Excel/) },
      { severity: "error", sheet: "Registre 2024", cell: "'Registre 2024'!A3", message: "N° marché « 2023-001 » en double (déjà feuille « Registre 2023 », ligne 4) : ligne ignorée" },
      { severity: "info", sheet: "Registre 2024", cell: null, message: expect.stringMatching(/^1 ligne de co-titulaires fusionnée .*: lignes 4$/) },
    ],
  },
  // NaN amounts and dates are blank cells; booleans are Excel booleans.
  "pandas-registre.xlsx": {
    sheetNames: ["Marchés 2025"],
    source: { sheet: "Marchés 2025", headerRow: 1, rowsRead: 4, rowsUsed: 4, rowsRejected: 0, rowsMerged: 0 },
    contracts: [
      { id: "P1", sheet: "Marchés 2025", row: 2, objet: "Vêtements de travail", montant: 15000, dateNotification: date(15, 1, 2025), titulaire: null, cotitulaires: [], clauseInsertion: null, procedure: null, offresRecues: 3, titulaireTpePme: true, tauxAvance: 0.3, recurrent: null },
      { id: "P2", sheet: "Marchés 2025", row: 3, objet: "Transport scolaire", montant: 230000, dateNotification: date(28, 2, 2025), titulaire: null, cotitulaires: [], clauseInsertion: null, procedure: null, offresRecues: 5, titulaireTpePme: false, tauxAvance: null, recurrent: null },
      { id: "P3", sheet: "Marchés 2025", row: 4, objet: "Mobilier", montant: null, dateNotification: date(31, 3, 2025), titulaire: null, cotitulaires: [], clauseInsertion: null, procedure: null, offresRecues: 1, titulaireTpePme: true, tauxAvance: 0.05, recurrent: null },
      { id: "P4", sheet: "Marchés 2025", row: 5, objet: "Signalisation", montant: 9800.25, dateNotification: null, titulaire: null, cotitulaires: [], clauseInsertion: null, procedure: null, offresRecues: 2, titulaireTpePme: false, tauxAvance: 0.2, recurrent: null },
    ],
    issues: [],
  },
  // LibreOffice names the sheet after the CSV file; ISO dates became date cells, "310000,5" a number.
  "libreoffice-registre.xlsx": {
    sheetNames: ["Registre LibreOffice"],
    source: { sheet: "Registre LibreOffice", headerRow: 1, rowsRead: 3, rowsUsed: 3, rowsRejected: 0, rowsMerged: 0 },
    contracts: [
      { id: "L1", sheet: "Registre LibreOffice", row: 2, objet: "Éclairage public", montant: 54000, dateNotification: date(2, 5, 2024), titulaire: null, cotitulaires: [], clauseInsertion: null, procedure: null, offresRecues: null, titulaireTpePme: null, tauxAvance: null, recurrent: true },
      { id: "L2", sheet: "Registre LibreOffice", row: 3, objet: "Chauffage des écoles", montant: 310000.5, dateNotification: date(15, 10, 2024), titulaire: null, cotitulaires: [], clauseInsertion: null, procedure: null, offresRecues: null, titulaireTpePme: null, tauxAvance: null, recurrent: false },
      { id: "L3", sheet: "Registre LibreOffice", row: 4, objet: "Fleurissement", montant: 7200, dateNotification: date(1, 4, 2025), titulaire: null, cotitulaires: [], clauseInsertion: null, procedure: null, offresRecues: null, titulaireTpePme: null, tauxAvance: null, recurrent: true },
    ],
    issues: [],
  },
};
