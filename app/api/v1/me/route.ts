import { withApi } from "@/lib/api/handler";
import { getProfile } from "@/lib/services/accounts";

// GET /api/v1/me — the caller and their organizations
export const GET = withApi({
  handler: async ({ user }) => getProfile(user.id),
});
