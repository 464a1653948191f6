// What the meeting screens compute themselves: the list's windows and the item a meeting deals with
// next (Norwegian time: lib/format.ts).

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

/** The meeting's papers as PDF (plain download links, same origin, the session cookie sent): the
 * book and the agenda once it is convened, the minutes once approved; none before or when cancelled. */
export function meetingPapers(meeting: { id: string; status: string }): { label: string; href: string }[] {
  const printable = ["convened", "in_session", "held", "minutes_approved"];
  if (!printable.includes(meeting.status)) return [];
  const base = `/api/v1/meetings/${meeting.id}`;
  const papers = [
    { label: "Last ned møtebok (PDF)", href: `${base}/moetebok.pdf` },
    { label: "Last ned saksliste (PDF)", href: `${base}/saksliste.pdf` },
  ];
  if (meeting.status === "minutes_approved")
    papers.push({ label: "Last ned referat (PDF)", href: `${base}/referat.pdf` });
  return papers;
}
