import * as fs from "fs";
import * as path from "path";
import { defaultMethodology, methodology } from "../../src/indicators/methodology";
import { referentialInUse } from "../../src/indicators/referential-in-use";
import { columnHeader, expressionColumns, parseExpression } from "../../src/register/expression";
import { defaultParameters } from "../../src/register/parameters";
import type { Parameters, ReferentialRow, ReferentialSheet } from "../../src/register/types";
import { builtinDefinitions } from "../../src/spaser/definitions";
import { INDICATORS, labelWithParameters } from "../../src/spaser/referential";
import { CONSIDERATION_KEYS } from "../../src/indicators/considerations";

const DOC = path.join(__dirname, "..", "..", "docs", "methodologie.md");

function defaultDoc(): string {
  return defaultMethodology();
}

/** The block of one indicator: from its anchor to the next anchor. */
function block(doc: string, id: string): string {
  const start = doc.indexOf(`<a id="${id}"></a>`);
  if (start < 0) throw new Error(`ancre ${id} absente du document`);
  const next = doc.indexOf("<a id=", start + 1);
  return doc.slice(start, next < 0 ? undefined : next);
}

/** The text between two headings (the first line starting with each prefix). */
function between(doc: string, from: string, to: string): string {
  const lines = doc.split("\n");
  const a = lines.findIndex((l) => l.startsWith(from));
  const b = lines.findIndex((l, i) => i > a && l.startsWith(to));
  if (a < 0 || b < 0) throw new Error(`titres « ${from} » ou « ${to} » absents`);
  return lines.slice(a, b).join("\n");
}

/** The header a column key is shown under (the DECP social consideration has no register header). */
const shown = (key: string) => (key === "socialDecp" ? "considerationsSociales" : columnHeader(key));

describe("docs/methodologie.md", () => {
  test("is what `npm run methodologie` writes now (run it and commit the file when this fails)", () => {
    const expected = defaultDoc();
    const actual = fs.readFileSync(DOC, "utf8").replace(/\r\n/g, "\n");
    if (actual !== expected) {
      const a = actual.split("\n");
      const e = expected.split("\n");
      const line = e.findIndex((l, i) => l !== a[i]);
      throw new Error(`docs/methodologie.md n'est plus à jour (première différence ligne ${line + 1}) : lancez « npm run methodologie » et validez le fichier.\nattendu : ${e[line]}\ntrouvé   : ${a[line]}`);
    }
  });
});

describe("methodology of the built-in referential", () => {
  const doc = defaultDoc();
  const p = defaultParameters();

  test("every built-in indicator has its heading with its id and its label as the boards show it", () => {
    // Labels that name a threshold follow the parameters: A11.E4 says 10 000 and 40 000 € HT by default.
    for (const d of INDICATORS) {
      const label = labelWithParameters(d.id, d.label, p);
      const heading = new RegExp(`^#{3,6} ${d.id.replace(/\./g, "\\.")} — ${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "m");
      expect({ id: d.id, found: heading.test(doc) }).toEqual({ id: d.id, found: true });
    }
    expect(doc).toContain("A11.E4 — Marchés suivis entre 10 000 € HT et 40 000 € HT");
  });

  test("every column a definition reads is named in that indicator's block, as the register writes its header", () => {
    for (const d of builtinDefinitions(p)) {
      if (d.type === "intégré") continue;
      const keys = new Set<string>();
      for (const text of [d.population, d.condition]) {
        if (!text.trim()) continue;
        const r = parseExpression(text);
        if (!r.ok) throw new Error(`${d.id} : ${r.message}`);
        expressionColumns(r.expr).forEach((k) => keys.add(k));
        for (const c of r.considerations) CONSIDERATION_KEYS[c === "sociale hors insertion" ? "socialeHorsInsertion" : c].forEach((k) => keys.add(k));
      }
      const b = block(doc, d.id);
      for (const k of keys) expect({ id: d.id, column: shown(k), named: b.includes(shown(k)) }).toEqual({ id: d.id, column: shown(k), named: true });
      if (d.valeur) expect({ id: d.id, valeur: d.valeur, named: b.includes(`« ${d.valeur} »`) }).toEqual({ id: d.id, valeur: d.valeur, named: true });
    }
  });

  test("hand-checked columns: thresholds with their values, and the columns of calculations the language cannot write", () => {
    // A8.R2 = rate of « Clause d'insertion » among contracts above « Seuil clause d'insertion » (90 000 € HT by default).
    const a8r2 = block(doc, "A8.R2");
    expect(a8r2).toContain("« Montant HT »");
    expect(a8r2).toContain("« Clause d'insertion »");
    expect(a8r2).toContain("« Seuil clause d'insertion (€ HT) » = 90 000 € HT");
    // T3 = formalised procedures: « Procédure ».
    expect(block(doc, "T3")).toContain("« Procédure »");
    // A1.E1 reads the targeted actions and the provision of each action (8: insertion clause; 17: advance).
    const a1e1 = block(doc, "A1.E1");
    for (const c of ["Actions ciblées", "Clause d'insertion", "Taux d'avance", "Avance"]) expect(a1e1).toContain(`« ${c} »`);
    // A17.R3 may be waived by the holder; C7.3 compares with the European threshold of the nature.
    expect(block(doc, "A17.R3")).toContain("« Renonciation à l'avance »");
    expect(block(doc, "C7.3")).toContain("« Nature »");
    expect(block(doc, "C7.3")).toContain("« Seuil européen travaux (€ HT) » = 5 404 000 € HT");
    // A16.E1 counts unsuccessful procedures outside C, by the « Infructueux » column.
    expect(block(doc, "A16.E1")).toContain("colonne « Infructueux » absente du registre");
  });

  test("says when each kind of indicator is n/a", () => {
    // An insertion indicator on a DECP-only register: the DECP does not tell insertion from other social clauses.
    const a8r1 = block(doc, "A8.R1");
    expect(a8r1).toContain("les données DECP ne distinguent pas l'insertion des autres clauses sociales");
    expect(a8r1).toContain("aucun contrat notifié en AAAA ciblé pour l'action 8");
    expect(a8r1).toContain("jamais 0 %");
    expect(block(doc, "T3")).toContain("les données DECP ne distinguent pas l'insertion");
    // A derived predicate is n/a only when none of its columns is present.
    expect(block(doc, "T2")).toMatch(/aucune des colonnes « Critère environnemental ».*« Économie circulaire » dans le registre/);
    // Side tables, manual inputs, counts.
    expect(block(doc, "A4.R1")).toContain("feuille « Activités » absente du classeur");
    expect(block(doc, "A8.E2")).toContain("feuille « Insertion » absente du classeur");
    expect(block(doc, "A22.E1")).toContain("feuille « Saisies »");
    expect(block(doc, "T1.V")).toContain("« Montant HT »");
    expect(block(doc, "A13.E2")).not.toContain("jamais 0 %");
    // A repeated measure points to the indicator it repeats.
    expect(block(doc, "A4.E1")).toContain("même mesure que [A2.E1](#A2.E1)");
  });

  test("states the principles: C, three-valued logic, n/a never 0 %, the drill-down and the workbook's referential", () => {
    const principles = between(doc, "## 1. Principes", "## 2.");
    expect(principles).toContain("**C** désigne les contrats du registre dont la « Date de notification » tombe dans l'année");
    expect(principles).toContain("inconnu ET faux = faux");
    expect(principles).toContain("inconnu OU vrai = vrai");
    expect(principles).toContain("écartés");
    expect(principles).toContain("jamais 0 %");
    expect(principles).toContain("--detail");
    expect(principles).toContain("« Détail des indicateurs »");
    expect(principles).toContain("« Indicateurs propres à la collectivité »");
    expect(principles).toContain("le référentiel intégré");
  });

  test("lists the parameters with their defaults and national sources", () => {
    const params = between(doc, "## 5. Paramètres", "## 6.");
    expect(params).toContain("| Seuil clause d'insertion (€ HT) | 90 000 € HT |");
    expect(params).toContain("| Référence nationale T2 | 100 % | Plan national pour des achats durables (PNAD) 2022-2025");
    expect(params).toContain("| Date d'application loi Climat | 21/08/2026 |");
    expect(params).not.toContain("Valeur retenue");
  });

  test("every internal link leads to an anchor, and every anchor is unique", () => {
    const anchors = [...doc.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]);
    expect(new Set(anchors).size).toBe(anchors.length);
    const links = [...doc.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(100);
    for (const l of links) expect({ link: l, anchored: anchors.includes(l) }).toEqual({ link: l, anchored: true });
  });
});

describe("methodology of a workbook's referential", () => {
  const row = (r: number, fields: Partial<ReferentialRow> & { id: string }): ReferentialRow => ({
    sheet: "Référentiel",
    row: r,
    label: null,
    type: null,
    population: "",
    condition: "",
    valeur: "",
    cibles: [null, null],
    action: null,
    invalid: null,
    ...fields,
  });
  const sheet: ReferentialSheet = {
    sheet: "Référentiel",
    rows: [
      row(2, {
        id: "T1",
        label: "Part des marchés d'au moins 40 000 € HT avec un critère ou une clause environnementale",
        type: "taux",
        population: "[Montant HT] >= 40 000",
        condition: "[Critère environnemental] OU [Clause environnementale]",
        cibles: [0.4, 0.75],
      }),
      row(3, { id: "X1", label: "Travaux en économie circulaire", type: "compte", population: '[Nature] = "Travaux"', condition: "[Économie circulaire]", action: 24 }),
      row(4, { id: "X2", label: "Montant moyen des marchés confiés à une TPE/PME", type: "moyenne", condition: "[Titulaire TPE/PME]", valeur: "Montant HT" }),
      row(5, { id: "X3", label: "Indicateur mal écrit", type: "taux", condition: "[Montnt HT] > 5", invalid: "Référentiel!D5 : caractère 1 : colonne « Montnt HT » inconnue" }),
    ],
  };
  const p = defaultParameters();
  const doc = methodology(referentialInUse(p, sheet, defaultParameters()), p);

  test("the summary counts the indicators replaced and added", () => {
    expect(doc).toContain("1 indicateur remplacé (T1), 3 ajoutés (X1, X2, X3)");
  });

  test("a replaced T1 shows its new label, definition and targets, and what it replaced", () => {
    const t1 = block(doc, "T1");
    expect(t1).toContain("### T1 — Part des marchés d'au moins 40 000 € HT avec un critère ou une clause environnementale");
    expect(t1).toContain("Modifié par le classeur** (feuille « Référentiel », ligne 2)");
    expect(t1).toContain("`[Montant HT] >= 40 000`");
    expect(t1).toContain("`[Critère environnemental] OU [Clause environnementale]`");
    expect(t1).toContain("« Clause environnementale »");
    // Targets typed as 0,4 and 0,75: 40 % and 75 %.
    expect(t1).toContain("étape 1 (Étape 1) : 40 % ; étape 2 (Étape 2) : 75 %");
    expect(t1).toContain("Libellé intégré remplacé : % de contrats avec un critère environnemental");
    expect(t1).toContain("Définition intégrée remplacée : taux, condition `[Critère environnemental]`");
    // T1.V follows T1 as redefined: it reads « Montant HT » and « Clause environnementale » now.
    expect(block(doc, "T1.V")).toContain("« Clause environnementale »");
  });

  test("an added indicator with an action is described under that action", () => {
    const action24 = between(doc, "##### Action 24 ", "##### Action 25 ");
    expect(action24).toContain("###### X1 — Travaux en économie circulaire");
    const x1 = block(doc, "X1");
    expect(x1).toContain("Propre à la collectivité");
    expect(x1).toContain("« Nature »");
    expect(x1).toContain("« Économie circulaire »");
    expect(x1).toContain("**Calcul** : compte.");
  });

  test("an added indicator without action is under « Indicateurs propres à la collectivité », and a faulty row says why it is n/a", () => {
    const own = between(doc, "## 11. Indicateurs propres à la collectivité", "## 12.");
    expect(own).toContain("### X2 — Montant moyen des marchés confiés à une TPE/PME");
    expect(block(doc, "X2")).toContain("moyenne de « Montant HT »");
    expect(block(doc, "X2")).toContain("« Titulaire TPE/PME »");
    expect(own).toContain("### X3 — Indicateur mal écrit");
    expect(block(doc, "X3")).toContain("colonne « Montnt HT » inconnue");
    expect(block(doc, "X3")).toContain("ligne 5");
  });

  test("the index lists the added indicators", () => {
    const index = doc.slice(doc.indexOf("## 12. Index"));
    expect(index).toContain("| [X1](#X1) | Travaux en économie circulaire | compte | [Action 24](#action-24) |");
    expect(index).toContain("| [X2](#X2) |");
  });
});

describe("methodology with a workbook's parameters", () => {
  test("thresholds and T4 follow the workbook's Paramètres, beside the defaults", () => {
    const p: Parameters = { ...defaultParameters(), seuilClauseInsertion: 40_000, t4InclutInsertion: false };
    const doc = methodology(referentialInUse(p, null, defaultParameters()), p);
    expect(block(doc, "A8.R2")).toContain("« Seuil clause d'insertion (€ HT) » = 40 000 € HT");
    expect(doc).toContain("| Seuil clause d'insertion (€ HT) | 90 000 € HT | 40 000 € HT |");
    const t4 = block(doc, "T4");
    expect(t4).toContain("`considération sociale hors insertion`");
    expect(t4).toContain("Avec « T4 inclut l'insertion » = oui, le numérateur devient `considération sociale`");
  });
});
