/**
 * Whether an error means the database cannot be reached right now (restarted, failed over, connections
 * terminated, not accepting connections), as opposed to a bug or bad data. Such requests are answered 503:
 * the caller may retry, and the pool opens fresh connections once the database is back.
 */

// SQLSTATE classes and codes of a lost or refused connection (PostgreSQL Appendix A).
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
const CONNECTION_EXCEPTION_CLASS = "08";
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
// Prisma's own codes for "can't reach", "timed out", "closed the connection", "pool timed out", "no connection for a transaction in time".
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);
const MESSAGES = [
  /Connection terminated/i,
  /terminating connection due to administrator command/i,
  /is not currently accepting connections/i,
  /Client has encountered a connection error/i,
  /Connection (?:closed|ended) unexpectedly/i,
  /the database system is (?:shutting down|starting up|in recovery mode)/i,
  /timeout exceeded when trying to connect/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 20) {
    const current = queue.shift();
    if (current === null || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const record = current as Record<string, unknown>;
    for (const key of ["code", "originalCode"]) {
      const code = record[key];
      if (typeof code !== "string") continue;
      if (UNAVAILABLE_SQLSTATES.has(code) || PRISMA_CODES.has(code) || NETWORK_CODES.has(code)) return true;
      if (/^[0-9A-Z]{5}$/.test(code) && code.startsWith(CONNECTION_EXCEPTION_CLASS)) return true;
    }
    for (const key of ["message", "originalMessage"]) {
      const message = record[key];
      if (typeof message === "string" && MESSAGES.some((pattern) => pattern.test(message))) return true;
    }
    // Prisma wraps the driver adapter's error in `cause` or `meta.driverAdapterError`.
    queue.push(record.cause, record.meta, record.driverAdapterError);
  }
  return false;
}
