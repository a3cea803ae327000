import { getEnv } from "@/lib/env";
import { PRESET_SETTINGS } from "@/lib/presets/oauth-providers";
import { createAppInOrganization, publishAppToStore } from "./apps";
import { getCallbackUrl } from "./connect";
import { installApp } from "./installations";
import { SANDBOX_ACCESS_TOKEN_SECONDS, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, sandboxBaseUrl } from "./sandbox-provider";

/**
 * The demo app that talks to the built-in sandbox provider: the seed's own shape (five settings, the JSON
 * token request, one API), published and installed in the demo organization, so a newcomer can click
 * through the whole flow offline.
 */
export function sandboxAppDefinition() {
  const base = sandboxBaseUrl();
  return {
    schemaVersion: 1,
    name: "Sandbox Notes",
    description: `Reads your notes from Gatehouse's built-in sandbox provider. Its tokens last ${SANDBOX_ACCESS_TOKEN_SECONDS} seconds, so you can watch them refresh.`,
    settings: PRESET_SETTINGS,
    oauthConfigs: [
      {
        name: "sandbox",
        linkUrl: `${base}/oauth/authorize?client_id={{client_id}}&response_type=code&redirect_uri={{redirect_uri}}&state={{state}}&scope=notes.read`,
        authCodePath: "$.code",
        accessTokenPath: "$.access_token",
        refreshTokenPath: "$.refresh_token",
        expiresInPath: "$.expires_in",
        accessTokenVariable: "access_token",
        refreshTokenVariable: "refresh_token",
        tokenUrl: `${base}/oauth/token`,
        requestBody:
          '{"grant_type": "authorization_code", "redirect_uri": "{{redirect_uri}}", "code": "{{auth_code}}", "client_id": {{client_id}}, "client_secret": {{client_secret}}}',
        requestFormat: "json",
        clientAuthentication: "body",
        refreshTokenUrl: `${base}/oauth/token`,
        refreshTokenBody: '{"refresh_token": {{refresh_token}}, "grant_type": "refresh_token"}',
        pkce: false,
        logoUrl: `${getEnv().APP_URL}/sandbox-logo.svg`,
      },
    ],
    apis: [
      {
        name: "list-notes",
        method: "GET",
        url: `${base}/api/notes?limit={{limit}}`,
        headers: { Authorization: "Bearer {{access_token}}" },
        body: null,
        oauthConfig: "sandbox",
      },
    ],
  };
}

/** Creates, publishes and installs the sandbox app in an organization; returns the installation id. */
export async function seedSandboxApp(ownerId: string, organizationId: string): Promise<string> {
  const appId = await createAppInOrganization(ownerId, organizationId, sandboxAppDefinition());
  await publishAppToStore(ownerId, appId);
  const { id } = await installApp(ownerId, organizationId, {
    appId,
    settings: { client_id: SANDBOX_CLIENT_ID, client_secret: SANDBOX_CLIENT_SECRET, redirect_uri: getCallbackUrl() },
  });
  return id;
}
