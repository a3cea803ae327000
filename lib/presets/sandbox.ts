import type { OAuthProviderPreset } from "./oauth-providers";

/**
 * The preset for Gatehouse's built-in sandbox provider (SANDBOX_PROVIDER=true): the config the demo app uses,
 * so a developer can build their own app against the sandbox in minutes. Its URLs depend on where Gatehouse
 * runs, so it is made from the sandbox's base URL rather than written down like the others.
 */

/** The sandbox's fixed client credentials: a public test client, shown on its store page and in the README. */
export const SANDBOX_CREDENTIALS = { clientId: "gatehouse-sandbox", clientSecret: "sandbox-secret" } as const;

export const SANDBOX_PRESET_ID = "sandbox";

export function createSandboxPreset(baseUrl: string, logoUrl?: string): OAuthProviderPreset {
  return {
    id: SANDBOX_PRESET_ID,
    label: "Sandbox (built in)",
    notes: `Gatehouse's own test provider: no account needed. Install with client ID ${SANDBOX_CREDENTIALS.clientId} and client secret ${SANDBOX_CREDENTIALS.clientSecret}. Its access tokens last two minutes, so refreshes show; its API is ${baseUrl}/api/notes?limit={{limit}}.`,
    docsUrl: "/store",
    config: {
      linkUrl: `${baseUrl}/oauth/authorize?client_id={{client_id}}&response_type=code&redirect_uri={{redirect_uri}}&state={{state}}&scope=notes.read`,
      authCodePath: "$.code",
      accessTokenPath: "$.access_token",
      refreshTokenPath: "$.refresh_token",
      expiresInPath: "$.expires_in",
      accessTokenVariable: "access_token",
      refreshTokenVariable: "refresh_token",
      tokenUrl: `${baseUrl}/oauth/token`,
      requestBody:
        '{"grant_type": "authorization_code", "redirect_uri": "{{redirect_uri}}", "code": "{{auth_code}}", "client_id": {{client_id}}, "client_secret": {{client_secret}}}',
      requestFormat: "json",
      clientAuthentication: "body",
      refreshTokenUrl: `${baseUrl}/oauth/token`,
      refreshTokenBody: '{"refresh_token": {{refresh_token}}, "grant_type": "refresh_token"}',
      pkce: false,
      ...(logoUrl ? { logoUrl } : {}),
    },
  };
}
