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
  expect(r.out).toContain("Méthodologie du référentiel utilisé par « spaser-ght.xlsx » (plan de la feuille « Plan », indicateurs de la feuille « Référentiel »)");
  // T1, T5, T6 and A14.E2 redefined, H1–H12 added; the city's other 108 built-ins left out.
  expect(r.out).toContain("sur son propre plan (feuille « Plan ») : T1 à T6 de l'outil et la feuille « Référentiel » — 4 indicateurs remplacés (T1, T5, T6, A14.E2), 12 ajoutés (H1, H2, H3, H4, H5, H6, H7, H8, H9, H10, H11, H12), 108 indicateurs intégrés du SPASER de la collectivité non calculés");
  expect(r.out).toContain("Allotir, négocier et suivre la part des PME");
  expect(r.out).not.toContain("Faire connaître les achats de la Ville et de la Métropole");
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
