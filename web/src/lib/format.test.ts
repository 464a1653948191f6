import { describe, expect, it } from "vitest";
import { daysLeft, daysUntil, formatFile, formatSize, osloDay, osloInstant } from "./format";

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

describe("osloInstant", () => {
  it("gives winter time its offset", () => {
    expect(osloInstant("2026-12-10", "10:00")).toBe("2026-12-10T10:00:00+01:00");
  });
  it("gives summer time its offset", () => {
    expect(osloInstant("2026-06-10", "09:30")).toBe("2026-06-10T09:30:00+02:00");
  });
  it("names the same instant as Norwegian clocks show", () => {
    expect(new Date(osloInstant("2026-03-29", "12:00")).toISOString()).toBe("2026-03-29T10:00:00.000Z");
  });
});

describe("file sizes and types", () => {
  it("writes sizes in bokmål with decimal units, as the website does", () => {
    expect(formatSize(1_234_567)).toBe("1,2 MB");
    expect(formatSize(100_000)).toBe("0,1 MB");
    expect(formatSize(52_428_800)).toBe("52,4 MB");
    expect(formatSize(99_499)).toBe("99 kB");
    expect(formatSize(1_600)).toBe("2 kB");
    expect(formatSize(12)).toBe("1 kB");
  });

  it("names the type as people do", () => {
    expect(formatFile({ media_type: "application/pdf", size: 1_234_567 })).toBe("PDF, 1,2 MB");
    const docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    expect(formatFile({ media_type: docx, size: 34_000 })).toBe("Word, 34 kB");
    expect(formatFile({ media_type: "application/x-unknown", size: 1000 })).toBe("Fil, 1 kB");
  });
});
