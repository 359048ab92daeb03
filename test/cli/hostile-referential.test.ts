/**
 * A workbook whose `Référentiel` sheet is hostile (SPEC §8: errors at their cells, only those
 * indicators n/a): the command ends by itself with every other figure, and a signal ends it at
 * once with the French message and status 2, even in the middle of a synchronous computation.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ROOT, runJson, tempDir, writeWorkbook } from "./helpers";

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const FILE = path.join(dir, "referentiel-hostile.xlsx");
const CLI = ["bin/spaser.js", "indicators", FILE, "--json"];

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, "lib", "cli", "main.js"))) {
    const tsc = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.cli.json"], { cwd: ROOT, encoding: "utf8" });
    if (tsc.status !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
  }
  await writeWorkbook(FILE, [
    {
      name: "Registre",
      rows: [
        ["N° marché", "Date de notification", "Montant HT", "Clause d'insertion"],
        ["M1", "10/01/2025", 100000, "oui"],
        ["M2", "11/01/2025", 20000, "non"],
        ["M3", "12/01/2025", 50000, "oui"],
      ],
    },
    {
      name: "Référentiel",
      rows: [
        ["Id", "Libellé", "Type", "Population", "Condition"],
        ["X1", "Trois mille parenthèses", "compte", null, "(".repeat(3000) + "[Clause d'insertion]" + ")".repeat(3000)],
        ["X2", "Vingt mille mots", "compte", null, "[Clause d'insertion] ET " + "mot ".repeat(8000)],
        ["X3", "Marchés clausés", "compte", null, "[Clause d'insertion]"],
      ],
    },
  ]);
}, 60_000);

test("the command ends by itself: errors at the Référentiel's cells, those indicators n/a, the others computed", async () => {
  const { code, json } = await runJson(["indicators", FILE]);
  expect(code).toBe(0);
  const errors = json.issues.filter((i) => i.severity === "error" && i.sheet === "Référentiel").map((i) => `${i.cell} ${i.message}`);
  // « [Clause d'insertion] ET » is 24 characters: the unknown words start at character 25.
  expect(errors).toEqual([
    "Référentiel!E2 Condition : caractère 65 : plus de 64 niveaux de parenthèses ou de NON imbriqués : simplifiez l'expression",
    `Référentiel!E3 Condition : caractère 25 : colonne « ${"mot ".repeat(14)}m… » inconnue (colonnes du registre : voir la feuille modèle)`,
  ]);
  const ind = (id: string) => json.indicators[id];
  expect(ind("X1")).toMatchObject({ value: null });
  expect(ind("X2")).toMatchObject({ value: null });
  // X3: insertion clause on M1 and M3 → 2.
  expect(ind("X3")).toMatchObject({ value: 2 });
}, 60_000);

describe("a signal ends the command at once, even during a long synchronous computation", () => {
  test.each(["SIGTERM", "SIGINT"] as const)("%s: exit 2 and « interrompu » on stderr", async (signal) => {
    // A preloaded module makes the command compute forever, synchronously (as a hostile sheet once
    // did), after writing its process id.
    const marker = path.join(dir, `busy-${signal}.pid`);
    const busy = path.join(dir, "busy.js");
    fs.writeFileSync(busy, `require(${JSON.stringify(path.join(ROOT, "lib", "cli", "main.js"))}).main = () => { require("fs").writeFileSync(process.env.SPASER_TEST_MARKER, String(process.pid)); for (;;) {} };\n`);
    const p = spawn(process.execPath, ["-r", busy, ...CLI], { cwd: ROOT, env: { ...process.env, SPASER_TEST_MARKER: marker } });
    let err = "";
    p.stderr.on("data", (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => p.on("exit", (c) => resolve(c)));
    try {
      for (let i = 0; i < 300 && !fs.existsSync(marker); i++) await new Promise((r) => setTimeout(r, 100));
      expect(fs.existsSync(marker)).toBe(true);
      const busyPid = Number(fs.readFileSync(marker, "utf8"));
      p.kill(signal);
      const t0 = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<string>((r) => (timer = setTimeout(() => r("still running 10 s after the signal"), 10_000)));
      const code = await Promise.race([exited, late]);
      clearTimeout(timer);
      expect(code).toBe(2);
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(err).toBe("spaser : interrompu : aucun fichier n'a été écrit ou remplacé\n");
      // The computing process is gone too.
      expect(() => process.kill(busyPid, 0)).toThrow();
    } finally {
      p.kill("SIGKILL");
      if (fs.existsSync(marker)) {
        try {
          process.kill(Number(fs.readFileSync(marker, "utf8")), "SIGKILL");
        } catch {
          // already ended
        }
      }
    }
  }, 60_000);
});
