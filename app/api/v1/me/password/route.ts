import { withApi } from "@/lib/api/handler";
import { noContent } from "@/lib/api/responses";
import { changePasswordSchema } from "@/lib/schemas/accounts";
import { changePassword } from "@/lib/services/accounts";

// POST /api/v1/me/password — change the password (the current one is required); ends every session
export const POST = withApi({
  auth: "session",
  body: changePasswordSchema,
  handler: async ({ user, body }) => {
    await changePassword(user.id, body);
    return noContent();
  },
});
