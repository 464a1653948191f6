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
