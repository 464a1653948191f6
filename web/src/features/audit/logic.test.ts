import { describe, expect, it } from "vitest";
import { auditQuery } from "./logic";

const none = { type: "", objekt: "", aktor: "", fra: "" };

describe("the audit log's filters", () => {
  it("asks for everything when nothing is filtered", () => {
    expect(auditQuery(none)).toEqual({ query: {}, errors: {} });
  });

  it("takes the day in Norwegian time and the rest as written", () => {
    const id = "3f2b6c1e-1111-4222-8333-444455556666";
    expect(auditQuery({ type: "case", objekt: ` ${id} `, aktor: "person:abc", fra: "2026-12-01" }).query).toEqual({
      entity_type: "case",
      entity_id: id,
      actor: "person:abc",
      since: "2026-12-01T00:00:00+01:00",
    });
  });

  it("says what is wrong with an id that is none, and leaves it out", () => {
    const { query, errors } = auditQuery({ ...none, objekt: "sak 3/2026" });
    expect(errors.objekt).toMatch(/objektets id/);
    expect(query.entity_id).toBeUndefined();
  });
});
