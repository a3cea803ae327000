import { invokeRequestSchema } from "@/lib/schemas/invoke";
import { apiParams } from "@/lib/schemas/params";
import { invokeApi } from "@/lib/services/invoke";
import { RATE_LIMITS } from "@/lib/services/rate-limit";
import { defineApi } from "./core";

/**
 * POST /api/v1/installations/{id}/apis/{apiName}/invoke, defined once: the route handler serves it with
 * `withApi`, the launcher's fast path with the same options through the same core.
 */
export const invokeEndpoint = defineApi({
  params: apiParams,
  body: invokeRequestSchema,
  rateLimit: RATE_LIMITS.invoke,
  // Not an async function of its own: it hands back invokeApi's promise, one promise fewer per call.
  handler: ({ user, params, body }) => invokeApi(user.id, params.id, params.apiName, body),
});
