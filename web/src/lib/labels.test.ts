import { describe, expect, it } from "vitest";
import { label, options } from "./labels";

describe("Norwegian labels", () => {
  it("names codes in bokmål", () => {
    expect(label("caseStatus", "in_preparation")).toBe("Under forberedelse");
    expect(label("documentKind", "case_presentation")).toBe("Saksfremlegg");
  });

  it("shows an unknown code as it is rather than nothing", () => {
    expect(label("caseStatus", "archived")).toBe("archived");
  });

  it("offers every code of a group as a choice", () => {
    expect(options("caseKind").map((o) => o.value)).toEqual(["decision", "discussion", "information"]);
  });
});
