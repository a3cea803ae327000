import { countAttempt, deleteExpiredBuckets, refundAttempt } from "@/lib/db/rate-limits";
import { AppError } from "@/lib/errors";
import { getEnv } from "@/lib/env";

export interface RateLimitRule {
  /** A name for the limited action, e.g. `sign-in`; the bucket key is `name:subject`. */
  name: string;
  limit: number;
  windowMs: number;
  /** What the subject is: the client's address, the signed-in user, or something the caller names. */
  by: "address" | "user" | "custom";
}

/**
 * Every limit, keyed by what an attacker cannot vary cheaply: the socket's address (as the launcher
 * reports it, see `clientAddress`), the account, the user or the connection. Routes name a rule;
 * `withApi({ rateLimit: RATE_LIMITS.x })` applies rules by address or user, and `enforceRateLimit` takes
 * a rule and its subject elsewhere.
 */
export const RATE_LIMITS = {
  /** Sign-in attempts from one address, whatever the account. */
  signIn: { name: "sign-in", limit: 10, windowMs: 60_000, by: "address" },
  /** Failed sign-ins for one account from all addresses: fewer, and a lockout of a quarter hour. */
  signInAccount: { name: "sign-in-account", limit: 10, windowMs: 15 * 60_000, by: "custom" },
  signUp: { name: "sign-up", limit: 5, windowMs: 60_000, by: "address" },
  connectStart: { name: "connect-start", limit: 20, windowMs: 60_000, by: "user" },
  callback: { name: "callback", limit: 30, windowMs: 60_000, by: "user" },
  /** Invoke per user (a token acts as its user); generous, it is the product's hot path. */
  invoke: { name: "invoke", limit: 600, windowMs: 60_000, by: "user" },
  /** Forced refreshes per connection (installation, config and user). */
  refresh: { name: "refresh", limit: 6, windowMs: 60_000, by: "custom" },
  /** Token creation and member addition per user; both run scrypt. */
  tokenCreate: { name: "token-create", limit: 10, windowMs: 60_000, by: "user" },
  memberAdd: { name: "member-add", limit: 20, windowMs: 60_000, by: "user" },
} satisfies Record<string, RateLimitRule>;

/**
 * Counts one attempt in a fixed window shared by every instance (the counter lives in the database) and
 * throws a 429 with `Retry-After` once the limit is passed.
 */
export async function enforceRateLimit(rule: RateLimitRule, subject: string): Promise<void> {
  if (getEnv().RATE_LIMIT_DISABLED) return;
  sweepExpiredBuckets();
  const row = await countAttempt(bucketKey(rule, subject), rule.windowMs);
  if (row.count > rule.limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((row.windowStart.getTime() + rule.windowMs - Date.now()) / 1000));
    throw new AppError("rate_limited", "Too many attempts; try again shortly", { retryAfterSeconds }, {
      "Retry-After": String(retryAfterSeconds),
    });
  }
}

/** Takes back one counted attempt (a sign-in that succeeded does not count towards the account's lockout). */
export async function refundRateLimit(rule: RateLimitRule, subject: string): Promise<void> {
  if (getEnv().RATE_LIMIT_DISABLED) return;
  await refundAttempt(bucketKey(rule, subject));
}

const bucketKey = (rule: RateLimitRule, subject: string) => `${rule.name}:${subject}`;

const SWEEP_INTERVAL_MS = 60_000;
let lastSweep = 0;

/** Deletes buckets whose window has passed, at most once a minute per process, off the request's path. */
function sweepExpiredBuckets(): void {
  const now = Date.now();
  if (now - lastSweep < SWEEP_INTERVAL_MS) return;
  lastSweep = now;
  deleteExpiredBuckets().catch(() => undefined);
}

/**
 * The header in which the launcher passes the client's address to the app. The launcher deletes any
 * copy a client sends before setting it, so nothing else is trusted for rate-limit keys. Tests that call
 * route handlers directly set it to stand for the socket's address.
 */
export const CLIENT_ADDRESS_HEADER = "x-gatehouse-client-address";

/** The caller's address, for rate-limit keys: only what the launcher wrote (`unknown` outside it). */
export function clientAddress(headers: { get(name: string): string | null }): string {
  return headers.get(CLIENT_ADDRESS_HEADER)?.trim() || "unknown";
}

/**
 * The client's address from the socket and `X-Forwarded-For`: with `trustProxy` 0 the socket's; with N,
 * the N-th entry from the right of `X-Forwarded-For` (each trusted proxy appends the address it saw), or
 * the socket's when the header has fewer entries than that (the request did not come through them all).
 */
export function resolveClientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: number): string {
  const socket = normalizeAddress(socketAddress ?? "") || "unknown";
  if (trustProxy <= 0 || forwardedFor === undefined) return socket;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length < trustProxy) return socket;
  return normalizeAddress(entries[entries.length - trustProxy]!) || socket;
}

/** `::ffff:1.2.3.4` is `1.2.3.4`; anything that is not an address-like token is dropped. */
function normalizeAddress(value: string): string {
  const address = value.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return /^[0-9A-Fa-f:.[\]%a-zA-Z_-]{1,64}$/.test(address) ? address : "";
}
