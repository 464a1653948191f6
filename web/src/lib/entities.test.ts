import { describe, expect, it } from "vitest";
import { entityPath } from "./entities";

const none = () => false;

describe("an entity's page in the app", () => {
  it("links the work to its screens", () => {
    expect(entityPath("case", "c1", none)).toBe("/saker/c1");
    expect(entityPath("meeting", "m1", none)).toBe("/moter/m1");
    expect(entityPath("decision", "d1", none)).toBe("/vedtak/d1");
    expect(entityPath("document", "x1", none)).toBe("/dokumenter/x1");
    expect(entityPath("annual_plan", "p1", none)).toBe("/arsplaner");
    expect(entityPath("webhook", "w1", none)).toBe("/webhooker/w1");
  });

  it("links a body only when it is a subcommittee, which has a page", () => {
    expect(entityPath("body", "sub", (id) => id === "sub")).toBe("/underutvalg/sub");
    expect(entityPath("body", "forum", (id) => id === "sub")).toBeNull();
  });

  it("gives no link for what has no screen", () => {
    expect(entityPath("person", "p", none)).toBeNull();
    expect(entityPath("membership", "m", none)).toBeNull();
    expect(entityPath("delivery", "d", none)).toBeNull();
  });
});
