// What the webhook screens decide themselves.
import type { Delivery } from "./api";

/** Only an event already answered (or withheld) can be sent again: a pending one is still on its way. */
export function mayRedeliver(delivery: Pick<Delivery, "status">): boolean {
  return delivery.status !== "pending";
}

/** A subscription's state in bokmål: switched off by the service (and why), paused, failing, or active. */
export function webhookState(webhook: {
  active: boolean;
  disabled_reason: string | null;
  failing_since: string | null;
}): { text: string; color: "success" | "warning" | "danger" | "neutral" } {
  if (!webhook.active && webhook.disabled_reason) return { text: "Slått av av tjenesten", color: "danger" };
  if (!webhook.active) return { text: "Pauset", color: "neutral" };
  if (webhook.failing_since) return { text: "Aktiv, leveransene feiler", color: "warning" };
  return { text: "Aktiv", color: "success" };
}
