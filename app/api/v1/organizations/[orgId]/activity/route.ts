import { withApi } from "@/lib/api/handler";
import { activityQuerySchema } from "@/lib/schemas/organizations";
import { organizationParams } from "@/lib/schemas/params";
import { listActivity } from "@/lib/services/organizations";

// GET /api/v1/organizations/{orgId}/activity — the audit log, newest first, `before` pages back
export const GET = withApi({
  params: organizationParams,
  query: activityQuerySchema,
  handler: async ({ user, params, query }) => {
    const page = await listActivity(user.id, params.orgId, query);
    return {
      events: page.events.map((event) => ({
        id: event.id,
        type: event.type,
        installationId: event.installationId,
        detail: event.detail,
        createdAt: event.createdAt.toISOString(),
        user: event.user && { userId: event.user.id, email: event.user.email, name: event.user.name },
      })),
      nextCursor: page.nextCursor,
    };
  },
});
