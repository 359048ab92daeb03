/**
 * « Rapport annuel du SPASER » (docs/methodologie.md, art. L2111-3 of the Code de la commande
 * publique): one self-contained HTML page — no script, no request, styles and SVG charts inline —
 * that a communications team can put online as it is and that prints on A4 from any browser.
 * Six parts: the deployment targets, the actions by axis and objective, the loi Climat, the
 * committee, data quality, method and source. Pure: results in, text out.
 *
 * Every figure is written with its raw value in `data-v` (and `data-i`/`data-f` naming the
 * indicator and the field), so that a test can check it against the JSON of `spaser indicators`.
 */
import { formatValue, frNumber, frPercent, referentialText } from "../indicators/format";
import type { IndicatorResult, Results } from "../indicators/types";
import type { Issue, Register } from "../register/types";
import { indicatorsOfAction, TARGET_IDS } from "../spaser/referential";
import { actionsOfObjective, axisHeading, objectiveHeading, objectivesOfAxis, unplaced } from "../spaser/plan";
import { markdownToHtml } from "./markdown";
import { barChart, esc, lineChart } from "./svg";

export interface ReportSource {
  /** The file read, as the user named it (base name). */
  fileName: string;
  /** SHA-256 of the bytes read, hexadecimal. */
  sha256: string;
  generatedAt: Date;
  /** The tool's version (package.json). */
  version: string;
  /** What the SHA-256 was computed over, when not the file's bytes (the add-in hashes the register it read). */
  hashOf?: string;
}

/** T1–T6 and T1.V–T6.V for every year of the register (null when n/a that year). */
export interface YearSeries {
  years: number[];
  values: Record<string, (number | null)[]>;
}

export interface ReportInput {
  register: Register;
  results: Results;
  series: YearSeries;
  /** The methodology of the referential in use, as generated (Markdown). */
  methodology: string;
  source: ReportSource;
}

export const REPORT_TITLE = "Rapport annuel du SPASER";

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: Carlito, Calibri, "Liberation Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.4; color: #1A1A1A; background: #FFFFFF; margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.9rem; color: #1F3864; margin: 0 0 .3rem; }
h2 { font-size: 1.45rem; color: #1F3864; border-bottom: 2px solid #1F3864; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.15rem; color: #1F3864; margin: 1.4rem 0 .4rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
h5, h6 { font-size: .95rem; margin: .8rem 0 .3rem; }
a { color: #1F4E79; }
.subtitle { font-size: 1.1rem; margin: 0 0 1rem; }
.lead { font-size: 1.02rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; color: #1F3864; }
th, td { border: 1px solid #8C8C8C; padding: .25rem .4rem; vertical-align: top; text-align: left; }
thead th { background: #DCE6F2; }
th[scope="row"] { font-weight: bold; white-space: nowrap; }
td.n, th.n { text-align: right; white-space: nowrap; }
tr.action th { background: #F2F2F2; text-align: left; font-weight: bold; }
.status { display: inline-block; padding: 0 .35rem; border-radius: .2rem; white-space: nowrap; }
.s-atteint { background: #E2F0D9; color: #1E5B2E; }
.s-encours { background: #FFF2CC; color: #6B4200; }
.s-nr { background: #EDEDED; color: #3A3A3A; }
.na { color: #4A4A4A; font-style: italic; }
.reason { display: block; font-size: .85rem; color: #4A4A4A; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
figure { margin: .5rem 0 1rem; break-inside: avoid; page-break-inside: avoid; }
.charts figure { flex: 1 1 17rem; max-width: 19rem; }
figcaption { font-size: .9rem; margin-top: .2rem; }
.ids { font-family: Consolas, "Liberation Mono", monospace; font-size: .85rem; overflow-wrap: anywhere; }
.kpi { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .5rem; margin: 1rem 0; }
.kpi div { border: 1px solid #8C8C8C; border-radius: .3rem; padding: .4rem .6rem; }
.kpi strong { display: block; font-size: 1.4rem; color: #1F3864; }
nav ol { columns: 2; }
nav li { margin: .2rem 0; }
nav a { display: inline-block; min-height: 24px; line-height: 24px; }
blockquote { margin: .5rem 0; padding: .3rem .8rem; border-left: 4px solid #8C8C8C; background: #F7F7F7; }
code { font-family: Consolas, "Liberation Mono", monospace; font-size: .9em; }
footer { max-width: 60rem; margin: 2rem auto 1rem; padding: 0 1.5rem; font-size: .85rem; color: #3A3A3A; }
@page { size: A4; margin: 15mm 14mm 16mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  section.part { break-before: page; page-break-before: always; }
  section.part.first { break-before: auto; page-break-before: auto; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr, .kpi div { break-inside: avoid; page-break-inside: avoid; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
}
`;

function fig(id: string, field: string, v: number | null | undefined, text: string): string {
  return `<span data-i="${esc(id)}" data-f="${field}" data-v="${v === null || v === undefined ? "null" : String(v)}">${esc(text)}</span>`;
}

function statusBadge(s: string | undefined): string {
  if (!s) return "";
  const cls = s === "Atteint" ? "s-atteint" : s === "En cours" ? "s-encours" : "s-nr";
  return `<span class="status ${cls}">${esc(s)}</span>`;
}

/** A target in the indicator's unit: a share for a rate, the unit's number otherwise. */
function targetText(r: IndicatorResult, t: number | null | undefined): string {
  if (t === null || t === undefined) return "";
  return r.unit === "percent" ? frPercent(t, 0) : formatValue({ value: t, unit: r.unit });
}

function valueCell(r: IndicatorResult): string {
  if (r.value === null) return `<span class="na">${fig(r.id, "value", null, "non disponible")}</span><span class="reason">${esc(r.reason ?? "")}</span>`;
  const text = typeof r.value === "number" ? formatValue(r) : String(r.value);
  return fig(r.id, "value", typeof r.value === "number" ? r.value : null, text);
}

function ratioCell(r: IndicatorResult): string {
  if (r.numerator === undefined || r.numerator === null || r.denominator === undefined || r.denominator === null) return "";
  const n = (x: number) => (Number.isInteger(x) ? frNumber(x) : frNumber(x, 2));
  return `${fig(r.id, "numerator", r.numerator, n(r.numerator))} / ${fig(r.id, "denominator", r.denominator, n(r.denominator))}`;
}

function stageLabel(res: Results): string {
  const lbl = res.parameters.libelleEtape[res.etape - 1];
  return lbl && lbl !== `Étape ${res.etape}` ? `étape ${res.etape} (${lbl})` : `étape ${res.etape}`;
}

function plural(n: number, one: string, many: string): string {
  return `${frNumber(n)} ${n > 1 ? many : one}`;
}

// 1. Headline ------------------------------------------------------------------------------------

function headline(input: ReportInput): string {
  const { results: res, series } = input;
  const p = res.parameters;
  const rows = TARGET_IDS.filter((id) => res.indicators[id]).map((id) => {
    const r = res.indicators[id];
    const v = res.indicators[`${id}.V`];
    const ref = (p.referencesNationales as Record<string, number | null>)[id];
    return (
      `<tr><th scope="row">${esc(id)}</th><td>${esc(r.label)}</td><td class="n">${valueCell(r)}</td><td class="n">${ratioCell(r)}</td>` +
      `<td class="n">${v ? valueCell(v) : ""}</td><td class="n">${esc(targetText(r, r.target))}</td><td>${statusBadge(r.status)}</td>` +
      `<td class="n">${ref === null || ref === undefined ? "—" : esc(frPercent(ref, 0))}</td></tr>`
    );
  });
  const bars = barChart(
    TARGET_IDS.filter((id) => res.indicators[id]).map((id) => {
      const r = res.indicators[id];
      const v = res.indicators[`${id}.V`];
      return { id, label: r.label, value: typeof r.value === "number" ? r.value : null, valueV: v ? (typeof v.value === "number" ? v.value : null) : undefined, target: r.target ?? null };
    }),
    {
      key: "c-cibles",
      title: `Cibles de déploiement T1 à T6 en ${res.year}, en nombre et en valeur, avec la cible de l'${stageLabel(res)}`,
      description: TARGET_IDS.filter((id) => res.indicators[id])
        .map((id) => {
          const r = res.indicators[id];
          const v = res.indicators[`${id}.V`];
          const num = typeof r.value === "number" ? frPercent(r.value) : "non disponible";
          const val = v && typeof v.value === "number" ? frPercent(v.value) : "non disponible";
          return `${id} : ${num} en nombre, ${val} en valeur${r.target !== undefined ? `, cible ${frPercent(r.target, 0)}` : ""}`;
        })
        .join(" ; "),
    },
  );
  const years = series.years;
  const lines = TARGET_IDS.filter((id) => res.indicators[id]).map((id) => {
    const r = res.indicators[id];
    const pts = years.map((y, i) => ({ year: y, value: series.values[id]?.[i] ?? null }));
    const ptsV = years.map((y, i) => ({ year: y, value: series.values[`${id}.V`]?.[i] ?? null }));
    const described = pts.map((pt) => `${pt.year} : ${pt.value === null ? "non disponible" : frPercent(pt.value)}`).join(", ");
    return (
      `<figure>` +
      lineChart(pts, r.target ?? null, { key: `c-${id}`, title: `${id} — ${r.label}, par année`, description: `${id} en nombre par année : ${described}.` }, { name: "en valeur", points: ptsV }) +
      `<figcaption><strong>${esc(id)}</strong> — ${esc(r.label)} (trait plein : en nombre ; pointillés : en valeur). Chiffres dans le tableau « Évolution par année ».</figcaption></figure>`
    );
  });
  const seriesTable =
    `<table><caption>Évolution par année des cibles T1 à T6 (en nombre, et en valeur entre parenthèses)</caption><thead><tr><th scope="col">Cible</th>${years.map((y) => `<th scope="col" class="n">${y}</th>`).join("")}</tr></thead><tbody>` +
    TARGET_IDS.filter((id) => res.indicators[id])
      .map((id) => {
        const cells = years.map((y, i) => {
          const v = series.values[id]?.[i] ?? null;
          const vv = series.values[`${id}.V`]?.[i] ?? null;
          return `<td class="n">${v === null ? "—" : esc(frPercent(v))}${vv === null ? "" : ` (${esc(frPercent(vv))})`}</td>`;
        });
        return `<tr><th scope="row">${esc(id)}</th>${cells.join("")}</tr>`;
      })
      .join("") +
    "</tbody></table>";
  const constat = p.constatNational;
  const national =
    constat.environnemental !== null || constat.social !== null
      ? `<p>Repères nationaux : objectifs du Plan national pour des achats durables 2022-2025 (PNAD) dans la colonne « Référence nationale » ; constat de l'Observatoire économique de la commande publique (OECP, recensement des marchés de 90 000 € HT et plus notifiés en 2022) : ${constat.environnemental !== null ? `${esc(frPercent(constat.environnemental))} des marchés avec une considération environnementale` : ""}${constat.environnemental !== null && constat.social !== null ? ", " : ""}${constat.social !== null ? `${esc(frPercent(constat.social))} avec une considération sociale` : ""}. Une référence se lit pour comparaison : elle ne change jamais un statut.</p>`
      : "";
  return (
    `<p class="lead">Les six cibles du déploiement échelonné du SPASER, mesurées sur les ${plural(res.contractsInYear, "contrat notifié", "contrats notifiés")} en ${res.year}, en nombre de contrats et en valeur (montants HT), comparées aux cibles de l'${esc(stageLabel(res))}.</p>` +
    `<table><caption>Cibles de déploiement en ${res.year}</caption><thead><tr><th scope="col">Cible</th><th scope="col">Libellé</th><th scope="col" class="n">En nombre</th><th scope="col" class="n">Contrats</th><th scope="col" class="n">En valeur</th><th scope="col" class="n">Cible de l'étape</th><th scope="col">Statut</th><th scope="col" class="n">Référence nationale (PNAD)</th></tr></thead><tbody>${rows.join("")}</tbody></table>` +
    national +
    `<figure>${bars}<figcaption>Cibles T1 à T6 en ${res.year} : barre bleue en nombre de contrats, barre brique en valeur, trait noir à la cible de l'étape. Chiffres dans le tableau ci-dessus.</figcaption></figure>` +
    (years.length ? `<h3>Évolution par année</h3><div class="charts">${lines.join("")}</div>${seriesTable}` : "")
  );
}

// 2. Actions by axis and objective ---------------------------------------------------------------

function indicatorTable(res: Results, caption: string, groups: { title: string | null; ids: string[] }[]): string {
  const body = groups
    .filter((g) => g.ids.length || g.title)
    .map((g) => {
      const head = g.title ? `<tr class="action"><th scope="rowgroup" colspan="6">${esc(g.title)}</th></tr>` : "";
      const rows = g.ids.map((id) => {
        const r = res.indicators[id];
        const def = res.definitions.find((d) => d.id === id);
        const kind = def?.kind === "effet" ? "indicateur d'effet" : def?.kind === "realisation" ? "indicateur de réalisation" : "";
        const same = def?.sameAs ? `<span class="reason">même mesure que ${esc(def.sameAs)}</span>` : "";
        // The indicator's note (the years a multi-year indicator cumulates, a value from « Saisies »).
        const note = r.comment && r.comment !== `même mesure que ${def?.sameAs ?? ""}` ? `<span class="reason">${esc(r.comment.charAt(0).toUpperCase() + r.comment.slice(1))}</span>` : "";
        return `<tr><th scope="row">${esc(id)}</th><td>${esc(r.label)}${kind ? ` <span class="reason">${kind}</span>` : ""}${same}${note}</td><td class="n">${valueCell(r)}</td><td class="n">${ratioCell(r)}</td><td class="n">${esc(targetText(r, r.target))}</td><td>${statusBadge(r.status)}</td></tr>`;
      });
      return head + rows.join("");
    })
    .join("");
  return `<table><caption>${esc(caption)}</caption><thead><tr><th scope="col">Id</th><th scope="col">Indicateur</th><th scope="col" class="n">Valeur ${res.year}</th><th scope="col" class="n">Numérateur / dénominateur</th><th scope="col" class="n">Cible</th><th scope="col">Statut</th></tr></thead><tbody>${body}</tbody></table>`;
}

function actions(res: Results): string {
  const out: string[] = [];
  const plan = res.plan;
  for (const axis of plan.axes) {
    out.push(`<h3>${esc(axisHeading(axis))}</h3>`);
    for (const obj of objectivesOfAxis(plan, axis.n)) {
      const groups = actionsOfObjective(plan, obj).map((a) => ({
        title: `Action ${a.n} — ${a.title}${a.pilot ? ` (pilote : ${a.pilot})` : ""}`,
        ids: indicatorsOfAction(a.n, res.definitions)
          .filter((d) => res.indicators[d.id] && d.kind !== "cible" && d.kind !== "valeur" && d.kind !== "alerte")
          .map((d) => d.id),
      }));
      out.push(`<h4>${esc(objectiveHeading(obj))}</h4>`, indicatorTable(res, `Objectif ${obj.n} : indicateurs de ses actions en ${res.year}`, groups));
    }
  }
  const own = unplaced(res.definitions, plan).filter((d) => res.indicators[d.id]);
  if (own.length) out.push(`<h3>Indicateurs propres à la collectivité</h3>`, indicatorTable(res, "Indicateurs ajoutés par la feuille « Référentiel » du classeur", [{ title: null, ids: own.map((d) => d.id) }]));
  return out.join("");
}

// 3. Loi Climat ----------------------------------------------------------------------------------

function idList(ids: string[]): string {
  if (!ids.length) return "aucun";
  const shown = ids.slice(0, 200);
  return `<span class="ids">${esc(shown.join(", "))}${ids.length > shown.length ? ` … (${frNumber(ids.length - shown.length)} autres)` : ""}</span>`;
}

function climat(res: Results): string {
  const d = res.parameters.dateApplicationLoiClimat;
  const date = `${String(d.d).padStart(2, "0")}/${String(d.m).padStart(2, "0")}/${d.y}`;
  const alerts = res.definitions.filter((x) => x.kind === "alerte" && res.indicators[x.id]);
  const rows = alerts.map((x) => {
    const r = res.indicators[x.id];
    const excluded = r.excluded ? `<span class="reason">${plural(r.excluded, "contrat écarté", "contrats écartés")} faute de valeur connue (« Date de lancement »…)</span>` : "";
    const exceptions = r.exclusions?.length ? `<span class="reason">Écartés par la loi : ${esc(r.exclusions.map((e) => `${e.id} (${e.reason})`).join(" ; "))}</span>` : "";
    // Consultations still in progress first: that is when the alert is worth most.
    const progress = new Set(r.inProgress ?? []);
    const ids =
      r.value === null
        ? ""
        : (progress.size ? `<strong>En cours, encore corrigeables :</strong> ${idList([...progress])}<br>` : "") + idList((r.ids ?? []).filter((i) => !progress.has(i)));
    return `<tr><th scope="row">${esc(x.id)}</th><td>${esc(r.label)}${excluded}${exceptions}</td><td class="n">${valueCell(r)}</td><td>${ids}</td></tr>`;
  });
  const groups = res.indicators["C7.4"]?.groups ?? [];
  const groupTable = groups.length
    ? `<table><caption>Fractionnements possibles (C7.4) : achats homogènes sans procédure formalisée dont le total atteint le seuil européen</caption><thead><tr><th scope="col">Entité</th><th scope="col">Famille d'achat</th><th scope="col" class="n">Année</th><th scope="col" class="n">Total HT</th><th scope="col">N° des marchés</th></tr></thead><tbody>${groups
        .map((g) => `<tr><th scope="row">${esc(g.entite)}</th><td>${esc(g.famille)}</td><td class="n">${g.annee}</td><td class="n">${esc(frNumber(g.total))} €</td><td>${idList(g.ids)}</td></tr>`)
        .join("")}</tbody></table>`
    : "";
  return (
    `<p class="lead">Depuis la loi Climat et résilience (art. 35), les consultations lancées à compter du ${date} doivent comporter une considération environnementale dans les conditions d'exécution (art. L2112-2 du Code de la commande publique) et au moins un critère d'attribution environnemental (art. L2152-7) ; au-dessus des seuils européens, une considération sociale dans les conditions d'exécution (art. L2112-2-1). La loi prévoit des exceptions : ces alertes désignent des marchés à vérifier, pas des manquements constatés.</p>` +
    (rows.length
      ? `<table><caption>Alertes à vérifier en ${res.year}</caption><thead><tr><th scope="col">Id</th><th scope="col">Alerte</th><th scope="col" class="n">Nombre</th><th scope="col">N° des consultations ou marchés</th></tr></thead><tbody>${rows.join("")}</tbody></table>${groupTable}`
      : "<p>Le référentiel en usage ne comporte pas d'alerte loi Climat.</p>")
  );
}

// 4. Committee -----------------------------------------------------------------------------------

function committee(res: Results): string {
  const ids = ["A1.R1", "A1.E1", "A2.R1", "A2.E1", "A3.E1"].filter((id) => res.indicators[id]);
  return (
    `<p class="lead">Le comité annuel des achats durables (CAD) examine chaque année les marchés récurrents à renouveler et décide des actions du SPASER à y intégrer (feuille « Cotation CAD »). Le taux des actions menées à terme (A1.E1) mesure, sur les marchés notifiés dans l'année, la part des actions décidées ou ciblées qui ont été effectivement intégrées.</p>` +
    indicatorTable(res, `Gouvernance et suivi des décisions en ${res.year}`, [{ title: null, ids }])
  );
}

// 5. Data quality --------------------------------------------------------------------------------

function quality(reg: Register, res: Results): string {
  const s = reg.source;
  const issues: Issue[] = [...reg.issues, ...res.notes];
  const count = (sev: Issue["severity"]) => issues.filter((i) => i.severity === sev).length;
  const byColumn = new Map<string, { error: number; warning: number; info: number }>();
  for (const i of issues) {
    const k = i.column ? `${i.sheet} — ${i.column}` : `${i.sheet} (feuille)`;
    const e = byColumn.get(k) ?? { error: 0, warning: 0, info: 0 };
    e[i.severity]++;
    byColumn.set(k, e);
  }
  const top = [...byColumn.entries()].sort((a, b) => b[1].error + b[1].warning - (a[1].error + a[1].warning) || a[0].localeCompare(b[0])).slice(0, 15);
  const errors = issues.filter((i) => i.severity === "error").slice(0, 20);
  return (
    `<div class="kpi">` +
    `<div>Lignes lues<strong>${frNumber(s.rowsRead)}</strong></div>` +
    `<div>Contrats retenus<strong>${frNumber(s.rowsUsed)}</strong></div>` +
    `<div>Lignes rejetées<strong>${frNumber(s.rowsRejected)}</strong></div>` +
    `<div>Lignes fusionnées (co-titulaires)<strong>${frNumber(s.rowsMerged)}</strong></div>` +
    `<div>Erreurs<strong>${frNumber(count("error"))}</strong></div>` +
    `<div>Avertissements<strong>${frNumber(count("warning"))}</strong></div>` +
    `<div>Informations<strong>${frNumber(count("info"))}</strong></div></div>` +
    `<p>Registre lu : feuille${s.sheet.includes(",") ? "s" : ""} « ${esc(s.sheet)} », en-tête ligne ${s.headerRow}, ${plural(Object.keys(s.columns).length, "colonne reconnue", "colonnes reconnues")}${s.unknownColumns.length ? `, ${plural(s.unknownColumns.length, "colonne non reconnue", "colonnes non reconnues")}` : ""}. Une cellule illisible ne fait pas perdre la ligne : la valeur est tenue pour inconnue et les indicateurs qui la lisent l'écartent en le disant.</p>` +
    (top.length
      ? `<table><caption>Anomalies par colonne</caption><thead><tr><th scope="col">Feuille et colonne</th><th scope="col" class="n">Erreurs</th><th scope="col" class="n">Avertissements</th><th scope="col" class="n">Informations</th></tr></thead><tbody>${top
          .map(([k, e]) => `<tr><th scope="row">${esc(k)}</th><td class="n">${e.error}</td><td class="n">${e.warning}</td><td class="n">${e.info}</td></tr>`)
          .join("")}</tbody></table>`
      : "<p>Aucune anomalie.</p>") +
    (errors.length
      ? `<table><caption>Premières erreurs, avec leur cellule</caption><thead><tr><th scope="col">Cellule</th><th scope="col">Message</th></tr></thead><tbody>${errors
          .map((i) => `<tr><th scope="row">${esc(i.cell ?? i.sheet)}</th><td>${esc(i.message)}</td></tr>`)
          .join("")}</tbody></table>`
      : "")
  );
}

// 6. Method and source ---------------------------------------------------------------------------

/** The parts of the methodology the annex keeps: principles and the index of indicators (the whole document is `spaser methodologie`). */
export function methodologyExtract(md: string): string {
  const keep = (from: string, to: string | null) => {
    const a = md.indexOf(`<a id="${from}"></a>`);
    if (a < 0) return "";
    const b = to ? md.indexOf(`<a id="${to}"></a>`, a + 1) : -1;
    return md.slice(a, b < 0 ? undefined : b);
  };
  return [keep("principes", "colonnes"), keep("index", null)].join("\n");
}

function annex(input: ReportInput): string {
  const { source, results: res } = input;
  const ref = res.referential;
  const refText = ref.kind === "intégré" ? "référentiel intégré (celui du SPASER)" : referentialText(ref);
  const when = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", dateStyle: "long", timeStyle: "short" }).format(source.generatedAt);
  const md = methodologyExtract(input.methodology).replace(/\]\(#([^)]+)\)/g, (m, id: string) => (/^(principes|index)$/.test(id) || /^[A-Z]/.test(id) ? m : `](#m-index)`));
  return (
    `<table><caption>Source des chiffres</caption><tbody>` +
    `<tr><th scope="row">Fichier lu</th><td>${esc(source.fileName)}</td></tr>` +
    `<tr><th scope="row">Empreinte SHA-256${source.hashOf ? ` ${esc(source.hashOf)}` : ""}</th><td class="ids">${esc(source.sha256)}</td></tr>` +
    `<tr><th scope="row">Produit le</th><td>${esc(when)}</td></tr>` +
    `<tr><th scope="row">Outil</th><td>spaser ${esc(source.version)}</td></tr>` +
    `<tr><th scope="row">Référentiel</th><td>${esc(refText)}</td></tr>` +
    `<tr><th scope="row">Année, étape${res.entity ? ", entité" : ""}</th><td>${res.year}, ${esc(stageLabel(res))}${res.entity ? `, ${esc(res.entity)}` : ""}</td></tr>` +
    `</tbody></table>` +
    `<p>L'empreinte SHA-256 permet à quiconque de vérifier que les chiffres proviennent bien de ${source.hashOf ? "ces données" : "ce fichier"}. La méthodologie complète (chaque indicateur, ses colonnes, ses cas non calculables) s'obtient par <code>spaser methodologie ${esc(source.fileName)}</code> ; en voici les principes et l'index.</p>` +
    markdownToHtml(md.replace(/^## 1\. /m, "## ").replace(/^## 11\. /m, "## "), { shift: 1, idPrefix: "m-" }).replace(/href="#m-([A-Z][^"]*)"/g, 'href="#m-index"')
  );
}

// The page ---------------------------------------------------------------------------------------

const PARTS: [string, string][] = [
  ["cibles", "Les cibles du déploiement"],
  ["actions", "Les actions, par axe et objectif"],
  ["loi-climat", "Loi Climat et résilience"],
  ["comite", "Le comité annuel des achats durables"],
  ["qualite", "Qualité des données"],
  ["source", "Méthode et source"],
];

export function buildReport(input: ReportInput): string {
  const { results: res, register: reg } = input;
  const p = res.parameters;
  const who = [p.collectivite, res.entity].filter(Boolean).join(" — ");
  const title = `${REPORT_TITLE} — ${res.year}${who ? ` — ${who}` : ""}`;
  const bodies = [headline(input), actions(res), climat(res), committee(res), quality(reg, res), annex(input)];
  const parts = PARTS.map(
    ([id, t], i) => `<section class="part${i === 0 ? " first" : ""}" id="${id}" aria-labelledby="h-${id}"><h2 id="h-${id}">${i + 1}. ${esc(t)}</h2>${bodies[i]}</section>`,
  );
  return (
    `<!doctype html>\n<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="generator" content="spaser ${esc(input.source.version)}"><title>${esc(title)}</title><style>${STYLE}</style></head><body>` +
    `<main><h1>${esc(REPORT_TITLE)} ${res.year}</h1>` +
    `<p class="subtitle">${esc(who || "Schéma de promotion des achats publics socialement et écologiquement responsables")} — contrats notifiés en ${res.year} ; rapport publié en application de l'article L2111-3 du Code de la commande publique.</p>` +
    `<nav aria-label="Sommaire"><h2>Sommaire</h2><ol>${PARTS.map(([id, t]) => `<li><a href="#${id}">${esc(t)}</a></li>`).join("")}</ol></nav>` +
    parts.join("\n") +
    `</main><footer><p>${esc(title)} — chiffres calculés à partir du registre des marchés « ${esc(input.source.fileName)} » (SHA-256 ${esc(input.source.sha256.slice(0, 16))}…).</p></footer></body></html>\n`
  );
}
