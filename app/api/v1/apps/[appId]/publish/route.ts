import { withApi } from "@/lib/api/handler";
import { appParams } from "@/lib/schemas/params";
import { publishAppToStore } from "@/lib/services/apps";

// POST /api/v1/apps/{appId}/publish — freeze the draft as the next version and list the app in the store
export const POST = withApi({
  params: appParams,
  handler: async ({ user, params }) => {
    const { version } = await publishAppToStore(user.id, params.appId);
    return { id: params.appId, published: true, version };
  },
});
