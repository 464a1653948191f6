import { describe, expect, it } from "vitest";
import { daysLeft, daysUntil, osloDay } from "./format";

describe("osloDay", () => {
  it("is the day in Norway, not in UTC", () => {
    // 23:30 UTC on 31 December is already New Year's Day in Oslo (UTC+1 in winter).
    expect(osloDay(new Date("2026-12-31T23:30:00Z"))).toBe("2027-01-01");
    expect(osloDay(new Date("2026-06-30T21:59:00Z"))).toBe("2026-06-30");
    expect(osloDay(new Date("2026-06-30T22:00:00Z"))).toBe("2026-07-01");
  });
});

describe("daysLeft", () => {
  it("counts whole days to a deadline, across summer time, and past it", () => {
    expect(daysUntil("2026-04-01", "2026-03-20")).toBe(12);
    expect(daysLeft("2026-12-05", "2026-12-05")).toBe("i dag");
    expect(daysLeft("2026-12-06", "2026-12-05")).toBe("i morgen");
    expect(daysLeft("2026-12-15", "2026-12-05")).toBe("om 10 dager");
    expect(daysLeft("2026-12-04", "2026-12-05")).toBe("1 dag på overtid");
    expect(daysLeft("2026-12-01", "2026-12-05")).toBe("4 dager på overtid");
  });
});
