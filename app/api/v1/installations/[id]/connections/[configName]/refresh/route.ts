import { withApi } from "@/lib/api/handler";
import { connectionParams } from "@/lib/schemas/params";
import { refreshConnectionNow } from "@/lib/services/connections";
import { RATE_LIMITS } from "@/lib/services/rate-limit";

// POST /api/v1/installations/{id}/connections/{configName}/refresh — force a refresh of the caller's tokens
export const POST = withApi({
  params: connectionParams,
  rateLimit: RATE_LIMITS.refresh,
  rateLimitKey: ({ user, params }) => `${params.id}:${params.configName}:${user?.id}`,
  handler: async ({ user, params }) => refreshConnectionNow(user.id, params.id, params.configName),
});
