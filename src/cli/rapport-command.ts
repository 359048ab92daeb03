/**
 * `spaser rapport FICHIER [--year A] [--entity E] [-o RAPPORT.html]`: the annual report of the
 * SPASER (src/report/html.ts) as one self-contained HTML page, beside the file read by default.
 * Like the workbooks, it never replaces a file spaser did not write, and is written whole or not at all.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { computeIndicators } from "../indicators/engine";
import { methodology } from "../indicators/methodology";
import { referentialInUse } from "../indicators/referential-in-use";
import { defaultParameters } from "../register/parameters";
import type { Register } from "../register/types";
import { buildReport } from "../report/html";
import { targetSeries } from "../report/series";
import { InputFileError } from "../files/errors";
import type { Args, Io } from "./main";
import { checkOutput, writeFailure } from "./output";

const CHOOSE = "choisissez un autre fichier de sortie avec -o";
/** The mark of a page this tool wrote (its `generator` meta element). */
const OWN_MARK = /<meta name="generator" content="spaser /;

export function reportOutput(input: string, year: number): string {
  const base = path.basename(input).replace(/\.(xlsx|xlsm|csv|txt|json)$/i, "");
  return path.join(path.dirname(input), `${base} - rapport annuel ${year}.html`);
}

/** Checks before anything is computed that the report may be written there: never over a page spaser did not write. */
export function checkReportOutput(input: string, output: string): void {
  checkOutput(input, output, "html", "rapport.html");
  if (!fs.existsSync(output)) return;
  const fd = fs.openSync(output, "r");
  const head = Buffer.alloc(2048);
  const n = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  if (!OWN_MARK.test(head.subarray(0, n).toString("utf8"))) throw new InputFileError(`« ${path.basename(output)} » existe et n'a pas été écrit par spaser : il n'est pas remplacé ; ${CHOOSE}`);
}

async function sha256(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

function version(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "inconnue";
  }
}

export async function rapportCommand(args: Args, reg: Register, io: Io): Promise<number> {
  const input = args.file as string;
  const res = computeIndicators(reg, { year: args.year, etape: args.step, ...(args.entity !== undefined ? { entity: args.entity } : {}) });
  const out = args.output ?? reportOutput(input, res.year);
  checkReportOutput(input, out);
  const ref = referentialInUse(reg.parameters, reg.referentiel, defaultParameters(), reg.plan ?? null);
  const html = buildReport({
    register: reg,
    results: res,
    series: targetSeries(res.years, (y) => computeIndicators(reg, { year: y, etape: res.etape, ...(args.entity !== undefined ? { entity: args.entity } : {}) })),
    methodology: methodology(ref, reg.parameters, { own: reg.ownColumns ?? null }),
    source: { fileName: path.basename(input), sha256: await sha256(input), generatedAt: new Date(), version: version() },
  });
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  try {
    await fs.promises.writeFile(tmp, html, "utf8");
    await fs.promises.rename(tmp, out);
  } catch (e) {
    throw writeFailure(e, out);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  io.out(`Rapport annuel ${res.year}${res.entity ? ` de l'entité « ${res.entity} »` : ""} écrit dans : ${out}\n`);
  return 0;
}
