import { withApi } from "@/lib/api/handler";
import { upgradeInstallationSchema } from "@/lib/schemas/installations";
import { installationParams } from "@/lib/schemas/params";
import { upgradeInstallation } from "@/lib/services/installations";

// POST /api/v1/installations/{id}/upgrade — move the installation to a newer version of its app
export const POST = withApi({
  params: installationParams,
  body: upgradeInstallationSchema,
  handler: async ({ user, params, body }) => upgradeInstallation(user.id, params.id, body),
});
