// What the meeting screens compute themselves: the list's windows, agenda ETags, and the item a meeting
// deals with next (Norwegian time: lib/format.ts).
import type { Schemas } from "@/lib/api";

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

/** The ETag of an agenda item as the API derives it from its `version` (`"<id>.<version>"`): the agenda's
 * listing is one answer without a tag per item, and a move shifts the others' versions. */
export function agendaItemEtag(item: Pick<Schemas["AgendaItemOut"], "id" | "version">): string {
  return `"${item.id}.${item.version}"`;
}

/** The item the meeting deals with next: the first in order without an outcome. */
export function nextItem<T extends { outcome: unknown; position: number }>(items: T[]): T | undefined {
  return [...items].sort((a, b) => a.position - b.position).find((item) => item.outcome === null);
}
