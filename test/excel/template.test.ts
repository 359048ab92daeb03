/** "Créer un registre modèle": the sheets written, and the add-in recognising them afterwards. */
import { OfficeWorkbook } from "../../src/excel/office-workbook";
import { buildTemplate, listSource, PROCEDURES } from "../../src/dashboards/template";
import { readWorkbook } from "../../src/register/read";
import { DEFAULT_PARAMETERS } from "../../src/register/parameters";
import { FakeWorkbook } from "./fake-excel";

describe("template register", () => {
  test("five sheets with Excel tables, lists and formats, in two syncs; the add-in then finds an empty register and the default parameters", async () => {
    const wb = new FakeWorkbook();
    wb.addSheet("Feuil1");
    const port = new OfficeWorkbook(wb.run);
    const res = await port.createTemplate(buildTemplate());
    expect(res.sheets).toEqual(["Registre", "Activités", "Insertion", "Saisies", "Paramètres"]);
    expect(wb.syncs).toBe(2);
    expect(wb.tables.map((t) => [t.sheet.name, t.name])).toEqual([
      ["Registre", "Registre"],
      ["Activités", "Activites"],
      ["Insertion", "Insertion"],
      ["Saisies", "Saisies"],
      ["Paramètres", "Parametres"],
    ]);
    const reg = wb.sheet("Registre")!;
    expect(reg.get(0, 0)?.value).toBe("N° marché");
    // N° marché is text (leading zeros kept); Montant HT in euros; dates as dates.
    expect(reg.get(1, 0)?.numberFormat).toBe("@");
    const headers = [...Array(60).keys()].map((c) => reg.get(0, c)?.value);
    expect(reg.get(1, headers.indexOf("Montant HT"))?.numberFormat).toBe('#,##0 "€"');
    expect(reg.get(1, headers.indexOf("Date de notification"))?.numberFormat).toBe("dd/mm/yyyy");
    const rules = reg.log.filter((e) => e.path.endsWith("dataValidation.rule"));
    const yesNoCol = headers.indexOf("Clause d'insertion");
    expect(reg.log.find((e) => e.path === `getRangeByIndexes(1,${yesNoCol},1000,1).dataValidation.rule`)?.value).toEqual({ list: { inCellDropDown: true, source: "oui,non" } });
    expect(rules.some((e) => JSON.stringify(e.value).includes("Appel d'offres ouvert"))).toBe(true);

    const { grids, sheetNames } = await port.readGrids();
    const register = readWorkbook(grids, sheetNames);
    expect(register.source).toMatchObject({ sheet: "Registre", table: "Registre", headerRow: 1, unknownColumns: [] });
    expect(register.contracts).toEqual([]);
    expect(register.activitiesSource?.table).toBe("Activites");
    expect(register.insertionSource?.table).toBe("Insertion");
    expect(register.parameters).toEqual(DEFAULT_PARAMETERS);
    expect(register.issues.filter((i) => i.severity !== "info")).toEqual([]);
  });

  test("a user's sheet or table already named Registre is left alone", async () => {
    const wb = new FakeWorkbook();
    const mine = wb.addSheet("Registre");
    mine.set(0, 0, "Brouillon");
    const res = await new OfficeWorkbook(wb.run).createTemplate(buildTemplate());
    expect(res.sheets[0]).toBe("Registre (2)");
    expect(mine.log).toEqual([]);
    expect([...mine.cells.values()]).toEqual([{ value: "Brouillon", numberFormat: "General" }]);
  });

  test("Excel's 255-character limit of a list is respected", () => {
    // Excel refuses a list source longer than 255 characters.
    for (const s of buildTemplate()) for (const c of s.columns) if (c.validation?.type === "list") expect(listSource(c.validation.values).length).toBeLessThanOrEqual(255);
    expect(listSource(PROCEDURES)).toBe("Appel d'offres ouvert,Appel d'offres restreint,Procédure avec négociation,Dialogue compétitif,Procédure adaptée,Sans publicité ni mise en concurrence");
  });
});
