-- Each bucket knows when its window ends, so expired buckets can be deleted (existing ones start over).
ALTER TABLE "RateLimitBucket" ADD COLUMN "expiresAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

CREATE INDEX "RateLimitBucket_expiresAt_idx" ON "RateLimitBucket"("expiresAt");
