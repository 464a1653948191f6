import { describe, expect, it } from "vitest";
import { mayRedeliver, webhookState } from "./logic";

describe("webhooks", () => {
  it("offers to send again only what has been answered or withheld", () => {
    expect(mayRedeliver({ status: "delivered" })).toBe(true);
    expect(mayRedeliver({ status: "withheld" })).toBe(true);
    expect(mayRedeliver({ status: "pending" })).toBe(false);
  });

  it("names a subscription's state", () => {
    const at = "2026-12-01T10:00:00+01:00";
    expect(webhookState({ active: true, disabled_reason: null, failing_since: null }).text).toBe("Aktiv");
    expect(webhookState({ active: true, disabled_reason: null, failing_since: at }).color).toBe("warning");
    expect(webhookState({ active: false, disabled_reason: null, failing_since: null }).text).toBe("Pauset");
    expect(webhookState({ active: false, disabled_reason: "feilet i 5 dager", failing_since: at }).color).toBe(
      "danger",
    );
  });
});
