import { withApi } from "@/lib/api/handler";
import { noContent } from "@/lib/api/responses";
import { changeRoleSchema, memberParams } from "@/lib/schemas/organizations";
import { changeMemberRole, removeMember } from "@/lib/services/members";

// PATCH /api/v1/organizations/{orgId}/members/{userId} — change a member's role
export const PATCH = withApi({
  params: memberParams,
  body: changeRoleSchema,
  handler: async ({ user, params, body }) => changeMemberRole(user.id, params.orgId, params.userId, body.role),
});

// DELETE /api/v1/organizations/{orgId}/members/{userId} — remove a member, or leave (one's own id)
export const DELETE = withApi({
  params: memberParams,
  handler: async ({ user, params }) => {
    await removeMember(user.id, params.orgId, params.userId);
    return noContent();
  },
});
