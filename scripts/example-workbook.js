"use strict";
/**
 * Writes an example workbook the same, byte for byte, at every build: ExcelJS stamps each zip entry
 * with the current time, so the package is rewritten with one fixed date on every entry.
 */
const fs = require("fs");
const path = require("path");
const JSZip = require("jszip");

/** The workbook's bytes with `date` on every zip entry. */
async function deterministicBytes(wb, date) {
  const src = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  const out = new JSZip();
  for (const name of Object.keys(src.files)) {
    const entry = src.files[name];
    if (entry.dir) continue;
    out.file(name, await entry.async("nodebuffer"), { date, createFolders: false });
  }
  return out.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 }, platform: "DOS" });
}

/** Writes the workbook to `output` (its folder created), with `date` on every zip entry. */
async function writeDeterministic(wb, output, date) {
  const bytes = await deterministicBytes(wb, date);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, bytes);
}

module.exports = { deterministicBytes, writeDeterministic };
