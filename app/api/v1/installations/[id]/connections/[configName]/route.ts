import { withApi } from "@/lib/api/handler";
import { noContent } from "@/lib/api/responses";
import { connectionParams } from "@/lib/schemas/params";
import { disconnect, getConnectionStatus } from "@/lib/services/connections";

// GET /api/v1/installations/{id}/connections/{configName} — the caller's own connection
export const GET = withApi({
  params: connectionParams,
  handler: async ({ user, params }) => getConnectionStatus(user.id, params.id, params.configName),
});

// DELETE /api/v1/installations/{id}/connections/{configName} — revoke at the provider, then forget the caller's
// tokens; the Gatehouse-Revocation header says what the provider answered
export const DELETE = withApi({
  params: connectionParams,
  handler: async ({ user, params }) => {
    const revocation = await disconnect(user.id, params.id, params.configName);
    const response = noContent();
    response.headers.set("Gatehouse-Revocation", revocation);
    return response;
  },
});
