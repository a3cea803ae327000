import { withApi } from "@/lib/api/handler";
import { noContent } from "@/lib/api/responses";
import { signOutEverywhere } from "@/lib/services/accounts";

// DELETE /api/v1/me/sessions — sign out everywhere: every sign-in session of the caller ends
export const DELETE = withApi({
  handler: async ({ user }) => {
    await signOutEverywhere(user.id);
    return noContent();
  },
});
