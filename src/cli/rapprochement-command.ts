/**
 * `spaser rapprochement REGISTRE DECP.json [--year A] [--entity E] [--json]`: the register compared
 * with what the buyer published as DECP (src/decp/reconcile.ts). The DECP file is read as a register
 * by the same reader as `spaser indicators DECP.json`. One line per difference with both values,
 * the count of differences last; exit 0 whatever the differences (2 only when a file cannot be read).
 */
import * as fs from "fs";
import * as path from "path";
import { loadRegisterFile } from "../files/read-file";
import { InputFileError } from "../files/errors";
import { RegisterNotFoundError } from "../register/read";
import type { Issue, Register } from "../register/types";
import { contractsOfEntity } from "../indicators/engine";
import { frNumber } from "../indicators/format";
import type { Difference, MatchRule, NotRequired, Reconciliation } from "../decp/reconcile";
import { buyersWords, COMPARISON_TEXT, countWords, DECP_THRESHOLD, MATCHING_RULE_TEXT, matchedWords, notRequiredWords, otherBuyersWords, reconcile } from "../decp/reconcile";
import type { Args, Io } from "./main";

/** Said before the register is read (a large register takes time): the DECP file is there. */
export function checkDecpInput(file: string | undefined): void {
  if (!file) throw new InputFileError("fichier DECP manquant : spaser rapprochement REGISTRE DECP.json");
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new InputFileError(`fichier DECP introuvable : ${file}`);
  }
  if (!stat.isFile()) throw new InputFileError(`« ${file} » n'est pas un fichier`);
}

/** The DECP file read as a register (.json, or a tabular export .csv). */
async function loadDecp(file: string): Promise<Register> {
  try {
    return (await loadRegisterFile(file)).register;
  } catch (e) {
    if (e instanceof RegisterNotFoundError) throw new InputFileError(`« ${path.basename(file)} » ne se lit pas comme une DECP : ${e.message}`);
    throw e;
  }
}

export interface RapprochementJson {
  year: number | null;
  entity?: string;
  register: { file: string; sheet: string; headerRow: number; rowsRead: number; rowsUsed: number; rowsRejected: number; rowsMerged: number; contracts: number };
  decp: { file: string; sheet: string; rowsRead: number; rowsUsed: number; rowsRejected: number; rowsMerged: number; contracts: number; buyers: number };
  issues: Issue[];
  matching: { rule: string; comparison: string; matched: number; byRule: Record<MatchRule, number> };
  differences: Difference[];
  notRequired: { threshold: number; contracts: NotRequired[] };
  otherBuyers: Reconciliation["otherBuyers"];
  notCompared: string[];
  count: number;
}

function jsonOf(r: Reconciliation, reg: Register, decp: Register, files: [string, string], entity: string | undefined): RapprochementJson {
  const s = reg.source;
  const d = decp.source;
  return {
    year: r.year,
    ...(entity !== undefined ? { entity } : {}),
    register: { file: path.basename(files[0]), sheet: s.sheet, headerRow: s.headerRow, rowsRead: s.rowsRead, rowsUsed: s.rowsUsed, rowsRejected: s.rowsRejected, rowsMerged: s.rowsMerged, contracts: r.registerContracts },
    decp: { file: path.basename(files[1]), sheet: d.sheet, rowsRead: d.rowsRead, rowsUsed: d.rowsUsed, rowsRejected: d.rowsRejected, rowsMerged: d.rowsMerged, contracts: r.decpContracts, buyers: r.decpBuyers },
    issues: [...reg.issues, ...decp.issues],
    matching: { rule: MATCHING_RULE_TEXT, comparison: COMPARISON_TEXT, matched: r.matched, byRule: r.matchedBy },
    differences: r.differences,
    notRequired: { threshold: DECP_THRESHOLD, contracts: r.notRequired },
    otherBuyers: r.otherBuyers,
    notCompared: r.notCompared,
    count: r.differences.length,
  };
}

const errors = (issues: Issue[]) => issues.filter((i) => i.severity === "error").length;

/** The text output: what was compared, how, one line per difference, the count last. */
export function renderRapprochement(r: Reconciliation, reg: Register, decp: Register, files: [string, string], entity: string | undefined): string {
  const lines: string[] = [];
  const scope = [r.year !== null ? `année ${r.year}` : "toutes années", ...(entity !== undefined ? [`entité « ${entity} »`] : [])].join(", ");
  lines.push(`Rapprochement du registre « ${path.basename(files[0])} » (feuille « ${reg.source.sheet} ») et de la DECP « ${path.basename(files[1])} » — ${scope}`);
  lines.push(
    `Registre : ${frNumber(r.registerContracts)} marché${r.registerContracts > 1 ? "s" : ""} notifié${r.registerContracts > 1 ? "s" : ""} ; ` +
      `DECP : ${frNumber(r.decpContracts)} contrat${r.decpContracts > 1 ? "s" : ""} publié${r.decpContracts > 1 ? "s" : ""}${buyersWords(r)} ; ${matchedWords(r)}.`,
  );
  lines.push(MATCHING_RULE_TEXT);
  lines.push(COMPARISON_TEXT);
  lines.push("");
  for (const d of r.differences) lines.push(d.message);
  if (r.differences.length) lines.push("");
  const notes: string[] = [];
  for (const w of [notRequiredWords(r), otherBuyersWords(r)]) if (w) notes.push(w);
  notes.push(...r.notCompared);
  const [er, ed] = [errors(reg.issues), errors(decp.issues)];
  const cells = (n: number, where: string, file: string) => `${frNumber(n)} cellule${n > 1 ? "s" : ""} en erreur dans ${where} (détail : spaser indicators « ${path.basename(file)} »)`;
  if (er + ed > 0) {
    const parts = [...(er ? [cells(er, "le registre", files[0])] : []), ...(ed ? [cells(ed, "la DECP", files[1])] : [])];
    notes.push(`Attention : ${parts.join(" et ")} : leurs valeurs sont inconnues ici`);
  }
  if (notes.length) lines.push(...notes, "");
  lines.push(countWords(r.differences.length));
  return lines.join("\n") + "\n";
}

export async function rapprochementCommand(args: Args, reg: Register, io: Io): Promise<number> {
  const file = args.file as string;
  const decpFile = args.decp as string;
  checkDecpInput(decpFile);
  const decp = await loadDecp(decpFile);
  const scoped = args.entity !== undefined ? contractsOfEntity(reg, args.entity) : null;
  const r = reconcile(reg, decp, { ...(args.year !== undefined ? { year: args.year } : {}), ...(scoped ? { contracts: scoped.contracts } : {}) });
  const files: [string, string] = [file, decpFile];
  if (args.json) io.out(JSON.stringify(jsonOf(r, reg, decp, files, scoped?.name), null, 2) + "\n");
  else io.out(renderRapprochement(r, reg, decp, files, scoped?.name));
  return 0;
}
