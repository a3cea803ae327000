import { getPrisma } from "./client";

/** Counts one attempt for `key` in a fixed window; returns the count so far and when the window began. */
export async function countAttempt(key: string, windowMs: number): Promise<{ count: number; windowStart: Date }> {
  const prisma = await getPrisma();
  const windowSeconds = windowMs / 1000;
  const rows = await prisma.$queryRaw<{ count: number; windowStart: Date }[]>`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count")
    VALUES (${key}, now(), 1)
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."windowStart" < now() - make_interval(secs => ${windowSeconds}::float8)
                     THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimitBucket"."windowStart" < now() - make_interval(secs => ${windowSeconds}::float8)
                     THEN now() ELSE "RateLimitBucket"."windowStart" END
    RETURNING "count", "windowStart"`;
  const row = rows[0];
  if (!row) throw new Error("rate limit counter returned no row");
  return row;
}
