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

const OFFSET = new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Oslo", timeZoneName: "longOffset" });

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

const FILE_TYPES: Record<string, string> = {
  "application/pdf": "PDF",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
  "application/vnd.oasis.opendocument.text": "ODT",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
  "image/png": "PNG",
  "image/jpeg": "JPEG",
};

const DECIMAL = new Intl.NumberFormat("nb-NO", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** «1,2 MB», «340 kB»: decimal units, as the website writes them. */
export function formatSize(bytes: number): string {
  if (bytes >= 100_000) return `${DECIMAL.format(bytes / 1_000_000)} MB`;
  return `${Math.max(1, Math.round(bytes / 1000))} kB`;
}

/** «PDF, 1,2 MB»: the type as people name it, and the size. */
export function formatFile(file: { media_type: string; size: number }): string {
  return `${FILE_TYPES[file.media_type] ?? "Fil"}, ${formatSize(file.size)}`;
}
