import { describe, expect, it } from "vitest";
import { osloDay } from "./format";

describe("osloDay", () => {
  it("is the day in Norway, not in UTC", () => {
    // 23:30 UTC on 31 December is already New Year's Day in Oslo (UTC+1 in winter).
    expect(osloDay(new Date("2026-12-31T23:30:00Z"))).toBe("2027-01-01");
    expect(osloDay(new Date("2026-06-30T21:59:00Z"))).toBe("2026-06-30");
    expect(osloDay(new Date("2026-06-30T22:00:00Z"))).toBe("2026-07-01");
  });
});
