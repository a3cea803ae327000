/**
 * A small structured logger. Callers pass facts, never tokens or secrets; as a second line of defence,
 * values under sensitive-looking keys are replaced before anything is written.
 */

const SENSITIVE_KEY = /token|secret|password|authorization|cookie|code_verifier|verifier|^code$|credential/i;

type Fields = Record<string, unknown>;

function sanitize(value: unknown, depth = 0): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack?.split("\n").slice(0, 6).join("\n") };
  }
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => sanitize(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, item]) => [
      key,
      SENSITIVE_KEY.test(key) ? "[redacted]" : sanitize(item, depth + 1),
    ]),
  );
}

function write(level: "info" | "warn" | "error", message: string, fields?: Fields): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...(sanitize(fields ?? {}) as Fields) });
  if (level === "error") console.error(line);
  else console.log(line);
}

export const logger = {
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};
