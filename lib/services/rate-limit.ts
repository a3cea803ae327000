import { countAttempt, deleteExpiredBuckets, refundAttempt } from "@/lib/db/rate-limits";
import { AppError } from "@/lib/errors";
import { getEnv } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";

export interface RateLimitRule {
  /** A name for the limited action, e.g. `sign-in`; the bucket key is `name:subject`. */
  name: string;
  limit: number;
  windowMs: number;
  /** What the subject is: the client's address, the signed-in user, or something the caller names. */
  by: "address" | "user" | "custom";
  /**
   * For a hot path with a high limit: each instance counts locally and writes to the shared counter in
   * batches of up to a thirtieth of the limit, or once a second, instead of once per request. The limit
   * then holds within that batch per instance.
   */
  batched?: boolean;
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
  invoke: {
    name: "invoke",
    get limit() {
      return getEnv().RATE_LIMIT_INVOKE_PER_MINUTE;
    },
    windowMs: 60_000,
    by: "user",
    batched: true,
  },
  /** Forced refreshes per connection (installation, config and user). */
  refresh: { name: "refresh", limit: 6, windowMs: 60_000, by: "custom" },
  /** Token creation and member addition per user; both run scrypt. */
  tokenCreate: { name: "token-create", limit: 10, windowMs: 60_000, by: "user" },
  memberAdd: { name: "member-add", limit: 20, windowMs: 60_000, by: "user" },
} satisfies Record<string, RateLimitRule>;

/**
 * Counts one attempt in a fixed window shared by every instance (the counter lives in the database) and
 * throws a 429 with `Retry-After` once the limit is passed. A batched rule answers without waiting between
 * its writes (nothing to await then: the invoke hot path takes no promise it does not need).
 */
export function enforceRateLimit(rule: RateLimitRule, subject: string): Promise<void> | void {
  if (getEnv().RATE_LIMIT_DISABLED) return;
  sweepExpiredBuckets();
  if (rule.batched) return enforceBatched(rule, bucketKey(rule, subject));
  return enforceCounted(rule, bucketKey(rule, subject));
}

async function enforceCounted(rule: RateLimitRule, key: string): Promise<void> {
  const row = await countAttempt(key, rule.windowMs);
  if (row.count > rule.limit) throw rateLimited(row.windowStart.getTime() + rule.windowMs);
}

function rateLimited(windowEnd: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((windowEnd - Date.now()) / 1000));
  return new AppError("rate_limited", "Too many attempts; try again shortly", { retryAfterSeconds }, {
    "Retry-After": String(retryAfterSeconds),
  });
}

/** What this instance knows of a batched bucket: the shared count when last written, and what it has counted since. */
interface LocalBucket {
  shared: number;
  pending: number;
  windowEnd: number;
  writtenAt: number;
  isWriting: boolean;
}

const localBuckets = processSingleton("rate-limit-local-buckets", () => new Map<string, LocalBucket>());
const BATCH_INTERVAL_MS = 1_000;

function enforceBatched(rule: RateLimitRule, key: string): Promise<void> | void {
  const now = Date.now();
  let bucket = localBuckets.get(key);
  if (!bucket || (bucket.windowEnd !== 0 && bucket.windowEnd <= now)) {
    bucket = { shared: 0, pending: 0, windowEnd: 0, writtenAt: 0, isWriting: false };
    localBuckets.set(key, bucket);
  }
  bucket.pending += 1;
  const batch = Math.max(1, Math.floor(rule.limit / 30));
  // Write when the batch is full, or when nothing is being written and the last write is a second old
  // (the first request of a window among them).
  if (bucket.pending >= batch || (!bucket.isWriting && now - bucket.writtenAt >= BATCH_INTERVAL_MS)) {
    return writeBatch(rule, key, bucket).then(() => checkBatched(rule, bucket, now));
  }
  checkBatched(rule, bucket, now);
}

async function writeBatch(rule: RateLimitRule, key: string, bucket: LocalBucket): Promise<void> {
  const attempts = bucket.pending;
  bucket.pending = 0;
  bucket.isWriting = true;
  try {
    const row = await countAttempt(key, rule.windowMs, attempts);
    bucket.shared = row.count;
    bucket.windowEnd = row.windowStart.getTime() + rule.windowMs;
    bucket.writtenAt = Date.now();
  } finally {
    bucket.isWriting = false;
  }
}

function checkBatched(rule: RateLimitRule, bucket: LocalBucket, now: number): void {
  if (bucket.shared + bucket.pending > rule.limit) throw rateLimited(bucket.windowEnd || now + rule.windowMs);
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
  for (const [key, bucket] of localBuckets) if (bucket.windowEnd !== 0 && bucket.windowEnd <= now) localBuckets.delete(key);
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
