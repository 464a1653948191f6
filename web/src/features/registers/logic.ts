// What the register screens compute themselves: a form's fields as the API's payload, filters, periods.
import type { Schemas } from "@/lib/api";
import { formatDate, osloDay } from "@/lib/format";

type Text = (name: string) => string;

/** A yes/no filter in the address ("true", "false" or none) as the API's boolean. */
export function yesNo(value: string): boolean | undefined {
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/** A list written one item a line, without empty lines. */
export function lines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

const orNull = (value: string): string | null => value || null;

/** The seat's fields of a membership form, as the API takes them (empty = not set). A deputy names the
 * seat it stands in for; any other role none, so a changed role clears it. */
export function membershipFields(text: Text): Omit<Schemas["MembershipCreate"], "person_id"> {
  const role = text("role") as Schemas["MembershipRole"];
  const allocation = text("allocation_percent");
  return {
    role,
    organization_id: orNull(text("organization_id")),
    deputy_for_membership_id: role === "deputy" ? orNull(text("deputy_for_membership_id")) : null,
    start_date: text("start_date"),
    end_date: orNull(text("end_date")),
    allocation_percent: allocation === "" ? null : Number(allocation),
    competence: orNull(text("competence")),
    background: orNull(text("background")) as Schemas["MembershipBackground"] | null,
  };
}

/** A seat's period in Norwegian dates; an open end is «–». */
export function period(membership: { start_date: string; end_date: string | null }): string {
  return `${formatDate(membership.start_date)}–${membership.end_date ? formatDate(membership.end_date) : ""}`;
}

/** Whether the seat is held on the day (its end date is its last day). */
export function heldOn(membership: { start_date: string; end_date: string | null }, day: string = osloDay()): boolean {
  return membership.start_date <= day && (membership.end_date === null || membership.end_date >= day);
}
