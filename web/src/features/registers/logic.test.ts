import { describe, expect, it } from "vitest";
import { heldOn, lines, membershipFields, period, yesNo } from "./logic";

const form = (values: Record<string, string>) => (name: string) => values[name] ?? "";

describe("yesNo", () => {
  it("reads the filter's three choices", () => {
    expect([yesNo("true"), yesNo("false"), yesNo("")]).toEqual([true, false, undefined]);
  });
});

describe("lines", () => {
  it("keeps one item a line, without blanks", () => {
    expect(lines(" Tilsyn \n\n  Statistikk\n")).toEqual(["Tilsyn", "Statistikk"]);
  });
});

describe("membershipFields", () => {
  it("sends empty fields as not set and the allocation as a number", () => {
    const fields = membershipFields(form({ role: "member", start_date: "2025-01-01", allocation_percent: "20" }));
    expect(fields).toEqual({
      role: "member",
      organization_id: null,
      deputy_for_membership_id: null,
      start_date: "2025-01-01",
      end_date: null,
      allocation_percent: 20,
      competence: null,
      background: null,
    });
  });

  it("names the seat only for a deputy", () => {
    const values = { start_date: "2025-01-01", deputy_for_membership_id: "m1" };
    expect(membershipFields(form({ ...values, role: "deputy" })).deputy_for_membership_id).toBe("m1");
    expect(membershipFields(form({ ...values, role: "member" })).deputy_for_membership_id).toBeNull();
  });

  it("keeps an allocation of zero", () => {
    expect(membershipFields(form({ role: "member", allocation_percent: "0" })).allocation_percent).toBe(0);
  });
});

describe("period and heldOn", () => {
  it("shows an open end and counts the end date as the last day", () => {
    expect(period({ start_date: "2025-01-01", end_date: null })).toMatch(/–$/);
    const seat = { start_date: "2025-01-01", end_date: "2025-06-30" };
    expect([heldOn(seat, "2024-12-31"), heldOn(seat, "2025-06-30"), heldOn(seat, "2025-07-01")]).toEqual([
      false,
      true,
      false,
    ]);
  });
});
