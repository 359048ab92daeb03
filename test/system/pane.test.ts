/**
 * The task pane in a real browser (Debian's Chromium, headless): the bundle built for the browser
 * runs, the pane says what it found in French, and a refresh goes through the whole chain
 * (register → indicators → sheet plans) without Excel.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import webpack from "webpack";
 
const HtmlWebpackPlugin = require("html-webpack-plugin");

const ROOT = path.join(__dirname, "..", "..");
const out = fs.mkdtempSync(path.join(os.tmpdir(), "spaser-pane-"));
jest.setTimeout(240_000);

function build(): Promise<void> {
  const compiler = webpack({
    mode: "development",
    devtool: false,
    context: ROOT,
    entry: { harness: "./test/system/pane/harness.tsx" },
    output: { path: out, filename: "[name].js" },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: { loader: "ts-loader", options: { transpileOnly: true, configFile: path.join(ROOT, "tsconfig.json"), compilerOptions: { module: "esnext", target: "ES2020" } } },
        },
      ],
    },
    plugins: [new HtmlWebpackPlugin({ filename: "index.html", templateContent: '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Volet SPASER</title></head><body style="margin:0"><div id="container"></div></body></html>' })],
  });
  return new Promise((resolve, reject) =>
    compiler.run((err, stats) => {
      if (err) return reject(err);
      if (stats?.hasErrors()) return reject(new Error(stats.toString("errors-only")));
      compiler.close(() => resolve());
    }),
  );
}

function chromium(args: string[]): string {
  return execFileSync(
    "chromium",
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${path.join(out, "profile")}`,
      "--virtual-time-budget=10000",
      ...args,
    ],
    { encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "ignore"] },
  );
}

beforeAll(build);

test("the pane shows, in French, the register found, its years and its data-quality issues", () => {
  const dom = chromium(["--dump-dom", `file://${path.join(out, "index.html")}`]);
  expect(dom).toContain("Suivi du SPASER");
  // Feuille « Registre », header on row 3 below the title rows; 4 contracts, 2024 and 2025.
  expect(dom).toContain("Feuille « Registre », en-tête ligne 3");
  expect(dom).toContain("4 marchés");
  expect(dom).toContain("2024, 2025");
  expect(dom).toContain("Observations");
  // Bad cells: 31/02/2025 (E6) and "peut-être" (H6).
  expect(dom).toMatch(/Anomalies de saisie \(2\)/);
  expect(dom).toContain("Registre!E6");
  expect(dom).toContain("Registre!H6");
  expect(dom).toContain("Actualiser les tableaux de bord");
  expect(dom).toContain("Préparer la cotation CAD");
  // A picture for a human (npm run preview keeps its own).
  chromium(["--window-size=420,1500", `--screenshot=${path.join(out, "volet.png")}`, `file://${path.join(out, "index.html")}`]);
  expect(fs.statSync(path.join(out, "volet.png")).size).toBeGreaterThan(10_000);
});

test("a refresh goes through the engine and the sheet plans in the browser and reports the sheets written", () => {
  const dom = chromium(["--dump-dom", `file://${path.join(out, "index.html")}#refresh`]);
  expect(dom).toMatch(/Tableaux de bord actualisés en [\d,]+ s \(année 2025, étape 1\) : « TdB 1 - Déploiement » et « TdB 2 - Actions »/);
});
