import { describe, expect, it } from "vitest";
import { ApiError, errorMessage, messageFor, NETWORK_MESSAGE } from "./problem";

const problem = (status: number, extra: object = {}) => ({
  type: "about:blank",
  title: "t",
  status,
  detail: "d",
  ...extra,
});

describe("problem → Norwegian message", () => {
  it("says what each status means", () => {
    expect(messageFor(412)).toBe("Noen andre har endret saken. Last inn på nytt.");
    expect(messageFor(403)).toMatch(/tilgang/);
    expect(messageFor(503)).toMatch(/hos oss/);
    expect(messageFor(418)).toBe("Noe gikk galt. Prøv igjen.");
  });

  it("never shows the service's English detail", () => {
    const error = new ApiError(404, problem(404, { detail: "Case not found" }) as never);
    expect(error.message).not.toContain("Case");
  });

  it("keeps the violations of a 409 with their citations", () => {
    const violation = {
      rule: "case.prepare.knowledge_base",
      severity: "error",
      message: "m",
      message_nb: "Mangler kunnskapsgrunnlag",
      citation: "Mandat § 3",
    };
    const error = new ApiError(409, problem(409, { violations: [violation] }) as never);
    expect(error.violations).toEqual([violation]);
    expect(new ApiError(409, null).violations).toEqual([]);
  });

  it("maps field errors to the form's field names, in Norwegian", () => {
    const error = new ApiError(
      422,
      problem(422, {
        errors: [
          { field: "body.title", message: "Field required", type: "missing" },
          { field: "body.owner_body_id", message: "Input should be a valid UUID", type: "uuid_parsing" },
          { field: "body", message: "Saken må ha en eier." },
          { field: "query.limit", message: "too big", type: "less_than_equal" },
        ],
      }) as never,
    );
    expect(error.fieldErrors).toEqual({
      title: "Feltet må fylles ut.",
      owner_body_id: "Velg en av verdiene.",
      body: "Saken må ha en eier.",
      "query.limit": "Verdien er ikke gyldig.",
    });
  });

  it("prefers the service's own bokmål for a field", () => {
    const error = new ApiError(
      422,
      problem(422, {
        errors: [
          {
            field: "body.email",
            message: "is already registered",
            code: "taken",
            message_nb: "Adressen er allerede registrert.",
          },
        ],
      }) as never,
    );
    expect(error.fieldErrors).toEqual({ email: "Adressen er allerede registrert." });
  });

  it("tells a stale copy from other conflicts", () => {
    expect(new ApiError(412, null).staleCopy).toBe(true);
    expect(new ApiError(428, null).staleCopy).toBe(true);
    expect(new ApiError(409, null).staleCopy).toBe(false);
  });

  it("explains an unreachable service", () => {
    expect(errorMessage(new TypeError("Failed to fetch"))).toBe(NETWORK_MESSAGE);
  });
});
