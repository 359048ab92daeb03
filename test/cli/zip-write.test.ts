/**
 * The zip container the command line writes its workbooks in (src/files/xlsx/zip-write.ts): read
 * back by our reader (yauzl, CRC checked), by JSZip (another implementation) and by Info-ZIP's
 * listing where installed, every part the same bytes, names in UTF-8, dates kept.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as crypto from "crypto";
import JSZip from "jszip";
import { zipEntries } from "../../src/files/xlsx/zip-write";
import { ZipReader } from "../../src/files/xlsx/zip";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spaser-zipw-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function readAll(file: string): Promise<Map<string, Buffer>> {
  const zip = await ZipReader.open(file);
  try {
    const out = new Map<string, Buffer>();
    for (const name of zip.names()) {
      const chunks: Buffer[] = [];
      await zip.read(name, (c) => chunks.push(Buffer.from(c)));
      out.set(name, Buffer.concat(chunks));
    }
    return out;
  } finally {
    zip.close();
  }
}

const entries = [
  { name: "[Content_Types].xml", data: Buffer.from("<Types>" + "<Default/>".repeat(500) + "</Types>") },
  // A part that does not compress (random bytes) is stored as it is.
  { name: "xl/media/bruit.bin", data: crypto.randomBytes(4096) },
  { name: "xl/worksheets/Détail des indicateurs.xml", data: Buffer.from("Détail — éàç ".repeat(1000), "utf8") },
  { name: "vide.txt", data: Buffer.alloc(0) },
];

test("every part read back the same by our reader and by JSZip, in order, with the date given", async () => {
  const file = path.join(dir, "a.zip");
  const when = new Date(2026, 0, 5, 8, 30, 42);
  const buf = zipEntries(entries, when);
  fs.writeFileSync(file, buf);
  // Compressed: the repeated XML takes much less room than its 5,000-odd bytes.
  expect(buf.length).toBeLessThan(entries.reduce((n, e) => n + e.data.length, 0) / 2);
  const ours = await readAll(file);
  expect([...ours.keys()]).toEqual(entries.map((e) => e.name));
  for (const e of entries) expect(ours.get(e.name)?.equals(e.data)).toBe(true);

  const other = await JSZip.loadAsync(buf);
  for (const e of entries) {
    const part = other.file(e.name);
    expect(part).not.toBeNull();
    expect((await (part as JSZip.JSZipObject).async("nodebuffer")).equals(e.data)).toBe(true);
    // DOS time keeps even seconds.
    expect((part as JSZip.JSZipObject).date.getTime()).toBe(new Date(2026, 0, 5, 8, 30, 42).getTime());
  }
});

test("a corrupted byte is caught by the CRC written for the part", async () => {
  const buf = zipEntries([{ name: "a.bin", data: crypto.randomBytes(64) }], new Date(2026, 0, 1));
  // The first entry's data starts after its 30-byte header and its name; the part is stored
  // (random bytes do not deflate) and one of its bytes is changed.
  const start = 30 + "a.bin".length;
  expect(buf.readUInt16LE(8)).toBe(0);
  buf[start + 10] ^= 0xff;
  const file = path.join(dir, "b.zip");
  fs.writeFileSync(file, buf);
  await expect(readAll(file)).rejects.toThrow();
});
