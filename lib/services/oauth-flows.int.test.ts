import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, startResourceServer, type OidcProviderHandle, type ResourceServerHandle } from "@/e2e/providers/oidc";
import { readUserState } from "@/lib/db/connections";
import { invalidatingTransaction, userStateId } from "@/lib/db/invalidation";
import { writeSettingValues } from "@/lib/db/setting-values";
import { resetEnvForTesting } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { installAppForTest } from "@/lib/testing/installed-app";
import { formEncodedApp } from "@/lib/testing/app-definitions";
import { useTestDatabase } from "@/lib/testing/test-database";
import { completeConnect, getCallbackUrl, startConnect } from "./connect";
import { disconnect, getConnectionStatus, refreshConnectionNow } from "./connections";
import { invokeApi } from "./invoke";

/**
 * The connect, invoke and refresh flows against a real authorization server (oidc-provider) on loopback,
 * with 5-second access tokens, PKCE, client_secret_basic, form bodies and refresh-token rotation, and a
 * resource server that checks each bearer token with the provider.
 */

process.env.OUTBOUND_ALLOW_PRIVATE_NETWORKS = "true";
resetEnvForTesting();

const db = useTestDatabase();
let provider: OidcProviderHandle;
let api: ResourceServerHandle;

const CLIENT = { clientId: "gatehouse-test", clientSecret: "s3cret:with%odd\"chars" };

function definition() {
  return formEncodedApp({
    name: "Contacts",
    configName: "oidc",
    authorizeUrl: provider.authorizationEndpoint,
    tokenUrl: provider.tokenEndpoint,
    scope: "openid%20offline_access",
    clientAuthentication: "basic",
    apis: [{ name: "list-contacts", url: api.url }],
  });
}

async function connectedUser() {
  const installed = await installAppForTest(definition(), {
    client_id: CLIENT.clientId,
    client_secret: CLIENT.clientSecret,
    redirect_uri: getCallbackUrl(),
  });
  const outcome = await connect(installed.userId, installed.installationId);
  expect(outcome).toBe("connected");
  return installed;
}

async function connect(userId: string, installationId: string): Promise<string> {
  const authorizeUrl = await startConnect(userId, installationId, "oidc");
  const redirect = await provider.followAuthorization(authorizeUrl, { redirectUri: getCallbackUrl() });
  return (await completeConnect(userId, Object.fromEntries(redirect.searchParams))).outcome;
}

/** Changes the database behind the services' back, announcing the change as every write in lib/db does. */
async function expireAccessToken(installationId: string, userId: string) {
  await invalidatingTransaction(async (tx, invalidate) => {
    await tx.connection.updateMany({ where: { installationId, userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    invalidate("user-state", userStateId(installationId, userId));
  });
}

async function storeToken(installationId: string, userId: string, key: "access_token" | "refresh_token", value: string) {
  await writeSettingValues(installationId, userId, [{ key, value, isSecret: true }]);
}

beforeAll(async () => {
  provider = await startOidcProvider({
    clients: [{ ...CLIENT, redirectUris: [getCallbackUrl()], authMethod: "client_secret_basic" }],
    accessTokenTtlSeconds: 5,
  });
  api = await startResourceServer({ provider });
});

afterAll(async () => {
  await api?.close();
  await provider?.close();
});

describe("connecting to a real authorization server", () => {
  it("exchanges the code with PKCE and Basic authentication and stores the tokens encrypted", async () => {
    const before = provider.counters.codeExchanges;
    const { userId, installationId } = await connectedUser();
    expect(provider.counters.codeExchanges).toBe(before + 1);
    const status = await getConnectionStatus(userId, installationId, "oidc");
    expect(status).toMatchObject({ status: "connected", connectedAt: expect.any(String), expiresAt: expect.any(String) });

    const { values } = await readUserState(installationId, userId);
    expect(await provider.findAccessToken(values.access_token!)).not.toBeNull();
    const rows = await db.get().prisma.settingValue.findMany({ where: { installationId, userId } });
    expect(rows.map((row) => row.key).sort()).toEqual(["access_token", "refresh_token"]);
    for (const row of rows) {
      expect(row.isEncrypted).toBe(true);
      expect(row.value).not.toContain(values.access_token!);
      expect(row.value).not.toContain(values.refresh_token!);
    }
  });
});

describe("invoking an API with the user's tokens", () => {
  it("works, and after expiry works again with exactly one refresh", async () => {
    const { userId, installationId } = await connectedUser();
    const refreshesBefore = provider.counters.refreshes;
    const first = await invokeApi(userId, installationId, "list-contacts", {});
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ contacts: [{ name: "Ada Lovelace" }, { name: "Grace Hopper" }] });
    expect(provider.counters.refreshes).toBe(refreshesBefore);

    await new Promise((resolve) => setTimeout(resolve, 5_500));
    const second = await invokeApi(userId, installationId, "list-contacts", {});
    expect(second.status).toBe(200);
    expect(provider.counters.refreshes).toBe(refreshesBefore + 1);
  });

  it("survives three forced refreshes in a row under rotation", async () => {
    const { userId, installationId } = await connectedUser();
    const refreshesBefore = provider.counters.refreshes;
    const seen = new Set<string>();
    for (let i = 0; i < 3; i += 1) {
      const view = await refreshConnectionNow(userId, installationId, "oidc");
      expect(view.status).toBe("connected");
      seen.add((await readUserState(installationId, userId)).values.refresh_token!);
    }
    expect(seen.size).toBe(3);
    expect(provider.counters.refreshes).toBe(refreshesBefore + 3);
    expect((await invokeApi(userId, installationId, "list-contacts", {})).status).toBe(200);
  });

  it("answers a storm of 100 concurrent invokes on an expired token with one refresh", async () => {
    const { userId, installationId } = await connectedUser();
    await expireAccessToken(installationId, userId);
    const refreshesBefore = provider.counters.refreshes;
    const results = await Promise.all(Array.from({ length: 100 }, () => invokeApi(userId, installationId, "list-contacts", {})));
    expect(results.map((result) => result.status)).toEqual(Array(100).fill(200));
    expect(provider.counters.refreshes).toBe(refreshesBefore + 1);
  });

  it("refreshes once and retries once when the upstream refuses a token that has not expired", async () => {
    const { userId, installationId } = await connectedUser();
    await storeToken(installationId, userId, "access_token", "revoked-by-the-provider");
    const refreshesBefore = provider.counters.refreshes;
    const rejectedBefore = api.hits.rejected;
    const result = await invokeApi(userId, installationId, "list-contacts", {});
    expect(result.status).toBe(200);
    expect(provider.counters.refreshes).toBe(refreshesBefore + 1);
    expect(api.hits.rejected).toBe(rejectedBefore + 1);
  });

  it("turns invalid_grant into needs_reauth at once, stops refreshing, and works again after reconnecting", async () => {
    const { userId, installationId } = await connectedUser();
    await storeToken(installationId, userId, "refresh_token", "a-refresh-token-the-provider-never-issued");
    await expireAccessToken(installationId, userId);
    const refreshesBefore = provider.counters.refreshes;

    const refused = await invokeApi(userId, installationId, "list-contacts", {}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "authorization_required", status: 409, details: { connectUrl: `/connect/${installationId}/oidc` } });
    expect((await getConnectionStatus(userId, installationId, "oidc")).status).toBe("needs_reauth");
    expect(provider.counters.refreshes).toBe(refreshesBefore + 1);

    for (let i = 0; i < 3; i += 1) {
      await expect(invokeApi(userId, installationId, "list-contacts", {})).rejects.toMatchObject({ code: "authorization_required" });
    }
    expect(provider.counters.refreshes).toBe(refreshesBefore + 1);

    expect(await connect(userId, installationId)).toBe("connected");
    expect((await invokeApi(userId, installationId, "list-contacts", {})).status).toBe(200);
  });

  it("asks a user who never connected to connect, and forgets the tokens on disconnect", async () => {
    const installed = await installAppForTest(definition(), { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, redirect_uri: getCallbackUrl() });
    await expect(invokeApi(installed.userId, installed.installationId, "list-contacts", {})).rejects.toMatchObject({
      code: "authorization_required",
    });
    expect(await connect(installed.userId, installed.installationId)).toBe("connected");
    await disconnect(installed.userId, installed.installationId, "oidc");
    expect((await getConnectionStatus(installed.userId, installed.installationId, "oidc")).status).toBe("not_connected");
    expect(await db.get().prisma.settingValue.count({ where: { installationId: installed.installationId, userId: installed.userId } })).toBe(0);
  });
});
