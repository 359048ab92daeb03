/** French wording shared by the pane's components. */
import type { Issue, TableSource } from "../register/types";
import type { IndicatorResult } from "../indicators/types";

export const SEVERITY_LABEL: Record<Issue["severity"], string> = { error: "Erreur", warning: "Avertissement", info: "Information" };
export const SEVERITY_ORDER: Record<Issue["severity"], number> = { error: 0, warning: 1, info: 2 };

/** "3 marchés", "1 marché" (French grouping of thousands). */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("fr-FR")} ${n > 1 ? many : one}`;
}

/** "Tableau « Registre » de la feuille « Registre », en-tête ligne 1" */
export function describeSource(s: TableSource): string {
  return s.table ? `Tableau « ${s.table} » de la feuille « ${s.sheet} »` : `Feuille « ${s.sheet} », en-tête ligne ${s.headerRow}`;
}

export function issueText(i: Issue): string {
  const where = [i.cell ?? (i.row !== null ? `${i.sheet}, ligne ${i.row}` : i.sheet), i.column ? `« ${i.column} »` : null].filter(Boolean).join(" ");
  return `${SEVERITY_LABEL[i.severity]} — ${where} : ${i.message}`;
}

/** "2026-11-26" of a date, in Paris (the value of a date input). */
export function isoDay(d: Date): string {
  const parts = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", day: "2-digit", month: "2-digit", year: "numeric" }).format(d).split("/");
  return `${parts[2]}-${parts[1]}-${parts[0]}`;
}

/** "dans 5 s" / "dans 1 min" for an automatic retry. */
export function inSeconds(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  return s < 60 ? `dans ${s} s` : `dans ${Math.round(s / 60)} min`;
}

/** Short names of the deployment targets for a 350-pixel pane (the full label is given too). */
export const TARGET_SHORT: Readonly<Record<string, string>> = {
  T1: "Critère environnemental",
  T2: "Considérations environnementales",
  T3: "Clause d'insertion (procédures formalisées)",
  T4: "Considérations sociales ou éthiques (formalisées)",
  T5: "Économie circulaire (contrats ciblés)",
  T6: "TPE-PME (contrats ciblés)",
};

/** Case and accents aside, for filtering a list as the user types. */
export function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .trim();
}

/**
 * The contracts behind a figure, one line each, in the order of the « Détail des indicateurs »
 * sheet: numerator, denominator only, left out (with why); or counted. A1.E1 counts pairs
 * (contract, action): a contract may appear once per action. null when the figure has no list.
 */
export function contractLines(r: IndicatorResult): { id: string; role: string }[] | null {
  const d = r.detail;
  if (!d) return null;
  // Indicators over the Insertion and Activités sheets: their rows (`Insertion!12`), in sheet order.
  if (d.rows) return d.rows.map((x) => ({ id: x.ref, role: x.role }));
  const out: { id: string; role: string }[] = [];
  if (d.numerator || d.denominator) {
    const num = new Map<string, number>();
    for (const id of d.numerator ?? []) num.set(id, (num.get(id) ?? 0) + 1);
    const denOnly: { id: string; role: string }[] = [];
    for (const id of d.denominator ?? []) {
      const n = num.get(id) ?? 0;
      if (n > 0) {
        out.push({ id, role: "numérateur" });
        num.set(id, n - 1);
      } else denOnly.push({ id, role: "dénominateur seul" });
    }
    out.push(...denOnly);
  } else for (const id of d.counted ?? []) out.push({ id, role: "compté" });
  for (const e of d.excluded ?? []) out.push({ id: e.id, role: `écarté : ${e.reason}` });
  return out;
}

export { referentialText } from "../indicators/format";
