/**
 * The task pane in a real browser (Debian's Chromium, headless): the bundle built for the browser
 * runs, the pane says what it found in French, its headline block reads well at the width of an
 * Office task pane (350 px), and a refresh goes through the whole chain (register → indicators →
 * sheet plans) without Excel.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import webpack from "webpack";
import { readPng } from "./pane/png";
 
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
  // Bad cells: 31/02/2025 (E6) and "peut-être" (H6); and the column « Observations », not recognised (an information).
  expect(dom).toMatch(/Anomalies de saisie \(3\)/);
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
  expect(dom).toMatch(/Tableaux de bord actualisés en [\d,]+ s \(année 2025, étape 1\) : « TdB 1 - Déploiement », « TdB 2 - Actions » et « Détail des indicateurs »/);
});

interface Box {
  top: number;
  left: number;
  width: number;
  height: number;
}

/**
 * The harness's register, year 2025 (M25-003's date 31/02/2025 is not a date: no year):
 *   M25-001 MAPA, critère environnemental non, insertion oui; M25-002 AOO, critère oui, insertion non.
 * T1 (critère environnemental) = 1 / 2 = 50,0 %, step-1 target 30 % → Atteint.
 * T3 (insertion among formalised, AOO) = 0 / 1 = 0,0 %, target 50 % → En cours.
 */
/**
 * An Office task pane is about 350 pixels wide; a Chromium window is at least 500: the pane is
 * shown in a 350-pixel frame at the top left of the page, as Excel shows it in its own frame.
 */
function paneFrame(hash: string): string {
  const file = path.join(out, `frame${hash.replace("#", "-")}.html`);
  fs.writeFileSync(
    file,
    `<!doctype html><html lang="fr"><head><meta charset="utf-8"></head><body style="margin:0;background:#fff">` +
      `<iframe src="index.html${hash}" style="border:0;display:block;width:350px;height:1400px"></iframe><pre id="measure"></pre>` +
      `<script>addEventListener("message", (e) => { document.getElementById("measure").textContent = e.data; });</script></body></html>`,
  );
  return `file://${file}`;
}

test("at 350 px wide the headline block comes first, fits the pane, and shows T1–T6 with value, target and status", () => {
  const dom = chromium(["--window-size=500,1500", "--dump-dom", paneFrame("#measure")]);
  const json = /<pre id="measure">([\s\S]*?)<\/pre>/.exec(dom)?.[1];
  expect(json).toBeDefined();
  const m = JSON.parse((json as string).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")) as {
    viewport: number;
    scrollWidth: number;
    headline: Box;
    quality: string;
    details: Box;
    rows: { id: string; name: string; box: Box; bar: Box; barKind: string }[];
  };
  expect(m.viewport).toBe(350);
  // Nothing wider than the pane: no horizontal scrolling.
  expect(m.scrollWidth).toBeLessThanOrEqual(350);
  expect(m.headline.left + m.headline.width).toBeLessThanOrEqual(350);
  expect(m.headline.top).toBeLessThan(m.details.top);
  expect(m.rows.map((r) => r.id)).toEqual(["T1", "T2", "T3", "T4", "T5", "T6"]);
  expect(m.rows[0].name).toBe("T1, Critère environnemental : 50,0 %, cible 30 %, Atteint");
  expect(m.rows[2].name).toBe("T3, Clause d'insertion (procédures formalisées) : 0,0 %, cible 50 %, En cours");
  for (const r of m.rows) expect(r.box.left + r.box.width).toBeLessThanOrEqual(350);
  // Two errors: 31/02/2025 and "peut-être"; one information: the column « Observations » is not recognised.
  expect(m.quality).toBe("Qualité des données : 3 anomalies (2 erreurs, 0 avertissement, 1 information)");

  // The picture: T1's bar filled in green to half its length, T3's target marked at half.
  const png = path.join(out, "volet-350.png");
  chromium(["--window-size=500,1500", `--screenshot=${png}`, paneFrame("")]);
  const img = readPng(fs.readFileSync(png));
  expect(img.width).toBeGreaterThanOrEqual(350);
  const near = (p: number[], rgb: number[], tol = 40) => rgb.every((v, i) => Math.abs(p[i] - v) <= tol);
  const t1 = m.rows[0].bar;
  const midY = Math.round(t1.top + t1.height / 2);
  // Fluent's colorPaletteGreenBackground3 (#107C10) inside the filled half, the track (#EBEBEB) after it.
  expect(near(img.pixel(Math.round(t1.left + t1.width * 0.2), midY), [0x10, 0x7c, 0x10])).toBe(true);
  expect(near(img.pixel(Math.round(t1.left + t1.width * 0.8), midY), [0xeb, 0xeb, 0xeb], 20)).toBe(true);
  const t3 = m.rows[2].bar;
  const y3 = Math.round(t3.top + t3.height / 2);
  const marker = [-2, -1, 0, 1].map((dx) => img.pixel(Math.round(t3.left + t3.width / 2) + dx, y3));
  // The target mark: colorNeutralForeground1 (#242424).
  expect(marker.some((p) => near(p, [0x24, 0x24, 0x24], 50))).toBe(true);
});

test("at 350 px wide, an indicator chosen with the keyboard shows its figures and contracts; a click selects the contract's row", () => {
  const dom = chromium(["--window-size=500,1500", "--dump-dom", paneFrame("#drill")]);
  const json = /<pre id="measure">([\s\S]*?)<\/pre>/.exec(dom)?.[1];
  expect(json).toBeDefined();
  const m = JSON.parse((json as string).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")) as { scrollWidth: number; figures: string; contracts: string[]; selected: [string, number][] };
  expect(m.scrollWidth).toBeLessThanOrEqual(350);
  // T1 2025: M25-002 has the environmental criterion, M25-001 not (M25-003 has no valid date) → 1 / 2.
  // With the step-1 target of T1 (30 %), reached.
  expect(m.figures).toBe("Valeur 202550,0 %Numérateur1Dénominateur2Cible30,0 % — Atteint");
  expect(m.contracts).toEqual([
    "M25-002, Fournitures de bureau : numérateur. Sélectionner la ligne 5 de la feuille « Registre »",
    "M25-001, Nettoyage des écoles : dénominateur seul. Sélectionner la ligne 4 de la feuille « Registre »",
  ]);
  expect(m.selected).toEqual([["Registre", 5]]);
});
