import { json } from "@/lib/api/responses";
import { withApi } from "@/lib/api/handler";
import { addMemberSchema } from "@/lib/schemas/accounts";
import { organizationParams } from "@/lib/schemas/params";
import { addOrganizationMember } from "@/lib/services/accounts";
import { RATE_LIMITS } from "@/lib/services/rate-limit";
import { listOrganizationMembers } from "@/lib/services/members";

// GET /api/v1/organizations/{orgId}/members — the members with their roles
export const GET = withApi({
  params: organizationParams,
  handler: async ({ user, params }) =>
    (await listOrganizationMembers(user.id, params.orgId)).map(({ userId, email, name, role }) => ({ userId, email, name, role })),
});

// POST /api/v1/organizations/{orgId}/members — add a member, creating the account when new
export const POST = withApi({
  rateLimit: RATE_LIMITS.memberAdd,
  params: organizationParams,
  body: addMemberSchema,
  handler: async ({ user, params, body }) => json(await addOrganizationMember(user.id, params.orgId, body), 201),
});
