import { json } from "@/lib/api/responses";
import { withApi } from "@/lib/api/handler";
import { createTokenSchema } from "@/lib/schemas/accounts";
import { createPersonalAccessToken } from "@/lib/services/accounts";
import { RATE_LIMITS } from "@/lib/services/rate-limit";

// POST /api/v1/tokens — issue a personal access token, shown this once
export const POST = withApi({
  rateLimit: RATE_LIMITS.tokenCreate,
  body: createTokenSchema,
  handler: async ({ user, body }) => json({ token: await createPersonalAccessToken(user.id, body.name) }, 201),
});
