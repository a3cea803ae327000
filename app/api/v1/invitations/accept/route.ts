import { withApi } from "@/lib/api/handler";
import { acceptInvitationSchema } from "@/lib/schemas/organizations";
import { acceptInvitation } from "@/lib/services/invitations";

// POST /api/v1/invitations/accept `{token}` — join the organization as invited (the invited email only)
export const POST = withApi({
  body: acceptInvitationSchema,
  handler: async ({ user, body }) => acceptInvitation(user.id, body.token),
});
