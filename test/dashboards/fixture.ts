import type { Cell, Grid } from "../../src/register/types";

/** A small register: 6 contracts in 2024, 4 in 2025, with title rows, side tables and parameters. */
export function fixtureGrids(opts: { etape?: 1 | 2; idPiege?: string } = {}): Grid[] {
  const header = [
    "N° marché", "Objet", "Titulaire", "Direction", "Nature", "Procédure", "Montant HT", "Durée (mois)",
    "Date de notification", "Actions ciblées", "Clause d'insertion", "Critère environnemental", "Clause environnementale",
    "Économie circulaire", "Titulaire TPE/PME", "Nombre d'offres", "Avance", "Taux d'avance", "Révision des prix",
  ];
  const rows: Cell[][] = [
    ["Registre des marchés 2024-2025"],
    [],
    header,
    ["M24-01", "Entretien des espaces verts", "Vert SA", "Espaces verts", "Services", "AOO", 120000, 36, "15/03/2024", "8; 24", "oui", "oui", "non", "oui", "oui", 4, "oui", "30 %", "oui"],
    ["M24-02", "Fournitures de bureau", "Papeterie", "Moyens généraux", "Fournitures", "MAPA", 30000, 12, "02/04/2024", "14", "non", "non", "oui", "non", "oui", 3, "non", "", "non"],
    [opts.idPiege ?? "M24-03", "Rénovation école", "BTP", "Bâtiments", "Travaux", "AOO", 800000, 18, "10/05/2024", "8; 14", "non", "oui", "oui", "non", "non", 6, "non", "", "non"],
    ["M24-04", "Restauration scolaire", "Cuisine", "Éducation", "Fournitures", "AOR", 400000, 48, "20/06/2024", "13; 24", "oui", "non", "non", "non", "non", 2, "oui", "5 %", "oui"],
    ["M24-05", "Nettoyage des locaux", "Propre", "Moyens généraux", "Services", "PN", 95000, 24, "01/09/2024", "", "oui", "non", "non", "non", "oui", 5, "oui", "10 %", "oui"],
    ["M24-06", "Maintenance informatique", "Info", "Numérique", "Services", "MAPA", 60000, 1, "15/11/2024", "17", "non", "non", "non", "non", "", 1, "oui", "30 %", "non"],
    ["M25-01", "Mobilier", "Meubles", "Moyens généraux", "Fournitures", "AOO", 150000, 24, "10/02/2025", "24", "non", "oui", "oui", "oui", "oui", 3, "oui", "30 %", "oui"],
    ["M25-02", "Voirie", "Routes", "Voirie", "Travaux", "AOO", 2000000, 12, "11/03/2025", "8", "oui", "oui", "non", "non", "non", 4, "oui", "5 %", "non"],
    ["M25-03", "Traiteur", "Traiteur SARL", "Protocole", "Services", "MAPA", 20000, 6, "12/04/2025", "13", "non", "non", "non", "non", "oui", 2, "non", "", "non"],
    ["M25-04", "Formation", "Form", "RH", "Services", "MAPA", 45000, 12, "13/05/2025", "", "non", "non", "non", "non", "oui", 5, "non", "", "non"],
  ];
  const params: Cell[][] = [
    ["Paramètre", "Valeur"],
    ["Collectivité", "Ville et Métropole de Test"],
    ["Étape en cours", opts.etape ?? 1],
  ];
  return [
    { sheet: "Registre", rows },
    { sheet: "Paramètres", rows: params },
  ];
}
