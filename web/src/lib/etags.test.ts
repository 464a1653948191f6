import { beforeEach, describe, expect, it } from "vitest";
import { etagFor, forgetEtags, rememberEtag, resourceKey, versionEtag } from "./etags";

describe("ETags kept for If-Match", () => {
  beforeEach(forgetEtags);

  it("sends a resource's ETag back when it is changed", () => {
    rememberEtag("http://127.0.0.1:8000/api/v1/cases/c1", '"c1.3"');
    expect(etagFor("/api/v1/cases/c1")).toBe('"c1.3"');
    expect(etagFor("/api/v1/cases/c2")).toBe("");
  });

  it("uses the case's ETag for its transitions, and the newest one", () => {
    rememberEtag("/api/v1/cases/c1", '"c1.3"');
    expect(etagFor("/api/v1/cases/c1/transitions/prepare?dry_run=false")).toBe('"c1.3"');
    rememberEtag("/api/v1/cases/c1/transitions/prepare", '"c1.4"');
    expect(etagFor("/api/v1/cases/c1")).toBe('"c1.4"');
  });

  it("ignores answers without an ETag and keeps a document's corrections on the document", () => {
    rememberEtag("/api/v1/documents/d1", '"d1.1"');
    rememberEtag("/api/v1/documents/d1", null);
    expect(resourceKey("/api/v1/documents/d1/corrections")).toBe("/api/v1/documents/d1");
    expect(etagFor("/api/v1/documents/d1/corrections")).toBe('"d1.1"');
    expect(etagFor("/api/v1/documents/d1/files")).toBe('"d1.1"');
  });
});

describe("versionEtag", () => {
  it("is the API's tag of a listed entity's version", () => {
    expect(versionEtag({ id: "a1", version: 3 })).toBe('"a1.3"');
  });
});
