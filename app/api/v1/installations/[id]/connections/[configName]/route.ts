import { withApi } from "@/lib/api/handler";
import { noContent } from "@/lib/api/responses";
import { connectionParams } from "@/lib/schemas/params";
import { disconnect, getConnectionStatus } from "@/lib/services/connections";

// GET /api/v1/installations/{id}/connections/{configName} — the caller's own connection
export const GET = withApi({
  params: connectionParams,
  handler: async ({ user, params }) => getConnectionStatus(user.id, params.id, params.configName),
});

// DELETE /api/v1/installations/{id}/connections/{configName} — forget the caller's tokens
export const DELETE = withApi({
  params: connectionParams,
  handler: async ({ user, params }) => {
    await disconnect(user.id, params.id, params.configName);
    return noContent();
  },
});
