import { describe, expect, it } from "vitest";
import { currentMembers } from "./logic";

describe("currentMembers", () => {
  it("keeps the seats held today and drops those that ended before", () => {
    const members = [
      { id: "a", end_date: null },
      { id: "b", end_date: "2026-12-05" },
      { id: "c", end_date: "2026-12-04" },
    ];
    expect(currentMembers(members, "2026-12-05").map((member) => member.id)).toEqual(["a", "b"]);
  });
});
