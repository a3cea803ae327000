import { withApi } from "@/lib/api/handler";
import { mySettingsPatchSchema } from "@/lib/schemas/installations";
import { installationParams } from "@/lib/schemas/params";
import { getMySettings, updateMySettings } from "@/lib/services/my-settings";

// GET /api/v1/installations/{id}/my-settings — the caller's own non-token user settings, secrets masked
export const GET = withApi({
  params: installationParams,
  handler: async ({ user, params }) => getMySettings(user.id, params.id),
});

// PATCH /api/v1/installations/{id}/my-settings — fill some of them; tokens and organization settings are refused
export const PATCH = withApi({
  params: installationParams,
  body: mySettingsPatchSchema,
  handler: async ({ user, params, body }) => updateMySettings(user.id, params.id, body),
});
