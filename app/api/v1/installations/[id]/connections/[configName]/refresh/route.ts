import { withApi } from "@/lib/api/handler";
import { connectionParams } from "@/lib/schemas/params";
import { refreshConnectionNow } from "@/lib/services/connections";

// POST /api/v1/installations/{id}/connections/{configName}/refresh — force a refresh of the caller's tokens
export const POST = withApi({
  params: connectionParams,
  handler: async ({ user, params }) => refreshConnectionNow(user.id, params.id, params.configName),
});
