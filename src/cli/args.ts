/** Values typed on the command line: checked before anything is read. */
import type { DateValue } from "../register/types";
import { parseDate } from "../register/values";

export class UsageError extends Error {}

export const YEAR_MIN = 2000;
export const YEAR_MAX = 2100;

export function parseYearArg(v: string): number {
  if (!/^\d{4}$/.test(v) || Number(v) < YEAR_MIN || Number(v) > YEAR_MAX) throw new UsageError(`année invalide : ${v} (une année de ${YEAR_MIN} à ${YEAR_MAX}, ex. 2025)`);
  return Number(v);
}

/** A reference date typed on the command line: JJ/MM/AAAA (or AAAA-MM-JJ), four-digit year. */
export function parseDateArg(v: string): DateValue {
  const bad = () => new UsageError(`date de référence invalide : ${v} (attendu : JJ/MM/AAAA avec l'année sur quatre chiffres, de ${YEAR_MIN} à ${YEAR_MAX})`);
  if (!/^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/.test(v.trim()) && !/^\d{4}-\d{1,2}-\d{1,2}$/.test(v.trim())) throw bad();
  const d = parseDate(v.trim());
  if (!d.ok || d.value.y < YEAR_MIN || d.value.y > YEAR_MAX) throw bad();
  return d.value;
}

