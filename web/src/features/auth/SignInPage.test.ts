import { describe, expect, it } from "vitest";
import { returnPath } from "./SignInPage";

describe("where sign-in returns to", () => {
  it("goes back to a page of the app", () => {
    expect(returnPath("/arbeid/saker/7d1c?status=prepared")).toBe("/arbeid/saker/7d1c?status=prepared");
  });

  it("goes nowhere else", () => {
    for (const next of [
      null,
      "",
      "/",
      "/api/v1/me",
      "https://example.org/arbeid/",
      "//example.org/arbeid/",
      "/arbeidsutvalget",
    ]) {
      expect(returnPath(next)).toBe("/arbeid/");
    }
  });
});
