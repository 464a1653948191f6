// What the meeting screens compute themselves: Norwegian time, the list's windows, and
// the item a meeting deals with next.

const ZONE = "Europe/Oslo";
const DAY = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" });
const OFFSET = new Intl.DateTimeFormat("en-US", { timeZone: ZONE, timeZoneName: "longOffset" });

/** The day in Norway (YYYY-MM-DD) at this instant. */
export function osloDay(at: Date): string {
  return DAY.format(at);
}

function offsetAt(at: Date): string {
  const name = OFFSET.formatToParts(at).find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  return name === "GMT" ? "+00:00" : name.slice(3);
}

function minutes(offset: string): number {
  const sign = offset.startsWith("-") ? -1 : 1;
  const [hours = 0, mins = 0] = offset.slice(1).split(":").map(Number);
  return sign * (hours * 60 + mins);
}

/** A Norwegian wall-clock time (`2026-12-10`, `10:00`) as an instant with its offset
 * (`2026-12-10T10:00:00+01:00`): summer time or not, as it is in Norway that day. */
export function osloInstant(day: string, time: string): string {
  const [y = 0, m = 1, d = 1] = day.split("-").map(Number);
  const [h = 0, min = 0] = time.split(":").map(Number);
  const wall = Date.UTC(y, m - 1, d, h, min);
  // The offset at the instant the wall time names; asked twice, for a time near a change of offset.
  let offset = offsetAt(new Date(wall));
  offset = offsetAt(new Date(wall - minutes(offset) * 60_000));
  return `${day}T${time}:00${offset}`;
}

export type Window = { from?: string; to?: string };

function previousDay(day: string): string {
  const at = new Date(`${day}T12:00:00Z`);
  at.setUTCDate(at.getUTCDate() - 1);
  return at.toISOString().slice(0, 10);
}

/** The days of the upcoming meetings (from today) and of the past ones (until yesterday), within the
 * year when one is chosen; null when the year leaves none. */
export function meetingWindows(year: string, today: string): { upcoming: Window | null; past: Window | null } {
  const yesterday = previousDay(today);
  if (!year) return { upcoming: { from: today }, past: { to: yesterday } };
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  return {
    upcoming: last >= today ? { from: first > today ? first : today, to: last } : null,
    past: first <= yesterday ? { from: first, to: last < yesterday ? last : yesterday } : null,
  };
}

/** The item the meeting deals with next: the first in order without an outcome. */
export function nextItem<T extends { outcome: unknown; position: number }>(items: T[]): T | undefined {
  return [...items].sort((a, b) => a.position - b.position).find((item) => item.outcome === null);
}
