import { withApi } from "@/lib/api/handler";
import { json } from "@/lib/api/responses";
import { organizationParams } from "@/lib/schemas/params";
import { createAppInOrganization } from "@/lib/services/apps";
import { z } from "zod";

// POST /api/v1/organizations/{orgId}/apps — create an app from a definition
export const POST = withApi({
  params: organizationParams,
  body: z.unknown(),
  handler: async ({ user, params, body }) => json({ id: await createAppInOrganization(user.id, params.orgId, body) }, 201),
});
