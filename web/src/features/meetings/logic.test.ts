import { describe, expect, it } from "vitest";
import { meetingWindows, nextItem, osloDay, osloInstant } from "./logic";

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

describe("osloDay", () => {
  it("is Norway's day, not UTC's", () => {
    expect(osloDay(new Date("2026-12-31T23:30:00Z"))).toBe("2027-01-01");
  });
});

describe("meetingWindows", () => {
  it("splits at today without a year", () => {
    expect(meetingWindows("", "2026-12-05")).toEqual({ upcoming: { from: "2026-12-05" }, past: { to: "2026-12-04" } });
  });
  it("keeps a past year to the past", () => {
    expect(meetingWindows("2025", "2026-12-05")).toEqual({
      upcoming: null,
      past: { from: "2025-01-01", to: "2025-12-31" },
    });
  });
  it("splits this year at today", () => {
    expect(meetingWindows("2026", "2026-12-05")).toEqual({
      upcoming: { from: "2026-12-05", to: "2026-12-31" },
      past: { from: "2026-01-01", to: "2026-12-04" },
    });
  });
  it("keeps a coming year to the upcoming", () => {
    expect(meetingWindows("2027", "2026-12-05").past).toBeNull();
  });
});

describe("nextItem", () => {
  it("is the first in order without an outcome", () => {
    const items = [
      { position: 2, outcome: null, id: "b" },
      { position: 1, outcome: "decided", id: "a" },
      { position: 3, outcome: null, id: "c" },
    ];
    expect(nextItem(items)?.id).toBe("b");
  });
});
