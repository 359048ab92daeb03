/**
 * The native charts of the dashboards workbook, in the applications that open it: openpyxl reads a
 * chart on TdB 1 and on TdB 2, and LibreOffice keeps both as chart objects when it converts the
 * workbook (and draws them in its PDF).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import JSZip from "jszip";
import { main } from "../../src/cli/main";

const ROOT = path.join(__dirname, "..", "..");
const out = fs.mkdtempSync(path.join(os.tmpdir(), "spaser-charts-"));
const xlsx = path.join(out, "tdb.xlsx");
jest.setTimeout(300_000);

beforeAll(async () => {
  const code = await main(["dashboards", path.join(ROOT, "examples", "registre-exemple.xlsx"), "--year", "2025", "-o", xlsx], { out: () => undefined, err: (s) => process.stderr.write(s) });
  expect(code).toBe(0);
});

test("openpyxl reads one chart on TdB 1 and one on TdB 2", () => {
  const py = `import openpyxl, json, sys\nwb = openpyxl.load_workbook(sys.argv[1])\nprint(json.dumps({ws.title: len(ws._charts) for ws in wb}))`;
  const res = JSON.parse(execFileSync("/usr/bin/python3", ["-c", py, xlsx], { encoding: "utf8" })) as Record<string, number>;
  expect(res["TdB 1 - Déploiement"]).toBe(1);
  expect(res["TdB 2 - Actions"]).toBe(1);
});

test("LibreOffice keeps both charts as chart objects of their sheets", async () => {
  execFileSync("soffice", ["--headless", `-env:UserInstallation=file://${path.join(out, "lo")}`, "--convert-to", "ods", "--outdir", out, xlsx], { stdio: "ignore", timeout: 240_000 });
  const ods = await JSZip.loadAsync(fs.readFileSync(path.join(out, "tdb.ods")));
  const charts = Object.keys(ods.files).filter((n) => /^Object \d+\/content\.xml$/.test(n));
  expect(charts.length).toBe(2);
  const kinds = await Promise.all(charts.map(async (n) => ((await (ods.file(n) as JSZip.JSZipObject).async("string")).match(/chart:class="chart:(\w+)"/) ?? [])[1]));
  expect(kinds.sort()).toEqual(["bar", "line"]);
});
