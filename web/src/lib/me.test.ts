import { describe, expect, it } from "vitest";
import { holds, holdsOn, type Me } from "./me";

const member = {
  kind: "person",
  name: "Astrid Myrvold",
  person_id: "p1",
  seats: [],
  permissions: [{ body_id: "au", body_name: "Arbeidsutvalget", permissions: ["work.read", "work.write"] }],
  global_permissions: ["me.read"],
  session: null,
} as unknown as Me;
const secretariat = { ...member, kind: "secretariat", permissions: [], global_permissions: ["work.write"] } as Me;

describe("what the person may do, from GET /api/v1/me", () => {
  it("holds a permission held on some body or globally", () => {
    expect(holds(member, "work.write")).toBe(true);
    expect(holds(member, "audit.read")).toBe(false);
    expect(holds(secretariat, "work.write")).toBe(true);
    expect(holds(undefined, "me.read")).toBe(false);
  });

  it("holds it on its own bodies only, unless globally", () => {
    expect(holdsOn(member, "work.write")("au")).toBe(true);
    expect(holdsOn(member, "work.write")("forum")).toBe(false);
    expect(holdsOn(secretariat, "work.write")("forum")).toBe(true);
    expect(holdsOn(undefined, "work.write")("au")).toBe(false);
  });
});
