import { withApi } from "@/lib/api/handler";
import { noContent } from "@/lib/api/responses";
import { deleteOrganizationSchema, renameOrganizationSchema } from "@/lib/schemas/organizations";
import { organizationParams } from "@/lib/schemas/params";
import { deleteOrganization, renameOrganization } from "@/lib/services/organizations";

// PATCH /api/v1/organizations/{orgId} — rename (owner)
export const PATCH = withApi({
  params: organizationParams,
  body: renameOrganizationSchema,
  handler: async ({ user, params, body }) => renameOrganization(user.id, params.orgId, body.name),
});

// DELETE /api/v1/organizations/{orgId} `{confirm: name}` — delete with everything in it (owner)
export const DELETE = withApi({
  params: organizationParams,
  body: deleteOrganizationSchema,
  handler: async ({ user, params, body }) => {
    await deleteOrganization(user.id, params.orgId, body.confirm);
    return noContent();
  },
});
