/** `spaser methodologie`: the methodology of the referential a workbook uses, or of the tool's own. */
import * as fs from "fs";
import * as path from "path";
import { ROOT, run, tempDir } from "./helpers";

const GHT = path.join(ROOT, "examples", "spaser-ght.xlsx");
const { dir, cleanup } = tempDir();
afterAll(cleanup);

test("for a workbook with its own Référentiel sheet: its added indicators and where the definitions come from", async () => {
  const r = await run(["methodologie", GHT]);
  expect(r.code).toBe(0);
  expect(r.out).toContain("Méthodologie du référentiel utilisé par « spaser-ght.xlsx » (feuille « Référentiel » appliquée au référentiel de l'outil)");
  expect(r.out).toMatch(/10 ajoutés \(H1, H2, H3, H4, H5, H6, H7, H8, H9, H10\)/);
  expect(r.out).toContain("Indicateurs propres à la collectivité");
});

test("without a workbook: the tool's own, the same text as docs/methodologie.md", async () => {
  const out = path.join(dir, "m.md");
  const r = await run(["methodologie", "-o", out]);
  expect(r.code).toBe(0);
  expect(fs.readFileSync(out, "utf8")).toBe(fs.readFileSync(path.join(ROOT, "docs", "methodologie.md"), "utf8"));
});

test("an output that is not Markdown is refused, exit 2", async () => {
  const r = await run(["methodologie", "-o", path.join(dir, "m.xlsx")]);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/^spaser : le fichier de sortie doit avoir l'extension \.md/);
});
