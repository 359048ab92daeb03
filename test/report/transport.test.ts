/** The report's way from the pane to its Office dialog: pieces of bounded size, put back together. */
import { ReportAssembler, reportMessages } from "../../src/report/transport";

test("a page cut into pieces is given back whole, in whatever order the pieces come", () => {
  const html = "<!doctype html>" + "é".repeat(25) + "<p>fin</p>";
  // 15 + 25 + 10 = 50 characters in pieces of 12: 5 messages.
  const messages = reportMessages(html, 12);
  expect(messages).toHaveLength(5);
  const a = new ReportAssembler();
  const order = [3, 0, 4, 1];
  for (const i of order) expect(a.add(messages[i])).toBeNull();
  expect(a.add(messages[2])).toBe(html);
});

test("an empty page is one message; what is not a piece of a report is ignored", () => {
  const a = new ReportAssembler();
  expect(a.add("pret")).toBeNull();
  expect(a.add(JSON.stringify({ index: 0, count: 1, text: "x" }))).toBeNull();
  expect(a.add(JSON.stringify({ spaserReport: true, index: 2, count: 1, text: "x" }))).toBeNull();
  const [only] = reportMessages("");
  expect(a.add(only)).toBe("");
});

test("a second report sent to the same dialog replaces the first", () => {
  const a = new ReportAssembler();
  const first = reportMessages("AAAABBBB", 4);
  expect(a.add(first[0])).toBeNull();
  const second = reportMessages("CCC", 4);
  expect(a.add(second[0])).toBe("CCC");
});
