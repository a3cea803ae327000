import { withApi } from "@/lib/api/handler";
import { invokeEndpoint } from "@/lib/api/invoke-endpoint";

// POST /api/v1/installations/{id}/apis/{apiName}/invoke — call one of the app's APIs with the caller's tokens
// (scripts with a token are served by the launcher's fast path with the same definition)
export const POST = withApi(invokeEndpoint);
