-- OAuth configs: RFC 7009 revocation, the RFC 9207 issuer check and where the granted scope is read.
ALTER TABLE "OAuthConfig" ADD COLUMN "revokeUrl" TEXT;
ALTER TABLE "OAuthConfig" ADD COLUMN "revokeBodyCiphertext" TEXT;
ALTER TABLE "OAuthConfig" ADD COLUMN "issuer" TEXT;
ALTER TABLE "OAuthConfig" ADD COLUMN "requireIss" BOOLEAN;
ALTER TABLE "OAuthConfig" ADD COLUMN "scopePath" TEXT;

-- APIs: the statuses and body values that mean the access token is dead.
ALTER TABLE "Api" ADD COLUMN "expiredStatuses" JSONB;
ALTER TABLE "Api" ADD COLUMN "expiredBodyPath" TEXT;
ALTER TABLE "Api" ADD COLUMN "expiredBodyValue" TEXT;

-- Connections: the scopes the provider granted.
ALTER TABLE "Connection" ADD COLUMN "scopes" TEXT;
