/**
 * Indicators that read the side tables rather than the register's contracts: `Activités`
 * (actions 1, 4, 5, 6, 7, 9, 15, 16) and the PLIE follow-up `Insertion` (action 8 and 10).
 * Definitions: docs/methodologie.md.
 */
import type { Activity, Contract, InsertionRow, Register } from "../register/types";
import { fold } from "../register/values";
import { sheetRef } from "../register/issues";
import { NON_RENSEIGNE, OUT_OF_RANGE, Tri } from "./accumulators";
import type { IndicatorResult, SideRow } from "./types";

/** `Insertion!12`: a side table's row as a reference. */
const rowRef = (sheet: string, row: number): string => `${sheetRef(sheet)}!${row}`;
/** The drill-down of a side-table figure: its rows in sheet order. */
const withRows = (r: Partial<IndicatorResult>, rows: SideRow[] | null): Partial<IndicatorResult> => (rows ? { ...r, detail: { rows } } : r);

// ------------------------------------------------------------------ activities and insertion

export function activityIndicators(acts: Activity[] | null, source: Register["activitiesSource"], year: number, detail = false): Record<string, Partial<IndicatorResult>> {
  const out: Record<string, Partial<IndicatorResult>> = {};
  const ids = ["A1.R1", "A4.R1", "A5.R1", "A5.R2", "A6.R1", "A7.R1", "A7.R2", "A9.R1", "A15.R1", "A16.R1"];
  if (!acts || !source) {
    for (const id of ids) out[id] = { value: null, reason: "feuille « Activités » absente du classeur" };
    return out;
  }
  const has = (k: string) => k in source.columns;
  const missing = (...keys: string[]) => {
    // Every activity indicator reads the action number.
    const m = ["action", ...keys].filter((k) => !has(k));
    return m.length ? { value: null, reason: `colonne${m.length > 1 ? "s" : ""} ${m.map((k) => `« ${ACTIVITY_HEADERS[k]} »`).join(", ")} absente${m.length > 1 ? "s" : ""} de la feuille « ${source.sheet} »` } : null;
  };
  const inYear = (a: Activity) => a.date !== null && a.date.y === year;
  const of = (n: number, type?: string) => acts.filter((a) => a.action === n && inYear(a) && (!type || (a.type !== null && fold(a.type).includes(type))));
  const done = (a: Activity) => a.statut === "Réalisée";
  const sheet = source.sheet;
  const counted = (list: Activity[]): SideRow[] | null => (detail ? list.map((a) => ({ ref: rowRef(sheet, a.row), role: "compté" })) : null);
  const flag = (id: string, n: number) => {
    const list = of(n).filter(done);
    out[id] = missing("statut", "date") ?? withRows({ value: list.length ? 1 : 0 }, counted(list));
  };
  const activityRate = (id: string, n: number, type?: string, typeLabel?: string) => {
    const need = missing("statut", "date", ...(type ? ["type"] : []));
    if (need) return void (out[id] = need);
    const list = of(n, type);
    const d = list.filter(done).length;
    const plannedList = list.filter((a) => a.statut === "Réalisée" || a.statut === "Programmée");
    const planned = plannedList.length;
    const rows = detail ? plannedList.map((a) => ({ ref: rowRef(sheet, a.row), role: done(a) ? "numérateur" : "dénominateur seul" })) : null;
    out[id] = withRows(planned === 0 ? { value: null, numerator: d, denominator: 0, reason: `aucune activité${typeLabel ?? ""} de l'action ${n} programmée en ${year}` } : { value: d / planned, numerator: d, denominator: planned }, rows);
  };
  flag("A1.R1", 1);
  flag("A9.R1", 9);
  flag("A15.R1", 15);
  activityRate("A4.R1", 4);
  activityRate("A6.R1", 6);
  activityRate("A7.R1", 7, "outil", " de type Outil");
  activityRate("A16.R1", 16);
  {
    const list = acts.filter((a) => a.action === 5 && done(a) && a.date !== null && a.date.y <= year && a.type !== null && fold(a.type).includes("officialis"));
    out["A5.R1"] = missing("statut", "date", "type") ?? withRows({ value: list.length ? 1 : 0 }, counted(list));
  }
  {
    const need = missing("statut", "date", "tempsJours");
    if (need) out["A5.R2"] = need;
    else {
      const vals = of(5).filter((a) => done(a) && a.tempsJours !== null);
      out["A5.R2"] = withRows(vals.length ? { value: vals.reduce((s, a) => s + (a.tempsJours as number), 0) } : { value: null, reason: `aucun temps renseigné pour les activités réalisées de l'action 5 en ${year}` }, counted(vals));
    }
  }
  {
    const need = missing("statut", "date", "agentsFormes", "agentsAFormer");
    if (need) out["A7.R2"] = need;
    else {
      const list = of(7).filter((a) => a.statut !== "Annulée");
      const num = list.reduce((s, a) => s + (a.agentsFormes ?? 0), 0);
      const den = list.reduce((s, a) => s + (a.agentsAFormer ?? 0), 0);
      out["A7.R2"] = withRows(den === 0 ? { value: null, numerator: num, denominator: 0, reason: `aucun agent à former ou équiper renseigné pour l'action 7 en ${year}` } : { value: num / den, numerator: num, denominator: den }, counted(list));
    }
  }
  return withinLimits(out, source.sheet);
}

/**
 * A sum over a side table that is not finite (values typed beyond the limits of the calculation)
 * is n/a with its reason, never Infinity or NaN in a cell (SPEC §2.6, sums).
 */
function withinLimits(out: Record<string, Partial<IndicatorResult>>, sheet: string): Record<string, Partial<IndicatorResult>> {
  const bad = (x: unknown) => typeof x === "number" && !Number.isFinite(x);
  for (const [id, r] of Object.entries(out)) {
    if (bad(r.value) || bad(r.numerator) || bad(r.denominator))
      out[id] = { ...r, value: null, numerator: null, denominator: null, reason: `${OUT_OF_RANGE} : la somme des valeurs de la feuille « ${sheet} » dépasse les limites du calcul ; vérifiez les valeurs saisies` };
  }
  return out;
}

const ACTIVITY_HEADERS: Record<string, string> = { action: "Action", statut: "Statut", date: "Date", type: "Type", tempsJours: "Temps (jours)", agentsFormes: "Agents formés", agentsAFormer: "Agents à former" };
const INSERTION_HEADERS: Record<string, string> = { annee: "Année", heures: "Heures réalisées", genre: "Genre", trancheAge: "Tranche d'âge", qualification: "Niveau de qualification", formationQualifiante: "Formation qualifiante", rqth: "RQTH" };

export function insertionIndicators(reg: Register, year: number, contractsOfYear: Contract[], detail = false): Record<string, Partial<IndicatorResult>> {
  const out: Record<string, Partial<IndicatorResult>> = {};
  const rows = reg.insertion;
  const src = reg.insertionSource;
  const has = (k: string) => !!src && k in src.columns;
  // Every indicator of the PLIE follow-up reads the year of each row, and its own column.
  const absent = (k: string): Partial<IndicatorResult> | null => {
    if (!rows || !src) return { value: null, reason: "feuille « Insertion » absente du classeur" };
    const m = ["annee", k].filter((x) => !has(x));
    return m.length ? { value: null, reason: `colonne${m.length > 1 ? "s" : ""} ${m.map((x) => `« ${INSERTION_HEADERS[x]} »`).join(", ")} absente${m.length > 1 ? "s" : ""} de la feuille « ${src.sheet} »` } : null;
  };
  const ofYear: InsertionRow[] = rows ? rows.filter((r) => r.annee === year) : [];
  const sheet = src?.sheet ?? "Insertion";
  const counted = (list: InsertionRow[]): SideRow[] | null => (detail ? list.map((r) => ({ ref: rowRef(sheet, r.row), role: "compté" })) : null);

  // A8.E1: hours from the PLIE follow-up, else from the register.
  if (rows && has("heures") && has("annee")) {
    const known = ofYear.filter((r) => r.heures !== null);
    out["A8.E1"] = known.length ? withRows({ value: known.reduce((s, r) => s + (r.heures as number), 0), source: src!.sheet }, counted(known)) : { value: null, reason: `aucune heure renseignée dans « ${src!.sheet} » pour ${year}` };
  } else if (reg.present.has("heuresInsertionRealisees")) {
    // Without the PLIE follow-up, the register gives the hours over the life of the contracts
    // notified in the year: never presented as the hours of that year (docs/methodologie.md).
    const known = contractsOfYear.filter((c) => c.heuresInsertionRealisees !== null);
    const label = `Heures d'insertion réalisées sur la durée des marchés notifiés en ${year} (pas d'onglet Insertion)`;
    const comment = `heures réalisées sur la durée des marchés notifiés en ${year} (pas d'onglet Insertion) : ce ne sont pas les heures de l'année ${year}`;
    out["A8.E1"] = known.length
      ? { value: known.reduce((s, c) => s + (c.heuresInsertionRealisees as number), 0), label, comment, ...(detail ? { detail: { counted: known.map((c) => c.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) } } : {}) }
      : { value: null, label, reason: `aucune heure d'insertion réalisée renseignée pour les contrats notifiés en ${year}` };
  } else out["A8.E1"] = { value: null, reason: "ni feuille « Insertion » avec des heures réalisées, ni colonne « Heures d'insertion réalisées » dans le registre" };

  const share = (id: string, key: "genre" | "formationQualifiante" | "rqth", test: (r: InsertionRow) => Tri, what: string) => {
    const a = absent(key);
    if (a) return void (out[id] = a);
    let num = 0;
    let den = 0;
    const list: SideRow[] | null = detail ? [] : null;
    for (const r of ofYear) {
      const t = test(r);
      list?.push({ ref: rowRef(sheet, r.row), role: t === null ? `écarté : « ${INSERTION_HEADERS[key]} » inconnu` : t ? "numérateur" : "dénominateur seul" });
      if (t === null) continue;
      den++;
      if (t) num++;
    }
    out[id] = withRows(den === 0 ? { value: null, numerator: 0, denominator: 0, reason: `aucun bénéficiaire ${what} en ${year}` } : { value: num / den, numerator: num, denominator: den }, list);
  };
  share("A8.E2", "genre", (r) => (r.genre === null ? null : r.genre === "F"), "dont le genre est renseigné");
  share("A10.E1", "formationQualifiante", (r) => r.formationQualifiante, "suivi");
  share("A8.E6", "rqth", (r) => r.rqth, "suivi");
  const brk = (id: string, key: "trancheAge" | "qualification") => {
    const a = absent(key);
    if (a) return void (out[id] = a);
    const b: Record<string, number> = {};
    for (const r of ofYear) {
      const k = r[key] || NON_RENSEIGNE;
      b[k] = (b[k] ?? 0) + 1;
    }
    out[id] = withRows({ value: ofYear.length, breakdown: b }, counted(ofYear));
  };
  brk("A8.E3", "trancheAge");
  brk("A8.E4", "qualification");
  // (The methodology probes this function with a register reduced to its side tables.)
  return withinLimits(out, reg.insertionSource?.sheet ?? (reg.source as Register["source"] | undefined)?.sheet ?? "Registre");
}

