import type { ClientAuthentication } from "./config";
import { defaultRefreshBody } from "./token-request";

/**
 * Authorization server discovery: OpenID Connect Discovery 1.0 and RFC 8414 metadata turned into a suggested
 * OAuth config. Fetching is the caller's (through the outbound guard); this only reads documents.
 */

/** A config filled from an issuer's metadata: what the App details page's "Import from issuer" fills in. */
export interface DiscoveredConfig {
  linkUrl: string;
  tokenUrl: string;
  issuer: string;
  requireIss: boolean;
  pkce: boolean;
  clientAuthentication: ClientAuthentication;
  requestFormat: "form";
  requestBody: string;
  refreshTokenBody: string;
  revokeUrl?: string;
  authCodePath: string;
  accessTokenPath: string;
  refreshTokenPath: string;
  expiresInPath: string;
  scopePath: string;
  accessTokenVariable: string;
  refreshTokenVariable: string;
}

export type DiscoveryResult = { ok: true; config: DiscoveredConfig; scopesSupported: string[] } | { ok: false; message: string };

/** The settings a discovered config's templates use; the page adds those an app does not have yet. */
export const DISCOVERY_SETTINGS = ["client_id", "client_secret", "redirect_uri", "scope", "access_token", "refresh_token"] as const;

/**
 * Where an issuer's metadata may be, in the order to try: OpenID Connect's location, then RFC 8414's
 * (which inserts the well-known segment before the issuer's path).
 */
export function discoveryUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, "");
  return [
    `${url.origin}${path}/.well-known/openid-configuration`,
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
  ];
}

/** Checks an issuer identifier as RFC 8414 §2 defines it: an https (or, for local servers, http) URL without query or fragment. */
export function checkIssuerIdentifier(issuer: string): string | null {
  if (!URL.canParse(issuer)) return "Enter the issuer as an absolute URL, such as https://login.provider.example";
  const url = new URL(issuer);
  if (url.protocol !== "https:" && url.protocol !== "http:") return "The issuer must be an https URL";
  if (url.search || url.hash) return "The issuer has no query or fragment";
  return null;
}

/** Reads a metadata document fetched for `issuer` into a suggested config, or says what is wrong with it. */
export function suggestConfigFromMetadata(issuer: string, metadata: unknown): DiscoveryResult {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    return { ok: false, message: "The metadata document is not a JSON object" };
  }
  const document = metadata as Record<string, unknown>;
  // RFC 8414 §3.3 and OIDC Discovery §4.3: the document must name exactly the issuer it was fetched for.
  if (document.issuer !== issuer) {
    return { ok: false, message: `The metadata names a different issuer (${describe(document.issuer)}) than the one asked for` };
  }
  const authorizationEndpoint = readEndpoint(document, "authorization_endpoint");
  const tokenEndpoint = readEndpoint(document, "token_endpoint");
  if (!authorizationEndpoint) return { ok: false, message: "The metadata has no usable authorization_endpoint" };
  if (!tokenEndpoint) return { ok: false, message: "The metadata has no usable token_endpoint" };
  const revocationEndpoint = readEndpoint(document, "revocation_endpoint");

  const challengeMethods = readStrings(document.code_challenge_methods_supported);
  const authMethods = readStrings(document.token_endpoint_auth_methods_supported);
  // RFC 8414 §2: without the list, client_secret_basic is the default.
  const clientAuthentication: ClientAuthentication =
    authMethods.length === 0 || authMethods.includes("client_secret_basic") ? "basic" : authMethods.includes("client_secret_post") ? "body" : "basic";
  const credentials = clientAuthentication === "body" ? ',"client_id":{{client_id}},"client_secret":{{client_secret}}' : "";

  const separator = authorizationEndpoint.includes("?") ? "&" : "?";
  const config: DiscoveredConfig = {
    linkUrl: `${authorizationEndpoint}${separator}response_type=code&client_id={{client_id}}&redirect_uri={{redirect_uri}}&scope={{scope}}&state={{state}}`,
    tokenUrl: tokenEndpoint,
    issuer,
    requireIss: document.authorization_response_iss_parameter_supported === true,
    pkce: challengeMethods.includes("S256"),
    clientAuthentication,
    requestFormat: "form",
    requestBody: `{"grant_type":"authorization_code","code":"{{auth_code}}","redirect_uri":"{{redirect_uri}}"${credentials}}`,
    refreshTokenBody: defaultRefreshBody({ refreshTokenVariable: "refresh_token", clientAuthentication }),
    ...(revocationEndpoint ? { revokeUrl: revocationEndpoint } : {}),
    authCodePath: "$.code",
    accessTokenPath: "$.access_token",
    refreshTokenPath: "$.refresh_token",
    expiresInPath: "$.expires_in",
    scopePath: "$.scope",
    accessTokenVariable: "access_token",
    refreshTokenVariable: "refresh_token",
  };
  return { ok: true, config, scopesSupported: readStrings(document.scopes_supported) };
}

function readEndpoint(document: Record<string, unknown>, field: string): string | null {
  const value = document[field];
  if (typeof value !== "string" || !URL.canParse(value)) return null;
  const protocol = new URL(value).protocol;
  return protocol === "https:" || protocol === "http:" ? value : null;
}

function readStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value.slice(0, 200)) : "none";
}
