import { dateFromSerial } from "../../src/register/values";
test("day counts become the same calendar dates as with JavaScript Date, from 1887 to 2298", () => {
  for (let s = -30000; s < 120000; s += 7) {
    const dt = new Date(s * 86400000);
    const r = dateFromSerial(s);
    expect([r.y, r.m, r.d]).toEqual([dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()]);
  }
});
