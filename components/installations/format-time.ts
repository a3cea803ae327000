// Rendered on the server, so one fixed time zone keeps the text the same for every viewer and render.
const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

// With seconds, for times that matter to the second, such as a two-minute token's expiry.
const preciseDateTimeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

export const formatDate = (date: Date): string => dateFormat.format(date);
export const formatDateTime = (date: Date): string => `${dateTimeFormat.format(date)} UTC`;
/** In the viewer's own time zone, named; only in the browser, after hydration, so server and client agree first. */
// dateStyle and timeStyle cannot be combined with timeZoneName (a TypeError), so the parts are named one by one.
export const formatLocalDateTime = (date: Date, precise = false): string =>
  new Intl.DateTimeFormat(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    ...(precise ? { second: "2-digit" } : {}),
    timeZoneName: "short",
  }).format(date);
export const formatPreciseDateTime = (date: Date): string => `${preciseDateTimeFormat.format(date)} UTC`;

const relativeFormat = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

/** "in 2 minutes", "40 seconds ago": how far `date` is from `now`, in the largest unit that fits. */
export function formatRelative(date: Date, now: number): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  // Within a few seconds either way, because the browser's clock and the server's rarely agree exactly.
  if (Math.abs(seconds) < 5) return "just now";
  const [unit, size] = RELATIVE_UNITS.find(([, unitSeconds]) => Math.abs(seconds) >= unitSeconds) ?? ["second", 1];
  return relativeFormat.format(Math.round(seconds / size), unit);
}
