/** The adapter on office-addin-mock, Microsoft's mock of the Office.js object model. */
// office-addin-mock reads only the OfficeApp enum of office-addin-manifest, whose ES-module
// dependencies jest cannot load as CommonJS.
jest.mock("office-addin-manifest", () => ({ OfficeApp: { Excel: "excel", Outlook: "outlook" } }));
import { OfficeMockObject } from "office-addin-mock";
import { OfficeWorkbook } from "../../src/excel/office-workbook";
import type { ExcelRun } from "../../src/excel/office-workbook";

const NOT_LOADED = "Error, property was not loaded";

function mockRun(data: Record<string, unknown>): { run: ExcelRun; mock: OfficeMockObject } {
  const mock = new OfficeMockObject(data);
  const run: ExcelRun = (_options, batch) => batch(mock.context as unknown as Excel.RequestContext);
  return { run, mock };
}

describe("office-addin-mock", () => {
  test("the mock answers a sentinel string for a property read without load", async () => {
    const { mock } = mockRun({ context: { workbook: { range: { values: [["x"]] } } } });
    // What a forgotten load would give: the adapter must never pass it on as a cell value.
    expect(mock.context.workbook.range.values).toBe(NOT_LOADED);
    mock.context.workbook.range.load("values");
    await mock.context.sync();
    expect(mock.context.workbook.range.values).toEqual([["x"]]);
  });

  test("choosing an issue activates its sheet and selects its cell", async () => {
    const selected: string[] = [];
    const data = {
      context: {
        workbook: {
          worksheets: {
            getItem(name: string) {
              return {
                activate: () => selected.push(`activate ${name}`),
                getRange: (address: string) => ({ select: () => selected.push(`select ${name}!${address}`) }),
              };
            },
          },
        },
        sync: async () => undefined,
      },
    };
    const { run } = mockRun(data);
    const port = new OfficeWorkbook(run);
    await port.selectCell("'Marchés 2024'!F12");
    await port.selectCell("Registre!$B$3");
    expect(selected).toEqual(["activate Marchés 2024", "select Marchés 2024!F12", "activate Registre", "select Registre!B3"]);
    await expect(port.selectCell("pas une adresse")).rejects.toThrow("Adresse de cellule « pas une adresse » non reconnue.");
  });
});
