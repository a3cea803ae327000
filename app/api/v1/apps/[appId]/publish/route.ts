import { withApi } from "@/lib/api/handler";
import { appParams } from "@/lib/schemas/params";
import { getAppForEditing, publishAppToStore } from "@/lib/services/apps";

// POST /api/v1/apps/{appId}/publish — list the app in the store
export const POST = withApi({
  params: appParams,
  handler: async ({ user, params }) => {
    await publishAppToStore(user.id, params.appId);
    const app = await getAppForEditing(user.id, params.appId);
    return { id: app.id, published: app.published };
  },
});
