import { getPrisma } from "./client";

/**
 * Counts `attempts` (one, or a batch an instance counted locally) for `key` in a fixed window; returns
 * the count so far and when the window began.
 */
export async function countAttempt(key: string, windowMs: number, attempts = 1): Promise<{ count: number; windowStart: Date }> {
  const prisma = await getPrisma();
  const windowSeconds = windowMs / 1000;
  const rows = await prisma.$queryRaw<{ count: number; windowStart: Date }[]>`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count", "expiresAt")
    VALUES (${key}, now(), ${attempts}::int, now() + make_interval(secs => ${windowSeconds}::float8))
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."expiresAt" <= now() THEN ${attempts}::int ELSE "RateLimitBucket"."count" + ${attempts}::int END,
      "windowStart" = CASE WHEN "RateLimitBucket"."expiresAt" <= now() THEN now() ELSE "RateLimitBucket"."windowStart" END,
      "expiresAt" = CASE WHEN "RateLimitBucket"."expiresAt" <= now()
                    THEN now() + make_interval(secs => ${windowSeconds}::float8) ELSE "RateLimitBucket"."expiresAt" END
    RETURNING "count", "windowStart"`;
  const row = rows[0];
  if (!row) throw new Error("rate limit counter returned no row");
  return row;
}

/** Takes back one attempt of a live window. */
export async function refundAttempt(key: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.$executeRaw`
    UPDATE "RateLimitBucket" SET "count" = GREATEST("count" - 1, 0) WHERE "key" = ${key} AND "expiresAt" > now()`;
}

/** Deletes every bucket whose window has ended; returns how many. */
export async function deleteExpiredBuckets(): Promise<number> {
  const prisma = await getPrisma();
  return prisma.$executeRaw`DELETE FROM "RateLimitBucket" WHERE "expiresAt" <= now()`;
}
