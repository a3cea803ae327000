import { getEnv } from "@/lib/env";
import { PRESET_SETTINGS } from "@/lib/presets/oauth-providers";
import { createSandboxPreset } from "@/lib/presets/sandbox";
import { createAppInOrganization, publishAppToStore } from "./apps";
import { getCallbackUrl } from "./connect";
import { installApp } from "./installations";
import { isSandboxEnabled, SANDBOX_ACCESS_TOKEN_SECONDS, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, sandboxBaseUrl } from "./sandbox-provider";

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
    oauthConfigs: [{ name: "sandbox", ...createSandboxPreset(base, `${getEnv().APP_URL}/sandbox-logo.svg`).config }],
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
  // The sandbox's own credentials, installed while the server may not be listening yet: nothing to check.
  const { id } = await installApp(
    ownerId,
    organizationId,
    { appId, settings: { client_id: SANDBOX_CLIENT_ID, client_secret: SANDBOX_CLIENT_SECRET, redirect_uri: getCallbackUrl() } },
    { checkCredentials: false },
  );
  return id;
}

/** Whether a store page's app talks to this Gatehouse's sandbox, whose test credentials it then shows. */
export function usesSandboxProvider(providerHosts: string[]): boolean {
  if (!isSandboxEnabled()) return false;
  return providerHosts.includes(new URL(getEnv().APP_URL).hostname);
}
