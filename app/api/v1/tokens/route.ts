import { json } from "@/lib/api/responses";
import { withApi } from "@/lib/api/handler";
import { createTokenSchema } from "@/lib/schemas/accounts";
import { issuePersonalAccessToken, listPersonalAccessTokens } from "@/lib/services/accounts";
import { RATE_LIMITS } from "@/lib/services/rate-limit";

// POST /api/v1/tokens — issue a personal access token, shown this once; a token cannot mint another
export const POST = withApi({
  auth: "session",
  rateLimit: RATE_LIMITS.tokenCreate,
  body: createTokenSchema,
  handler: async ({ user, body }) => json(await issuePersonalAccessToken(user.id, body), 201),
});

// GET /api/v1/tokens — the caller's tokens, without the secrets
export const GET = withApi({
  handler: async ({ user }) => listPersonalAccessTokens(user.id),
});
