import { withApi } from "@/lib/api/handler";
import { installationParams } from "@/lib/schemas/params";
import { listMyConnections } from "@/lib/services/connections";

// GET /api/v1/installations/{id}/connections — the caller's own connection to each of the app's OAuth configs
export const GET = withApi({
  params: installationParams,
  handler: async ({ user, params }) => listMyConnections(user.id, params.id),
});
