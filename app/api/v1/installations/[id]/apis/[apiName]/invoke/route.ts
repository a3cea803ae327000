import { withApi } from "@/lib/api/handler";
import { invokeRequestSchema } from "@/lib/schemas/invoke";
import { apiParams } from "@/lib/schemas/params";
import { invokeApi } from "@/lib/services/invoke";

// POST /api/v1/installations/{id}/apis/{apiName}/invoke — call one of the app's APIs with the caller's tokens
export const POST = withApi({
  params: apiParams,
  body: invokeRequestSchema,
  handler: async ({ user, params, body }) => invokeApi(user.id, params.id, params.apiName, body),
});
