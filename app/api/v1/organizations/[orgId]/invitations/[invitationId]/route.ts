import { withApi } from "@/lib/api/handler";
import { noContent } from "@/lib/api/responses";
import { invitationParams } from "@/lib/schemas/organizations";
import { revokeInvitation } from "@/lib/services/invitations";

// DELETE /api/v1/organizations/{orgId}/invitations/{invitationId} — revoke a pending invitation
export const DELETE = withApi({
  params: invitationParams,
  handler: async ({ user, params }) => {
    await revokeInvitation(user.id, params.orgId, params.invitationId);
    return noContent();
  },
});
