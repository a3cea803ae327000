import { withApi } from "@/lib/api/handler";
import { appParams } from "@/lib/schemas/params";
import { listVersionsOfApp } from "@/lib/services/apps";

// GET /api/v1/apps/{appId}/versions — the published versions, newest first
export const GET = withApi({
  params: appParams,
  handler: async ({ user, params }) => listVersionsOfApp(user.id, params.appId),
});
