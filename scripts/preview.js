#!/usr/bin/env node
/**
 * npm run preview [-- CLASSEUR.xlsx]: writes the dashboards of the example workbook (or of the
 * given workbook), converts them to PDF with LibreOffice and renders each page to PNG (pdftoppm);
 * then writes its annual report, prints it to PDF with Chromium and renders its pages too, for a
 * human to look at. Needs the Debian packages libreoffice-calc, poppler-utils and chromium.
 */
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

async function run() {
  const input = process.argv[2] || path.join(__dirname, "..", "examples", "registre-exemple.xlsx");
  const outDir = path.join(__dirname, "..", "out", "apercu");
  fs.mkdirSync(outDir, { recursive: true });
  const xlsx = path.join(outDir, "tableaux-de-bord.xlsx");
  const code = await require("../lib/cli/main.js").main(["dashboards", input, "-o", xlsx]);
  if (code !== 0) process.exit(code);
  execFileSync("soffice", [`-env:UserInstallation=file://${path.join(outDir, ".lo-profile")}`, "--headless", "--convert-to", "pdf", "--outdir", outDir, xlsx], {
    stdio: "inherit",
    env: { ...process.env, LANG: "fr_FR.UTF-8", LC_ALL: "fr_FR.UTF-8" },
  });
  const pdf = xlsx.replace(/\.xlsx$/, ".pdf");
  execFileSync("pdftoppm", ["-r", "80", "-png", pdf, path.join(outDir, "page")], { stdio: "inherit" });
  const html = path.join(outDir, "rapport-annuel.html");
  const rc = await require("../lib/cli/main.js").main(["rapport", input, "-o", html]);
  if (rc !== 0) process.exit(rc);
  const reportPdf = path.join(outDir, "rapport-annuel.pdf");
  execFileSync("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-pdf-header-footer", `--user-data-dir=${path.join(outDir, ".chromium-profile")}`, `--print-to-pdf=${reportPdf}`, `file://${html}`], { stdio: "ignore" });
  execFileSync("pdftoppm", ["-r", "80", "-png", reportPdf, path.join(outDir, "rapport")], { stdio: "inherit" });
  const pngs = fs.readdirSync(outDir).filter((f) => f.endsWith(".png")).sort();
  console.log(`PDF : ${pdf}\n      ${reportPdf}\nPages : ${pngs.map((f) => path.join(outDir, f)).join("\n        ")}`);
}

run().catch((e) => {
  console.error(`preview : ${e.message}`);
  process.exit(1);
});
