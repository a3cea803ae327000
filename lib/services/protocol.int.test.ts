import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, startResourceServer, type OidcProviderHandle, type ResourceServerHandle } from "@/e2e/providers/oidc";
import { readUserState } from "@/lib/db/connections";
import { resetEnvForTesting } from "@/lib/env";
import { PRESET_SETTINGS } from "@/lib/presets/oauth-providers";
import { createTestAccount } from "@/lib/testing/api";
import { installAppForTest } from "@/lib/testing/installed-app";
import { useTestDatabase } from "@/lib/testing/test-database";
import { completeConnect, getCallbackUrl, startConnect } from "./connect";
import { disconnect, getConnectionStatus } from "./connections";
import { discoverIssuer } from "./discovery";
import { installApp } from "./installations";
import { invokeApi } from "./invoke";
import { removeMember } from "./members";
import { deleteOrganization } from "./organizations";

/**
 * The protocol's finishing pieces against a real authorization server (oidc-provider): a config imported
 * from the issuer's metadata connects with nothing but the client's credentials; a callback from another
 * issuer is refused before any token request (RFC 9207); disconnect revokes the grant (RFC 7009); and the
 * granted scopes are kept on the connection. Removing a member or deleting an organization revokes the
 * grants it takes away, too.
 */

process.env.OUTBOUND_ALLOW_PRIVATE_NETWORKS = "true";
resetEnvForTesting();
const db = useTestDatabase();

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

const ORGANIZATION_ANSWERS = { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, redirect_uri: getCallbackUrl(), scope: "openid" };

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
  return installAppForTest(definition, ORGANIZATION_ANSWERS);
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

describe("taking a member's access away", () => {
  /** Connects a user through the real consent flow and answers the refresh token the provider issued. */
  async function connect(userId: string, installationId: string): Promise<string> {
    expect((await completeConnect(userId, await authorize(userId, installationId))).outcome).toBe("connected");
    const refreshToken = (await readUserState(installationId, userId)).values.refresh_token;
    expect(refreshToken).toBeTruthy();
    return refreshToken!;
  }

  const revocationEvents = (organizationId: string) =>
    db.get().prisma.auditEvent.findMany({ where: { organizationId, type: "connection.revoked" }, select: { userId: true, installationId: true, detail: true } });

  it("revokes a removed member's grant at the provider and records it", async () => {
    const installed = await installDiscoveredApp();
    const member = await createTestAccount("member");
    await db.get().prisma.membership.create({ data: { userId: member.userId, organizationId: installed.organizationId, role: "member" } });
    const refreshToken = await connect(member.userId, installed.installationId);

    await removeMember(installed.userId, installed.organizationId, member.userId);

    expect(await refreshDirectly(refreshToken)).toMatchObject({ status: 400, error: "invalid_grant" });
    expect(await revocationEvents(installed.organizationId)).toEqual([
      {
        userId: installed.userId,
        installationId: installed.installationId,
        detail: { config: "oidc", outcome: "revoked", status: 200, cause: "member_removed", memberId: member.userId },
      },
    ]);
  });

  it("revokes every grant a deleted organization takes away, its apps' installations elsewhere included", async () => {
    // The developer's organization uses its own app, and a customer's organization installed it too.
    const developer = await installDiscoveredApp();
    const customer = await createTestAccount("customer");
    const { id: customerInstallationId } = await installApp(
      customer.userId,
      customer.organizationId,
      { appId: developer.appId, settings: ORGANIZATION_ANSWERS },
      { checkCredentials: false },
    );
    const developerToken = await connect(developer.userId, developer.installationId);
    const customerToken = await connect(customer.userId, customerInstallationId);
    const { name } = await db.get().prisma.organization.findUniqueOrThrow({ where: { id: developer.organizationId } });

    await deleteOrganization(developer.userId, developer.organizationId, name);

    expect(await refreshDirectly(developerToken)).toMatchObject({ status: 400, error: "invalid_grant" });
    expect(await refreshDirectly(customerToken)).toMatchObject({ status: 400, error: "invalid_grant" });
    // The deleted organization's trail goes with it; the customer's keeps what happened to its member.
    expect(await revocationEvents(customer.organizationId)).toEqual([
      {
        userId: developer.userId,
        installationId: customerInstallationId,
        detail: { config: "oidc", outcome: "revoked", status: 200, cause: "organization_deleted", memberId: customer.userId },
      },
    ]);
    expect(await db.get().prisma.installation.count({ where: { id: customerInstallationId } })).toBe(0);
  });
});
