import { describe, expect, it } from "vitest";
import { meetingPapers, meetingWindows, nextItem } from "./logic";

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

describe("meetingPapers", () => {
  it("offers nothing before the meeting is convened", () => {
    expect(meetingPapers({ id: "m", status: "planned" })).toEqual([]);
    expect(meetingPapers({ id: "m", status: "cancelled" })).toEqual([]);
  });
  it("offers the book and the agenda once convened", () => {
    expect(meetingPapers({ id: "m", status: "convened" }).map((p) => p.href)).toEqual([
      "/api/v1/meetings/m/moetebok.pdf",
      "/api/v1/meetings/m/saksliste.pdf",
    ]);
  });
  it("offers the minutes once approved", () => {
    expect(meetingPapers({ id: "m", status: "minutes_approved" }).at(-1)?.label).toBe("Last ned referat (PDF)");
  });
});
