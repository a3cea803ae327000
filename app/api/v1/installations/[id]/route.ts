import { withApi } from "@/lib/api/handler";
import { noContent } from "@/lib/api/responses";
import { installationParams } from "@/lib/schemas/params";
import { getInstallationView, uninstallApp } from "@/lib/services/installations";

// GET /api/v1/installations/{id} — the installation and its organization settings, secrets masked
export const GET = withApi({
  params: installationParams,
  handler: async ({ user, params }) => getInstallationView(user.id, params.id),
});

// DELETE /api/v1/installations/{id} — uninstall, deleting its settings and every member's tokens
export const DELETE = withApi({
  params: installationParams,
  handler: async ({ user, params }) => {
    await uninstallApp(user.id, params.id);
    return noContent();
  },
});
