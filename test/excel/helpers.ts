/** Registers of any size for the adapter tests. */
import type { Cell } from "../../src/register/types";

export const REGISTER_HEADERS = [
  "N° marché",
  "Objet",
  "Montant HT",
  "Date de notification",
  "Procédure",
  "Clause d'insertion",
  "Critère environnemental",
  "Actions ciblées",
  "Titulaire TPE/PME",
  "Nature",
];

/** Excel serial of 2024-01-01 (days since 1899-12-30). */
export const SERIAL_2024_01_01 = 45292;

/** n contracts notified in 2024, with a few text values that Excel could misread. */
export function registerRows(n: number): Cell[][] {
  const rows: Cell[][] = [REGISTER_HEADERS];
  for (let i = 0; i < n; i++) {
    rows.push([
      `M${String(i + 1).padStart(6, "0")}`,
      i === 0 ? "=HYPERLINK(\"http://x\")" : `Objet ${i + 1}`,
      10_000 + (i % 50) * 5_000,
      SERIAL_2024_01_01 + (i % 300),
      i % 3 === 0 ? "Appel d'offres ouvert" : "Procédure adaptée",
      i % 2 === 0 ? "oui" : "non",
      i % 4 === 0 ? "oui" : "non",
      i % 5 === 0 ? "8; 24" : "",
      i % 2 === 0 ? "oui" : "non",
      "Services",
    ]);
  }
  return rows;
}
