// Rendered on the server, so one fixed time zone keeps the text the same for every viewer and render.
const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export const formatDate = (date: Date): string => dateFormat.format(date);
export const formatDateTime = (date: Date): string => `${dateTimeFormat.format(date)} UTC`;
