const DATE = new Intl.DateTimeFormat("nb-NO", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "Europe/Oslo",
});
const DATE_TIME = new Intl.DateTimeFormat("nb-NO", {
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Europe/Oslo",
});

/** «4. desember 2026» */
export function formatDate(value: string | null | undefined): string {
  return value ? DATE.format(new Date(value)) : "–";
}

/** «4. desember 2026 kl. 10:00» */
export function formatDateTime(value: string | null | undefined): string {
  return value ? DATE_TIME.format(new Date(value)) : "–";
}

const DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Oslo" });

/** The day in Norway as the API's `from`/`to` filters take it: «2026-12-05». */
export function osloDay(at: Date = new Date()): string {
  return DAY.format(at);
}

/** Whole days from today in Norway to a day («2026-12-05»): negative once it has passed. */
export function daysUntil(day: string, today: string = osloDay()): number {
  return Math.round((Date.parse(day) - Date.parse(today)) / 86_400_000);
}

/** «om 3 dager», «i dag», «1 dag på overtid» */
export function daysLeft(day: string, today: string = osloDay()): string {
  const days = daysUntil(day, today);
  if (days === 0) return "i dag";
  if (days === 1) return "i morgen";
  if (days > 1) return `om ${days} dager`;
  return days === -1 ? "1 dag på overtid" : `${-days} dager på overtid`;
}
