import type { OAuthConfig } from "./config";

/** The example OAuth config of CONTRACT.md ("App definition, version 1"), verbatim, for tests. */
export const SEED_OAUTH_CONFIG = {
  name: "acme",
  linkUrl:
    "https://acme.example/authorize?client_id={{client_id}}&response_type=code&redirect_uri={{redirect_uri}}&state={{state}}&scope=contacts.read",
  authCodePath: "$.code",
  accessTokenPath: "$.access_token",
  refreshTokenPath: "$.refresh_token",
  expiresInPath: "$.expires_in",
  accessTokenVariable: "access_token",
  refreshTokenVariable: "refresh_token",
  tokenUrl: "https://acme.example/token",
  requestBody:
    '{"grant_type": "authorization_code", "redirect_uri": "{{redirect_uri}}", "code": "{{auth_code}}", "client_id": {{client_id}}, "client_secret": {{client_secret}}}',
  requestFormat: "json",
  clientAuthentication: "body",
  refreshTokenUrl: "https://acme.example/token",
  refreshTokenBody: '{"refresh_token": {{refresh_token}}, "grant_type": "refresh_token"}',
  pkce: false,
  logoUrl: "https://acme.example/logo.png",
} as const satisfies OAuthConfig;

/** The setting keys of the same example app. */
export const SEED_SETTING_KEYS = ["client_id", "client_secret", "redirect_uri", "access_token", "refresh_token"];

/** A client secret that breaks naive JSON, form and Basic encodings alike. */
export const AWKWARD_SECRET = 'pa"ss\\wörd: %+&=~✓🔑';
