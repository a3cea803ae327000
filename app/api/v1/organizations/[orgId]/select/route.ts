import { withApi } from "@/lib/api/handler";
import { organizationParams } from "@/lib/schemas/params";
import { selectOrganization } from "@/lib/services/organizations";

// POST /api/v1/organizations/{orgId}/select — make it the organization the pages show
export const POST = withApi({
  params: organizationParams,
  handler: async ({ user, params }) => selectOrganization(user.id, params.orgId),
});
