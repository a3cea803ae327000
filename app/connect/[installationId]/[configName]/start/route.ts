import { seeOther, withBrowserFlow } from "@/lib/api/browser-flow";
import { connectPath } from "@/lib/paths";
import { startConnect } from "@/lib/services/connect";
import { RATE_LIMITS } from "@/lib/services/rate-limit";

const landing = (params: { installationId: string; configName: string }) => connectPath(params.installationId, params.configName);

// POST /connect/{installationId}/{configName}/start — "Allow access": record the request, go to the provider
export const POST = withBrowserFlow<{ installationId: string; configName: string }>({
  sameOriginOnly: true,
  rateLimit: RATE_LIMITS.connectStart,
  signInReturnPath: (_request, params) => landing(params),
  resultIds: (params) => ({ installation: params.installationId, config: params.configName }),
  handler: async ({ params, user, form }) =>
    seeOther(await startConnect(user.id, params.installationId, params.configName, { returnTo: form.get("returnTo") })),
});
