import { withApi } from "@/lib/api/handler";
import { json } from "@/lib/api/responses";
import { installAppSchema } from "@/lib/schemas/installations";
import { organizationParams } from "@/lib/schemas/params";
import { installApp } from "@/lib/services/installations";

// POST /api/v1/organizations/{orgId}/installations — install an app with the installer's answers to its settings
export const POST = withApi({
  params: organizationParams,
  body: installAppSchema,
  handler: async ({ user, params, body }) => json(await installApp(user.id, params.orgId, body), 201),
});
