import { withApi } from "@/lib/api/handler";
import { json } from "@/lib/api/responses";
import { createInvitationSchema } from "@/lib/schemas/organizations";
import { organizationParams } from "@/lib/schemas/params";
import { createInvitation, listInvitations } from "@/lib/services/invitations";

// GET /api/v1/organizations/{orgId}/invitations — pending invitations (owner or admin)
export const GET = withApi({
  params: organizationParams,
  handler: async ({ user, params }) =>
    (await listInvitations(user.id, params.orgId)).map((invitation) => ({
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
      createdAt: invitation.createdAt.toISOString(),
      invitedBy: invitation.invitedBy && { userId: invitation.invitedBy.id, email: invitation.invitedBy.email },
    })),
});

// POST /api/v1/organizations/{orgId}/invitations — a one-use link valid 7 days (owner or admin)
export const POST = withApi({
  params: organizationParams,
  body: createInvitationSchema,
  handler: async ({ user, params, body }) => json(await createInvitation(user.id, params.orgId, body), 201),
});
