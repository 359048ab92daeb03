/**
 * The annual report from what the task pane holds (the register read in the workbook and its
 * figures): the same page as `spaser rapport`, whose SHA-256 is that of the register's data as read
 * (the add-in has no access to the file's bytes). Pure but for the digest (Web Crypto, in every
 * browser Office uses and in Node).
 */
import { methodology } from "../indicators/methodology";
import { referentialInUse } from "../indicators/referential-in-use";
import type { Results } from "../indicators/types";
import { defaultParameters } from "../register/parameters";
import type { Register } from "../register/types";
import { buildReport } from "./html";
import { targetSeries } from "./series";

async function sha256Hex(text: string): Promise<string> {
  // Web Crypto is there in every secure page (an add-in is served over HTTPS).
  if (!globalThis.crypto?.subtle) throw new Error("Le rapport n'a pas pu être préparé : ce navigateur ne calcule pas d'empreinte SHA-256 (Web Crypto indisponible).");
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The register's data as read, in a stable text: source, columns, every contract. */
function registerText(reg: Register): string {
  return JSON.stringify({ source: reg.source, contracts: reg.contracts });
}

export async function paneReport(reg: Register, res: Results, resultsOf: (year: number) => Results | null, workbookName: string, version: string, now = new Date()): Promise<string> {
  const ref = referentialInUse(reg.parameters, reg.referentiel, defaultParameters(), reg.plan ?? null);
  return buildReport({
    register: reg,
    results: res,
    series: targetSeries(res.years, resultsOf),
    methodology: methodology(ref, reg.parameters, { own: reg.ownColumns ?? null }),
    source: { fileName: workbookName, sha256: await sha256Hex(registerText(reg)), generatedAt: now, version: `${version} (complément Excel)`, hashOf: "des données du registre lues" },
  });
}
