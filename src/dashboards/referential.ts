/**
 * The sheet « Référentiel » (docs/methodologie.md): the indicators in use written in the form a buyer edits —
 * Id, Libellé, Type, Population, Condition, Valeur, Cible étape 1, Cible étape 2, Action — the
 * starting point of a buyer's own SPASER. Read back, it gives exactly the same results.
 */
import type { Parameters } from "../register/types";
import type { ReferentialUse } from "../indicators/referential-in-use";
import { OTHER_SOURCES, periodeText } from "../spaser/definitions";
import { PALETTE, SheetBuilder, wrappedHeight } from "./builder";
import type { SheetPlan } from "./plan";
import { a4Landscape, legendRow } from "./rows";
import { INDICATOR_BY_ID } from "../spaser/referential";
import { actionsOfObjective, objectivesOfAxis, type Plan } from "../spaser/plan";

export const REFERENTIAL_NAME = "Référentiel";

const INSTRUCTIONS =
  "Mode d'emploi : copiez cette feuille dans le classeur du registre et adaptez-la. Une ligne dont l'Id est celui d'un indicateur de l'outil le remplace (libellé, cibles, et pour les types taux, compte, somme, moyenne : population et condition) ; une ligne d'Id nouveau (X1…) ajoute un indicateur, montré sous son action ou sous « Indicateurs propres à la collectivité ». " +
      "Type : aucun (l'indicateur n'est ni calculé ni montré), taux (part de la population qui remplit la condition), compte, somme ou moyenne (de la colonne Valeur), part en valeur (part de la colonne Valeur, par défaut Montant HT, des contrats qui remplissent la condition). Période : année (par défaut), étape (les années de l'étape en cours jusqu'à l'année suivie, paramètres « Années étape 1 » et « Années étape 2 ») ou un nombre d'années (3 ans). Population et Condition s'écrivent avec les noms de colonnes du registre, entre crochets ou non, et ET, OU, NON, =, ≠, <, <=, >, >=, ciblé(n), formalisée, considération environnementale, considération sociale ; un seuil peut nommer un paramètre de la feuille « Paramètres » ([Seuil clause d'insertion]). " +
      "Les indicateurs « intégré » sont calculés par l'outil : seuls leur libellé et leurs cibles peuvent changer. Définitions détaillées : docs/methodologie.md.";

export const REFERENTIAL_HEADERS = ["Id", "Libellé", "Type", "Population", "Condition", "Valeur", "Cible étape 1", "Cible étape 2", "Action", "Période", "Commentaire"] as const;
const WIDTHS = [9, 44, 10, 34, 44, 18, 10, 10, 8, 10, 50];

export function buildReferentialPlan(ref: ReferentialUse, p: Parameters, now: Date): SheetPlan {
  const b = new SheetBuilder(REFERENTIAL_NAME, "referentiel", WIDTHS, a4Landscape(p.collectivite, "Référentiel des indicateurs du SPASER", now, "SPASER — référentiel des indicateurs"));
  b.plan.tabColor = "#7030A0";
  b.plan.showGridLines = true;
  Object.assign(b.plan.styles, {
    rText: { vAlign: "top", wrap: true, numFmt: "@" },
    rId: { vAlign: "top", bold: true, numFmt: "@" },
    rExpr: { vAlign: "top", wrap: true, numFmt: "@", color: PALETTE.navy },
    rPercent: { vAlign: "top", numFmt: "0%" },
    rNumber: { vAlign: "top", numFmt: "#,##0.##" },
    rInt: { vAlign: "top", numFmt: "0" },
    rNote: { vAlign: "top", wrap: true, numFmt: "@", size: 9, color: PALETTE.darkGrey },
  });
  // Title and instructions above the header row: the reader looks for the header among the
  // first rows, and every row below it is an indicator.
  const t = b.next();
  b.merged(t, 0, WIDTHS.length - 1, "Référentiel des indicateurs du SPASER — à adapter par la collectivité", "title");
  b.height(t, 26);
  legendRow(b, WIDTHS.length - 1, INSTRUCTIONS, 64);
  b.next();
  const h = b.next();
  REFERENTIAL_HEADERS.forEach((text, c) => b.set(h, c, text, c === 1 || c >= 3 ? "colHeaderLeft" : "colHeader"));
  b.height(h, 20);
  b.plan.freeze = { rows: h + 1, cols: 1 };
  b.plan.print.titleRows = [h, h];
  const rows = ref.specs.filter((s) => !s.hidden);
  for (const s of rows) {
    const d = s.def;
    const r = b.next();
    // A measure repeated under another action (« même mesure que »): its id, label and action only.
    const def = d.sameAs ? null : s.definition;
    const type = d.sameAs ? "" : def ? def.type : "intégré";
    const note = d.sameAs ? `même mesure que ${d.sameAs}` : def?.description ?? OTHER_SOURCES[d.id as keyof typeof OTHER_SOURCES] ?? (d.manual ? "valeur saisie dans la feuille « Saisies » (Indicateur, Année, Valeur)" : "");
    const percent = type === "taux" || d.unit === "percent";
    b.set(r, 0, d.id, "rId");
    b.set(r, 1, d.label, "rText");
    b.set(r, 2, type, "rText");
    b.set(r, 3, def && type !== "intégré" ? def.population : "", "rExpr");
    b.set(r, 4, def && type !== "intégré" ? def.condition : "", "rExpr");
    b.set(r, 5, def && type !== "intégré" ? def.valeur : "", "rText");
    b.set(r, 6, s.targets?.[0] ?? null, percent ? "rPercent" : "rNumber");
    b.set(r, 7, s.targets?.[1] ?? null, percent ? "rPercent" : "rNumber");
    b.set(r, 8, d.action || null, "rInt");
    b.set(r, 9, def?.periode ? periodeText(def.periode) : null, "rText");
    b.set(r, 10, note, "rNote");
    b.height(
      r,
      wrappedHeight([
        { text: d.label, width: WIDTHS[1] - 1 },
        { text: def?.population ?? "", width: WIDTHS[3] - 1 },
        { text: def?.condition ?? "", width: WIDTHS[4] - 1 },
        { text: note, width: WIDTHS[10], size: 9 },
      ]),
    );
  }
  // Indicators the referential drops: kept as rows of type « aucun », so that the sheet read back drops them too.
  for (const id of ref.info.dropped ?? []) {
    const r = b.next();
    b.set(r, 0, id, "rId");
    b.set(r, 1, INDICATOR_BY_ID.get(id)?.label ?? null, "rText");
    b.set(r, 2, "aucun", "rText");
    b.set(r, 10, "indicateur retiré du référentiel (Type « aucun ») : ni calculé ni montré", "rNote");
  }
  return b.plan;
}

export const PLAN_NAME = "Plan";
export const PLAN_HEADERS = ["Axe", "Titre de l'axe", "Objectif", "Titre de l'objectif", "Action", "Titre de l'action", "Pilote"] as const;
const PLAN_WIDTHS = [6, 40, 9, 40, 8, 60, 36];
const PLAN_INSTRUCTIONS =
  "Mode d'emploi : le plan du SPASER, une ligne par action. Copiez cette feuille dans le classeur du registre et adaptez-la : elle remplace les axes, objectifs et actions du SPASER de la collectivité dans les tableaux de bord, la méthodologie, le volet, SPASER.TAUX(n), la colonne « Actions ciblées » et les leviers de la cotation. " +
  "Un numéro ou un titre laissé vide reprend celui de la ligne au-dessus. Avec une feuille « Plan », sont calculés T1 à T6 (sauf ceux que la feuille « Référentiel » retire, Type « aucun ») et les indicateurs de la feuille « Référentiel », chacun sous l'action de sa colonne « Action ».";

/** The plan in use as a `Plan` sheet (docs/methodologie.md): read back, the same axes, objectives and actions. */
export function buildPlanSheetPlan(plan: Plan, p: Parameters, now: Date): SheetPlan {
  const b = new SheetBuilder(PLAN_NAME, "plan", PLAN_WIDTHS, a4Landscape(p.collectivite, "Plan du SPASER", now, "SPASER — plan d'actions"));
  b.plan.tabColor = "#7030A0";
  b.plan.showGridLines = true;
  Object.assign(b.plan.styles, {
    rText: { vAlign: "top", wrap: true, numFmt: "@" },
    rInt: { vAlign: "top", numFmt: "0", bold: true },
  });
  const t = b.next();
  b.merged(t, 0, PLAN_WIDTHS.length - 1, `Plan du SPASER${plan.kind === "intégré" ? " de la collectivité" : ""} — à adapter`, "title");
  b.height(t, 26);
  legendRow(b, PLAN_WIDTHS.length - 1, PLAN_INSTRUCTIONS, 48);
  b.next();
  const h = b.next();
  PLAN_HEADERS.forEach((text, c) => b.set(h, c, text, c % 2 === 1 || c === 6 ? "colHeaderLeft" : "colHeader"));
  b.height(h, 20);
  b.plan.freeze = { rows: h + 1, cols: 0 };
  b.plan.print.titleRows = [h, h];
  const axisDone = new Set<number>();
  const objDone = new Set<string>();
  for (const axis of plan.axes) {
    for (const obj of objectivesOfAxis(plan, axis.n)) {
      const actions = actionsOfObjective(plan, obj);
      for (const a of actions.length ? actions : [null]) {
        const r = b.next();
        b.set(r, 0, axis.n, "rInt");
        b.set(r, 1, axisDone.has(axis.n) ? null : axis.title || null, "rText");
        b.set(r, 2, obj.n, "rInt");
        b.set(r, 3, objDone.has(`${axis.n}/${obj.n}`) ? null : obj.title || null, "rText");
        b.set(r, 4, a ? a.n : null, "rInt");
        b.set(r, 5, a ? a.title : null, "rText");
        b.set(r, 6, a ? a.pilot || null : null, "rText");
        b.height(r, wrappedHeight([{ text: axisDone.has(axis.n) ? "" : axis.title, width: PLAN_WIDTHS[1] - 1 }, { text: objDone.has(`${axis.n}/${obj.n}`) ? "" : obj.title, width: PLAN_WIDTHS[3] - 1 }, { text: a?.title ?? "", width: PLAN_WIDTHS[5] - 1 }, { text: a?.pilot ?? "", width: PLAN_WIDTHS[6] - 1 }]));
        axisDone.add(axis.n);
        objDone.add(`${axis.n}/${obj.n}`);
      }
    }
  }
  return b.plan;
}
