/**
 * The Markdown the methodology generator writes (src/indicators/methodology.ts), as HTML for the
 * report's annex: headings (shifted under the report's own), paragraphs, lists (two levels),
 * tables, quotes, anchors, and inline bold, italics, code and links. Only that subset: the
 * generator is ours, and everything else is written as text.
 */
import { esc } from "./svg";

function inline(s: string, anchor: (id: string) => string): string {
  let out = "";
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*]+)\*|\[([^\]]+)\]\(#([^)]+)\)/g;
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    out += esc(s.slice(last, m.index));
    if (m[1] !== undefined) out += `<code>${esc(m[1])}</code>`;
    else if (m[2] !== undefined) out += `<strong>${inline(m[2], anchor)}</strong>`;
    else if (m[3] !== undefined) out += `<em>${inline(m[3], anchor)}</em>`;
    else out += `<a href="#${esc(anchor(m[5]))}">${inline(m[4], anchor)}</a>`;
    last = re.lastIndex;
  }
  return out + esc(s.slice(last));
}

export interface MarkdownOptions {
  /** Added to every heading level (# becomes h1 + shift). */
  shift: number;
  /** Prefix of the ids, so that they cannot clash with the report's own. */
  idPrefix: string;
}

export function markdownToHtml(md: string, opts: MarkdownOptions): string {
  const anchor = (id: string) => `${opts.idPrefix}${id}`;
  const lines = md.split("\n");
  const out: string[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) out.push(`<p>${inline(para.join(" "), anchor)}</p>`);
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let m: RegExpMatchArray | null;
    if (!line.trim()) {
      flush();
    } else if ((m = line.match(/^<a id="([^"]+)"><\/a>$/))) {
      flush();
      out.push(`<span id="${esc(anchor(m[1]))}"></span>`);
    } else if ((m = line.match(/^(#{1,6}) (.*)$/))) {
      flush();
      const level = Math.min(6, m[1].length + opts.shift);
      out.push(`<h${level}>${inline(m[2], anchor)}</h${level}>`);
    } else if (line.startsWith("> ")) {
      flush();
      out.push(`<blockquote><p>${inline(line.slice(2), anchor)}</p></blockquote>`);
    } else if (line.startsWith("|")) {
      flush();
      const rows: string[][] = [];
      for (; i < lines.length && lines[i].startsWith("|"); i++) rows.push(lines[i].replace(/^\||\|$/g, "").split(" | ").map((c) => c.trim()));
      i--;
      const [header, , ...body] = rows;
      out.push(
        `<table><thead><tr>${header.map((h) => `<th scope="col">${inline(h, anchor)}</th>`).join("")}</tr></thead><tbody>` +
          body.map((r) => `<tr>${r.map((c) => `<td>${inline(c, anchor)}</td>`).join("")}</tr>`).join("") +
          "</tbody></table>",
      );
    } else if (/^ *- /.test(line)) {
      flush();
      // A list, with items indented by two spaces as sub-items.
      const html: string[] = ["<ul>"];
      let depth = 0;
      for (; i < lines.length && /^ *- /.test(lines[i]); i++) {
        const d = (lines[i].match(/^ */) as RegExpMatchArray)[0].length >= 2 ? 1 : 0;
        if (d > depth) html.push("<ul>");
        else if (d < depth) html.push("</li></ul></li>");
        else if (html.length > 1) html.push("</li>");
        depth = d;
        html.push(`<li>${inline(lines[i].replace(/^ *- /, ""), anchor)}`);
      }
      i--;
      html.push(depth ? "</li></ul></li></ul>" : "</li></ul>");
      out.push(html.join(""));
    } else para.push(line.trim());
  }
  flush();
  return out.join("\n");
}
