import type { OAuthConfig } from "./config";
import { isRecord } from "./extract";
import type { HttpResponse } from "./http-send";
import { createCodeVerifier } from "./pkce";
import { listTemplateNames, type TemplateValues } from "./template";
import { buildCodeExchangeRequest, type TokenRequest, type TokenRequestConfig } from "./token-request";

/**
 * Checking a client's credentials before anyone connects: the config's own code exchange is sent with a
 * code that cannot be valid. A provider that authenticates the client before it reads the code, as RFC 6749
 * §5.2 describes, answers `invalid_client` to wrong credentials and `invalid_grant` to right ones. Not every
 * provider does so reliably, so the caller decides for which token endpoints the answer is trusted.
 */

/** The code the probe sends: recognisably not a real one, so a provider's logs show what it was. */
export const PROBE_AUTH_CODE = "gatehouse-credential-check";

export type CredentialProbeOutcome = "accepted" | "refused" | "unknown";

/** The probe request. Throws a TemplateError when the config's request cannot be built from `values`. */
export function buildCredentialProbe(config: TokenRequestConfig, values: TemplateValues): TokenRequest {
  return buildCodeExchangeRequest(config, { ...values, auth_code: PROBE_AUTH_CODE }, {
    codeVerifier: config.pkce ? createCodeVerifier() : undefined,
  });
}

/** What the token endpoint's answer says of the credentials; anything but the two clear answers is unknown. */
export function classifyCredentialProbe(response: HttpResponse): CredentialProbeOutcome {
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return "unknown";
  }
  const error = isRecord(body) ? body.error : undefined;
  if (error === "invalid_client") return "refused";
  if (error === "invalid_grant" && response.status >= 400 && response.status < 500) return "accepted";
  return "unknown";
}

/** The names the client authenticates with: the code exchange's placeholders, and Basic's id and secret. */
export function credentialTemplateNames(config: Pick<OAuthConfig, "requestBody" | "clientAuthentication">): Set<string> {
  const names = new Set(listTemplateNames(config.requestBody).map((placeholder) => placeholder.name));
  if (config.clientAuthentication === "basic") for (const name of ["client_id", "client_secret"]) names.add(name);
  return names;
}
