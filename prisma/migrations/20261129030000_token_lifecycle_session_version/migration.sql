-- Sessions carry the user's session version; raising it ends them all.
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- Tokens get a visible prefix and an expiry. Tokens issued before this had neither: they show the
-- common prefix and expire 90 days from now, like a new token, instead of never.
ALTER TABLE "PersonalAccessToken" ADD COLUMN "prefix" TEXT NOT NULL DEFAULT 'gh_pat_';
ALTER TABLE "PersonalAccessToken" ALTER COLUMN "prefix" DROP DEFAULT;
ALTER TABLE "PersonalAccessToken" ADD COLUMN "expiresAt" TIMESTAMP(3);
UPDATE "PersonalAccessToken" SET "expiresAt" = CURRENT_TIMESTAMP + INTERVAL '90 days';
