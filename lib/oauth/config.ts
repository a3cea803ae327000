/** An OAuth config as the app definition (CONTRACT.md, "App definition, version 1") carries it. */

export type RequestFormat = "json" | "form";
export type ClientAuthentication = "body" | "basic";

export interface OAuthConfig {
  name: string;
  /** URL template of the provider's authorization endpoint. */
  linkUrl: string;
  /** JSONPath into the callback's query object. */
  authCodePath: string;
  /** JSONPaths into the token response. */
  accessTokenPath: string;
  refreshTokenPath: string;
  /** When set but matching nothing, the expiry is unknown. */
  expiresInPath?: string | null;
  /** User-level setting keys that receive the tokens. */
  accessTokenVariable: string;
  refreshTokenVariable: string;
  tokenUrl: string;
  /** JSON template of the code-exchange body, sent as JSON or as form fields. */
  requestBody: string;
  /** Default "form". */
  requestFormat?: RequestFormat | null;
  /** Default "body". */
  clientAuthentication?: ClientAuthentication | null;
  /** Default: tokenUrl. */
  refreshTokenUrl?: string | null;
  /** Default: see defaultRefreshBody in token-request.ts. */
  refreshTokenBody?: string | null;
  pkce?: boolean | null;
  logoUrl?: string | null;
  /** RFC 7009: where disconnect, uninstall and member removal revoke the grant. */
  revokeUrl?: string | null;
  /** Default: see defaultRevokeBody in revocation.ts. */
  revokeBody?: string | null;
  /** RFC 9207: the authorization server's issuer identifier; a callback's `iss` must equal it. */
  issuer?: string | null;
  /** Refuse a callback without `iss`. */
  requireIss?: boolean | null;
  /** JSONPath of the granted scope in the token response; default `$.scope`. */
  scopePath?: string | null;
}

/** Placeholder names every OAuth template may use besides the app's setting keys. */
export const BUILT_IN_NAMES = ["state", "auth_code", "code_verifier", "code_challenge", "callback_url"] as const;

export type BuiltInName = (typeof BUILT_IN_NAMES)[number];
