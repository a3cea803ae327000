import type { HttpSend } from "./http-send";
import { sendTokenRequest, type TokenRequest } from "./token-request";
import { parseTokenResponse, type TokenPaths, type TokenResult } from "./token-response";

export interface RequestTokensOptions {
  send: HttpSend;
  now: () => Date;
  maxBytes?: number;
}

/** Sends a code-exchange or refresh request and reads the tokens out of the answer. */
export async function requestTokens(
  request: TokenRequest,
  paths: TokenPaths,
  { send, now, maxBytes }: RequestTokensOptions,
): Promise<TokenResult> {
  const sent = await sendTokenRequest(request, send);
  if (!sent.ok) return sent;
  // The clock is read once the answer is in, so an expiry counts from when the token was received.
  return parseTokenResponse(sent.response, paths, { now: now(), maxBytes });
}
