import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, startResourceServer, type OidcProviderHandle, type ResourceServerHandle } from "@/e2e/providers/oidc";
import { readUserState } from "@/lib/db/connections";
import { resetEnvForTesting } from "@/lib/env";
import { PRESET_SETTINGS } from "@/lib/presets/oauth-providers";
import { installAppForTest } from "@/lib/testing/installed-app";
import { useTestDatabase } from "@/lib/testing/test-database";
import { completeConnect, getCallbackUrl, startConnect } from "./connect";
import { disconnect, getConnectionStatus } from "./connections";
import { discoverIssuer } from "./discovery";
import { invokeApi } from "./invoke";

/**
 * The protocol's finishing pieces against a real authorization server (oidc-provider): a config imported
 * from the issuer's metadata connects with nothing but the client's credentials; a callback from another
 * issuer is refused before any token request (RFC 9207); disconnect revokes the grant (RFC 7009); and the
 * granted scopes are kept on the connection.
 */

process.env.OUTBOUND_ALLOW_PRIVATE_NETWORKS = "true";
resetEnvForTesting();
useTestDatabase();

const CLIENT = { clientId: "discovered", clientSecret: "discovered-secret" };
let provider: OidcProviderHandle;
let api: ResourceServerHandle;

beforeAll(async () => {
  provider = await startOidcProvider({ clients: [{ ...CLIENT, redirectUris: [getCallbackUrl()], authMethod: "client_secret_basic" }] });
  api = await startResourceServer({ provider });
});
afterAll(async () => {
  await api?.close();
  await provider?.close();
});

/** An app whose only config is what discovery suggested, untouched. */
async function installDiscoveredApp() {
  const { config } = await discoverIssuer(provider.issuer);
  const definition = {
    schemaVersion: 1,
    name: "Discovered",
    settings: [...PRESET_SETTINGS, { key: "scope", label: "Scope", level: "organization", secret: false, required: true }],
    oauthConfigs: [{ name: "oidc", ...config }],
    apis: [{ name: "me", method: "GET", url: api.url, headers: { Authorization: "Bearer {{access_token}}" }, body: null, oauthConfig: "oidc" }],
  };
  return installAppForTest(definition, { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, redirect_uri: getCallbackUrl(), scope: "openid" });
}

async function authorize(userId: string, installationId: string): Promise<Record<string, string>> {
  const redirect = await provider.followAuthorization(await startConnect(userId, installationId, "oidc"), { redirectUri: getCallbackUrl() });
  return Object.fromEntries(redirect.searchParams);
}

/** A refresh straight at the provider, as a thief holding the refresh token would try. */
async function refreshDirectly(refreshToken: string): Promise<{ status: number; error?: string }> {
  const response = await fetch(provider.tokenEndpoint, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Authorization: `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
  });
  const body = (await response.json()) as { error?: string };
  return { status: response.status, error: body.error };
}

describe("a config imported from the issuer", () => {
  it("connects with only the client's credentials, keeps the granted scopes, and calls the API", async () => {
    const { userId, installationId } = await installDiscoveredApp();
    const query = await authorize(userId, installationId);
    expect(query.iss).toBe(provider.issuer);
    expect((await completeConnect(userId, query)).outcome).toBe("connected");
    const status = await getConnectionStatus(userId, installationId, "oidc");
    expect(status).toMatchObject({ status: "connected" });
    expect(status.scopes).toContain("openid");
    expect((await invokeApi(userId, installationId, "me", {})).status).toBe(200);
  });

  it("refuses a callback from another issuer before any token request", async () => {
    const { userId, installationId } = await installDiscoveredApp();
    const query = await authorize(userId, installationId);
    const exchanges = provider.counters.tokenRequests;
    expect((await completeConnect(userId, { ...query, iss: "https://impostor.example" })).outcome).toBe("issuer_mismatch");
    expect(provider.counters.tokenRequests).toBe(exchanges);
    expect((await getConnectionStatus(userId, installationId, "oidc")).status).toBe("not_connected");
  });

  it("refuses a callback without iss when the issuer says it always sends one", async () => {
    const { userId, installationId } = await installDiscoveredApp();
    const { iss: _dropped, ...query } = await authorize(userId, installationId);
    const exchanges = provider.counters.tokenRequests;
    expect((await completeConnect(userId, query)).outcome).toBe("issuer_mismatch");
    expect(provider.counters.tokenRequests).toBe(exchanges);
  });

  it("revokes the grant at the provider on disconnect, so the old refresh token is dead", async () => {
    const { userId, installationId } = await installDiscoveredApp();
    expect((await completeConnect(userId, await authorize(userId, installationId))).outcome).toBe("connected");
    const { values } = await readUserState(installationId, userId);
    const refreshToken = values.refresh_token!;
    expect(refreshToken).toBeTruthy();

    expect(await disconnect(userId, installationId, "oidc")).toBe("revoked");
    expect((await getConnectionStatus(userId, installationId, "oidc")).status).toBe("not_connected");
    expect(await refreshDirectly(refreshToken)).toMatchObject({ status: 400, error: "invalid_grant" });
  });

  it("still forgets the tokens when the provider cannot be reached", async () => {
    const { userId, installationId } = await installDiscoveredApp();
    expect((await completeConnect(userId, await authorize(userId, installationId))).outcome).toBe("connected");
    await provider.close();
    try {
      expect(await disconnect(userId, installationId, "oidc")).toBe("unreachable");
      expect((await getConnectionStatus(userId, installationId, "oidc")).status).toBe("not_connected");
    } finally {
      provider = await startOidcProvider({ clients: [{ ...CLIENT, redirectUris: [getCallbackUrl()], authMethod: "client_secret_basic" }] });
    }
  });
});
