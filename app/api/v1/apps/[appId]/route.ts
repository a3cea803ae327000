import { withApi } from "@/lib/api/handler";
import { appParams } from "@/lib/schemas/params";
import { getAppForEditing, updateAppDefinition } from "@/lib/services/apps";
import { z } from "zod";

// GET /api/v1/apps/{appId} — the whole definition, for the owning organization's admins
export const GET = withApi({
  params: appParams,
  handler: async ({ user, params }) => getAppForEditing(user.id, params.appId),
});

// PUT /api/v1/apps/{appId} — replace the definition
export const PUT = withApi({
  params: appParams,
  body: z.unknown(),
  handler: async ({ user, params, body }) => {
    await updateAppDefinition(user.id, params.appId, body);
    return getAppForEditing(user.id, params.appId);
  },
});
