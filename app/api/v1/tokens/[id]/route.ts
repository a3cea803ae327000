import { withApi } from "@/lib/api/handler";
import { noContent } from "@/lib/api/responses";
import { tokenParamsSchema } from "@/lib/schemas/accounts";
import { revokePersonalAccessToken } from "@/lib/services/accounts";

// DELETE /api/v1/tokens/{id} — revoke one of the caller's tokens; it stops working at once everywhere
export const DELETE = withApi({
  params: tokenParamsSchema,
  handler: async ({ user, params }) => {
    await revokePersonalAccessToken(user.id, params.id);
    return noContent();
  },
});
