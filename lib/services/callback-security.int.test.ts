import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, type OidcProviderHandle } from "@/e2e/providers/oidc";
import { startQuirksProvider, type QuirksHandle } from "@/e2e/providers/quirks";
import { findConnection, readUserState } from "@/lib/db/connections";
import { resetEnvForTesting } from "@/lib/env";
import { CONTRACT_EXAMPLE } from "@/lib/testing/contract-example";
import { createTestAccount } from "@/lib/testing/api";
import { installAppForTest } from "@/lib/testing/installed-app";
import { useTestDatabase } from "@/lib/testing/test-database";
import { completeConnect, getCallbackUrl, startConnect } from "./connect";
import { findOAuthConfig, loadInstallationContext } from "./installation-context";
import { forceRefresh } from "./token-refresh";
import { refreshConnectionNow } from "./connections";
import { invokeApi } from "./invoke";

/**
 * The callback's rules (DESIGN.md, security rules 1 and 3): a replayed, foreign, missing, expired or
 * orphaned state never causes a token request; the redirect URI sent to the token endpoint is the one
 * sent to the authorization endpoint. Checked against providers that count what reaches them.
 */

process.env.OUTBOUND_ALLOW_PRIVATE_NETWORKS = "true";
resetEnvForTesting();

const db = useTestDatabase();
let oidc: OidcProviderHandle;
let quirks: QuirksHandle;
const SEED_SECRET = 'q"uote\\back-slash:%colon ünïcødé ✓';

function oidcDefinition() {
  return {
    ...structuredClone(CONTRACT_EXAMPLE),
    oauthConfigs: [
      {
        ...structuredClone(CONTRACT_EXAMPLE.oauthConfigs[0]!),
        linkUrl: `${oidc.authorizationEndpoint}?client_id={{client_id}}&response_type=code&redirect_uri={{redirect_uri}}&state={{state}}&scope=openid`,
        tokenUrl: oidc.tokenEndpoint,
        refreshTokenUrl: oidc.tokenEndpoint,
        requestBody: '{"grant_type": "authorization_code", "code": "{{auth_code}}", "redirect_uri": "{{redirect_uri}}"}',
        requestFormat: "form",
        clientAuthentication: "basic",
        pkce: true,
      },
    ],
    apis: [],
  };
}

async function started() {
  const installed = await installAppForTest(oidcDefinition(), {
    client_id: "security-test",
    client_secret: "security-secret",
    redirect_uri: getCallbackUrl(),
  });
  const authorizeUrl = await startConnect(installed.userId, installed.installationId, "acme");
  const redirect = await oidc.followAuthorization(authorizeUrl, { redirectUri: getCallbackUrl() });
  return { ...installed, query: Object.fromEntries(redirect.searchParams) };
}

beforeAll(async () => {
  oidc = await startOidcProvider({
    clients: [{ clientId: "security-test", clientSecret: "security-secret", redirectUris: [getCallbackUrl()], authMethod: "client_secret_basic" }],
  });
  quirks = await startQuirksProvider({ clientId: "acme-client", clientSecret: SEED_SECRET });
});

afterAll(async () => {
  await oidc?.close();
  await quirks?.close();
});

describe("the callback", () => {
  it("refuses a replayed callback URL without calling the token endpoint", async () => {
    const flow = await started();
    expect((await completeConnect(flow.userId, flow.query)).outcome).toBe("connected");
    const before = oidc.counters.tokenRequests;
    expect((await completeConnect(flow.userId, flow.query)).outcome).toBe("reused");
    expect(oidc.counters.tokenRequests).toBe(before);
  });

  it("refuses a state started by user A completed in user B's session, and leaves it for A", async () => {
    const flow = await started();
    const other = await createTestAccount("intruder");
    const before = oidc.counters.tokenRequests;
    expect((await completeConnect(other.userId, flow.query)).outcome).toBe("wrong_user");
    expect(oidc.counters.tokenRequests).toBe(before);
    expect(await db.get().prisma.connection.count({ where: { userId: other.userId } })).toBe(0);
    expect((await completeConnect(flow.userId, flow.query)).outcome).toBe("connected");
  });

  it("refuses a missing state and an unknown one without calling the token endpoint", async () => {
    const flow = await started();
    const before = oidc.counters.tokenRequests;
    const { state: _state, ...withoutState } = flow.query;
    expect((await completeConnect(flow.userId, withoutState)).outcome).toBe("missing_state");
    expect((await completeConnect(flow.userId, { ...flow.query, state: "forged-state" })).outcome).toBe("invalid_state");
    expect(oidc.counters.tokenRequests).toBe(before);
  });

  it("refuses an expired state without calling the token endpoint", async () => {
    const flow = await started();
    await db.get().prisma.authorizationRequest.updateMany({
      where: { installationId: flow.installationId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const before = oidc.counters.tokenRequests;
    expect((await completeConnect(flow.userId, flow.query)).outcome).toBe("expired");
    expect(oidc.counters.tokenRequests).toBe(before);
  });

  it("refuses a state for an installation the user no longer belongs to", async () => {
    const flow = await started();
    await db.get().prisma.membership.deleteMany({ where: { userId: flow.userId, organizationId: flow.organizationId } });
    const before = oidc.counters.tokenRequests;
    expect((await completeConnect(flow.userId, flow.query)).outcome).toBe("invalid_state");
    expect(oidc.counters.tokenRequests).toBe(before);
  });

  it("keeps a state valid for 10 minutes at most, and stores only its hash", async () => {
    const flow = await started();
    const request = await db.get().prisma.authorizationRequest.findFirstOrThrow({ where: { installationId: flow.installationId } });
    expect(request.expiresAt.getTime() - request.createdAt.getTime()).toBeLessThanOrEqual(10 * 60 * 1000);
    expect(request.stateHash).not.toBe(flow.query.state);
    expect(request.codeVerifierCiphertext).toMatch(/^gh1\./);
  });

  it("turns error=access_denied into a denial and stores nothing", async () => {
    const flow = await started();
    const before = oidc.counters.tokenRequests;
    const result = await completeConnect(flow.userId, { state: flow.query.state!, error: "access_denied", error_description: "<script>alert(1)</script>" });
    expect(result).toMatchObject({ outcome: "denied", providerError: "access_denied", providerDescription: "<script>alert(1)</script>" });
    expect(oidc.counters.tokenRequests).toBe(before);
    expect(await findConnection(flow.installationId, "acme", flow.userId)).toBeNull();
  });
});

describe("the seed's own configuration against a provider that checks it byte for byte", () => {
  function seedDefinition(accessTokenPath = "$.access_token", provider: "seed" | "slack" = "seed") {
    const example = structuredClone(CONTRACT_EXAMPLE);
    const config = example.oauthConfigs[0]!;
    config.linkUrl = `${quirks.url(provider, "authorize")}?client_id={{client_id}}&response_type=code&redirect_uri={{redirect_uri}}&state={{state}}&scope=contacts.read`;
    config.tokenUrl = quirks.url(provider, "token");
    config.refreshTokenUrl = quirks.url(provider, "token");
    config.accessTokenPath = accessTokenPath;
    config.refreshTokenPath = accessTokenPath.replace("access_token", "refresh_token");
    example.apis[0]!.url = `${quirks.url("seed", "contacts")}?limit={{limit}}`;
    return example;
  }

  async function connectSeed(definition: unknown) {
    const installed = await installAppForTest(definition, { client_id: "acme-client", client_secret: SEED_SECRET, redirect_uri: getCallbackUrl() });
    const authorizeUrl = await startConnect(installed.userId, installed.installationId, "acme");
    const redirect = await fetch(authorizeUrl, { redirect: "manual" });
    const callback = new URL(redirect.headers.get("location")!);
    const result = await completeConnect(installed.userId, Object.fromEntries(callback.searchParams));
    return { ...installed, result };
  }

  it("connects with the seed's JSON template, a secret with quotes, backslashes and non-ASCII, and the same redirect_uri twice", async () => {
    const flow = await connectSeed(seedDefinition());
    expect(flow.result.outcome).toBe("connected");
    const seen = quirks.requests.filter((request) => request.provider === "seed" && request.redirectUri);
    const [authorize, token] = seen.slice(-2);
    expect(authorize?.endpoint).toBe("authorize");
    expect(token?.endpoint).toBe("token");
    expect(token?.redirectUri).toBe(authorize?.redirectUri);
    const invoked = await invokeApi(flow.userId, flow.installationId, "list-contacts", { params: { limit: 2 } });
    expect(invoked.status).toBe(200);
    // The seed's refresh body, as pasted, refreshes (the provider takes only the text the template renders to).
    expect(await refreshConnectionNow(flow.userId, flow.installationId, "acme")).toMatchObject({ status: "connected" });
    const refresh = quirks.requests.filter((request) => request.provider === "seed" && request.grantType === "refresh_token").at(-1);
    expect(refresh).toMatchObject({ status: 200, bodyKeys: ["refresh_token", "grant_type"] });
  });

  it("reads tokens nested under authed_user", async () => {
    const flow = await connectSeed(seedDefinition("$.authed_user.access_token", "slack"));
    expect(flow.result.outcome).toBe("connected");
    const state = await readUserState(flow.installationId, flow.userId);
    expect(state.connections.map((connection) => connection.configName)).toEqual(["acme"]);
    expect(state.values.access_token).toBeTruthy();
  });

  it("explains a token path that matches nothing, and stores nothing", async () => {
    const flow = await connectSeed(seedDefinition("$.data.token"));
    expect(flow.result.outcome).toBe("token_path");
    expect(await findConnection(flow.installationId, "acme", flow.userId)).toBeNull();
  });

  async function refreshWith(refreshTokenUrl: string) {
    const definition = seedDefinition();
    definition.oauthConfigs[0]!.refreshTokenUrl = refreshTokenUrl;
    const flow = await connectSeed(definition);
    expect(flow.result.outcome).toBe("connected");
    const context = await loadInstallationContext(flow.userId, flow.installationId);
    const started = Date.now();
    const error = await forceRefresh(context, findOAuthConfig(context, "acme")).catch((caught: unknown) => caught);
    return { flow, error, elapsed: Date.now() - started };
  }

  it("retries a refresh that cannot reach the provider with capped backoff, then reports it and keeps the connection", async () => {
    // Nothing listens on port 9 of loopback: every attempt is refused at once, so the time is the backoff's.
    const { flow, error, elapsed } = await refreshWith("http://127.0.0.1:9/token");
    expect(error).toMatchObject({ code: "upstream_unreachable", status: 502 });
    expect(elapsed).toBeGreaterThanOrEqual(200);
    expect(elapsed).toBeLessThan(5_000);
    const connection = await findConnection(flow.installationId, "acme", flow.userId);
    expect(connection?.status).toBe("connected");
    expect(connection?.lastError).toBeTruthy();
  });

  it("answers at once when a provider that is down asks to wait longer than the backoff allows", async () => {
    const before = quirks.tokenRequestCount("down");
    const { error, elapsed } = await refreshWith(quirks.url("down", "token"));
    expect(error).toMatchObject({ code: "upstream_unreachable", details: { retryAfterSeconds: 30 } });
    expect(quirks.tokenRequestCount("down")).toBe(before + 1);
    expect(elapsed).toBeLessThan(2_000);
  });

  it("explains a provider that is down", async () => {
    const definition = seedDefinition();
    definition.oauthConfigs[0]!.tokenUrl = quirks.url("down", "token");
    const flow = await connectSeed(definition);
    expect(flow.result.outcome).toBe("unreachable");
  });
});
