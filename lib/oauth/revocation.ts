import type { ClientAuthentication, RequestFormat } from "./config";
import type { TemplateValues } from "./template";
import { buildTokenRequest, type TokenRequest } from "./token-request";

/** The parts of an OAuth config that RFC 7009 revocation reads. */
export interface RevocationConfig {
  revokeUrl?: string | null;
  revokeBody?: string | null;
  requestFormat?: RequestFormat | null;
  clientAuthentication?: ClientAuthentication | null;
}

export interface TokensToRevoke {
  accessToken: string | null;
  refreshToken: string | null;
}

/** Names a revocation body may use besides the settings: RFC 7009's own parameters and both tokens. */
export const REVOCATION_NAMES = ["token", "token_type_hint", "access_token", "refresh_token"] as const;

/**
 * RFC 7009 §2.1's body: the token and its type hint, plus the client's credentials when it authenticates in
 * the body (a confidential client must authenticate to revoke).
 */
export function defaultRevokeBody(config: Pick<RevocationConfig, "clientAuthentication">): string {
  const credentials = config.clientAuthentication === "basic" ? "" : ',"client_id":{{client_id}},"client_secret":{{client_secret}}';
  return `{"token":{{token}},"token_type_hint":{{token_type_hint}}${credentials}}`;
}

/**
 * The revocation request for a connection's tokens, or null when the config names no revocation endpoint
 * or there is no token to revoke. The refresh token is revoked when there is one (RFC 7009 §2.1: revoking it
 * also ends the access tokens of the same grant at most servers), else the access token. Throws a
 * TemplateError when the body cannot be rendered.
 */
export function buildRevocationRequest(config: RevocationConfig, values: TemplateValues, tokens: TokensToRevoke): TokenRequest | null {
  if (!config.revokeUrl) return null;
  const [token, hint] = tokens.refreshToken
    ? [tokens.refreshToken, "refresh_token"]
    : tokens.accessToken
      ? [tokens.accessToken, "access_token"]
      : [null, null];
  if (!token || !hint) return null;
  const revocationValues: TemplateValues = {
    ...values,
    token,
    token_type_hint: hint,
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
  };
  // Tokens the provider did not issue have no value; the template engine refuses to render a missing one.
  for (const name of ["access_token", "refresh_token"] as const) if (revocationValues[name] === null) delete revocationValues[name];
  return buildTokenRequest(
    { requestFormat: config.requestFormat ?? "form", clientAuthentication: config.clientAuthentication ?? "body" },
    config.revokeUrl,
    config.revokeBody || defaultRevokeBody(config),
    revocationValues,
  );
}

export type RevocationOutcome = "revoked" | "refused" | "unreachable" | "not_configured";

/** What the provider's answer means (RFC 7009 §2.2: 200 means revoked, or the token was already invalid). */
export function classifyRevocation(status: number | null): Exclude<RevocationOutcome, "not_configured"> {
  if (status === null) return "unreachable";
  return status >= 200 && status < 300 ? "revoked" : "refused";
}
