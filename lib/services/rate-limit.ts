import { countAttempt } from "@/lib/db/rate-limits";
import { AppError } from "@/lib/errors";
import { getEnv } from "@/lib/env";

export interface RateLimitRule {
  /** A name for the limited action, e.g. `sign-in`. */
  name: string;
  limit: number;
  windowMs: number;
}

export const RATE_LIMITS = {
  signIn: { name: "sign-in", limit: 10, windowMs: 60_000 },
  signUp: { name: "sign-up", limit: 5, windowMs: 60_000 },
  connectStart: { name: "connect-start", limit: 20, windowMs: 60_000 },
  callback: { name: "callback", limit: 30, windowMs: 60_000 },
} satisfies Record<string, RateLimitRule>;

/**
 * Counts one attempt in a fixed window shared by every instance (the counter lives in the database) and
 * throws a 429 with `Retry-After` once the limit is passed.
 */
export async function enforceRateLimit(rule: RateLimitRule, subject: string): Promise<void> {
  if (getEnv().RATE_LIMIT_DISABLED) return;
  const row = await countAttempt(`${rule.name}:${subject}`, rule.windowMs);
  if (row.count > rule.limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((row.windowStart.getTime() + rule.windowMs - Date.now()) / 1000));
    throw new AppError("rate_limited", "Too many attempts; try again shortly", { retryAfterSeconds }, {
      "Retry-After": String(retryAfterSeconds),
    });
  }
}

/** The caller's address as the nearest proxy reports it, for rate-limit keys. */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || "local";
}
