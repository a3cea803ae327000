import { resultPath, seeOther, withBrowserFlow } from "@/lib/api/browser-flow";
import { completeConnect } from "@/lib/services/connect";
import { RATE_LIMITS } from "@/lib/services/rate-limit";

// GET /v1/dev_oauth/callback — the provider's redirect: finish the flow, then show the outcome.
// Signing in first keeps the state unconsumed, so the flow finishes once the user is back.
export const GET = withBrowserFlow({
  rateLimit: RATE_LIMITS.callback,
  signInReturnPath: (request) => `/v1/dev_oauth/callback${request.nextUrl.search}`,
  handler: async ({ request, user }) => {
    const result = await completeConnect(user.id, Object.fromEntries(request.nextUrl.searchParams));
    return seeOther(
      resultPath({
        outcome: result.outcome,
        installation: result.installationId,
        config: result.configName,
        returnTo: result.returnTo,
        error: result.providerError,
        description: result.providerDescription,
      }),
    );
  },
});
