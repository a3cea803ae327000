import { withApi } from "@/lib/api/handler";
import { settingsPatchSchema } from "@/lib/schemas/installations";
import { installationParams } from "@/lib/schemas/params";
import { updateInstallationSettings } from "@/lib/services/installations";

// PATCH /api/v1/installations/{id}/settings — change some organization settings; omitted keys and empty secrets stay
export const PATCH = withApi({
  params: installationParams,
  body: settingsPatchSchema,
  handler: async ({ user, params, body }) => updateInstallationSettings(user.id, params.id, body),
});
