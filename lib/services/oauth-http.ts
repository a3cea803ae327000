import { getEnv } from "@/lib/env";
import type { HttpSend } from "@/lib/oauth";
import { getOutboundClient } from "./outbound";

/** The engine's HttpSend over the guarded outbound client: every token request goes through the guard. */
export const sendThroughOutboundClient: HttpSend = async (request) => {
  const response = await getOutboundClient().request({
    url: request.url,
    method: request.method,
    headers: request.headers,
    body: request.body,
    // Token requests are small and must not hold a refresh lease for long (default 8 s).
    timeoutMs: getEnv().TOKEN_REQUEST_TIMEOUT_MS,
    // A token endpoint that redirects is misconfigured; following it would resend the credentials.
    followRedirects: false,
  });
  return { status: response.status, headers: response.headers, body: response.body };
};
