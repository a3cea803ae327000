import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, startResourceServer, type OidcProviderHandle, type ResourceServerHandle } from "@/e2e/providers/oidc";
import { startQuirksProvider, type QuirksHandle } from "@/e2e/providers/quirks";
import { resetEnvForTesting } from "@/lib/env";
import { readUserState } from "@/lib/db/connections";
import { installAppForTest } from "@/lib/testing/installed-app";
import { formEncodedApp } from "@/lib/testing/app-definitions";
import { useTestDatabase } from "@/lib/testing/test-database";
import { startWorkerInstance } from "@/lib/testing/worker-instance";
import { completeConnect, getCallbackUrl, startConnect } from "./connect";
import { getConnectionStatus, refreshConnectionNow } from "./connections";
import { invokeApi } from "./invoke";

/**
 * Exactly one refresh per expiry across instances, and a crashed holder blocking no longer than its lease.
 * The second instance is a real separate process on the same PostgreSQL database, so these tests run
 * when the suite targets PostgreSQL (TEST_DB_TARGET=postgres, as `npm test` does with TEST_DATABASE_URL).
 */

const LEASE_MS = 3_000;
process.env.OUTBOUND_ALLOW_PRIVATE_NETWORKS = "true";
process.env.REFRESH_LEASE_MS = String(LEASE_MS);
resetEnvForTesting();

const onPostgres = process.env.TEST_DB_TARGET === "postgres";
const db = useTestDatabase();
let oidc: OidcProviderHandle;
let api: ResourceServerHandle;
let quirks: QuirksHandle;
let databaseUrl = "";

function definition(tokenUrl: string, linkUrl: string, apiUrl: string, pkce: boolean) {
  return formEncodedApp({
    name: "Storm",
    configName: "main",
    authorizeUrl: linkUrl,
    tokenUrl,
    scope: "openid",
    clientAuthentication: "body",
    pkce,
    apis: [{ name: "contacts", url: apiUrl }],
  });
}

const startInstance = (args: string[]) => startWorkerInstance(databaseUrl, args);

async function expireToken(installationId: string) {
  await db.get().prisma.connection.updateMany({ where: { installationId }, data: { expiresAt: new Date(Date.now() - 1000) } });
}

beforeAll(async () => {
  if (!onPostgres) return;
  // The workers need the URL of the very database this file's harness opened.
  databaseUrl = db.postgresUrl()!;
  oidc = await startOidcProvider({
    clients: [{ clientId: "storm", clientSecret: "storm-secret", redirectUris: [getCallbackUrl()], authMethod: "client_secret_post" }],
    accessTokenTtlSeconds: 30,
  });
  api = await startResourceServer({ provider: oidc });
  quirks = await startQuirksProvider({ clientId: "storm", clientSecret: "storm-secret", slowDelayMs: 1_500 });
});

afterAll(async () => {
  await api?.close();
  await oidc?.close();
  await quirks?.close();
});

describe.skipIf(!onPostgres)("refresh across instances sharing PostgreSQL", () => {
  it("answers 50 invokes in each of two instances on an expired token with one refresh between them", async () => {
    const installed = await installAppForTest(definition(oidc.tokenEndpoint, oidc.authorizationEndpoint, api.url, true), {
      client_id: "storm",
      client_secret: "storm-secret",
      redirect_uri: getCallbackUrl(),
    });
    const authorizeUrl = await startConnect(installed.userId, installed.installationId, "main");
    const redirect = await oidc.followAuthorization(authorizeUrl, { redirectUri: getCallbackUrl() });
    expect((await completeConnect(installed.userId, Object.fromEntries(redirect.searchParams))).outcome).toBe("connected");
    await expireToken(installed.installationId);

    const args = ["invoke", installed.userId, installed.installationId, "contacts", "50"];
    const [first, second] = await Promise.all([startInstance(args), startInstance(args)]);
    const refreshesBefore = oidc.counters.refreshes;
    first.go();
    second.go();
    const outputs = await Promise.all([first.output, second.output]);
    const statuses = outputs.flatMap((text) => JSON.parse(text.split("\n")[1]!) as unknown[]);
    expect(statuses).toEqual(Array(100).fill(200));
    expect(oidc.counters.refreshes).toBe(refreshesBefore + 1);
  });

  it("lets another instance refresh once a holder killed mid-refresh has let its lease run out", async () => {
    const installed = await installAppForTest(
      definition(quirks.url("slow", "token"), quirks.url("slow", "authorize"), "http://127.0.0.1:9/unused", false),
      { client_id: "storm", client_secret: "storm-secret", redirect_uri: getCallbackUrl() },
    );
    const authorizeUrl = await startConnect(installed.userId, installed.installationId, "main");
    const callback = new URL((await fetch(authorizeUrl, { redirect: "manual" })).headers.get("location")!);
    expect((await completeConnect(installed.userId, Object.fromEntries(callback.searchParams))).outcome).toBe("connected");

    const holder = await startInstance(["refresh", installed.userId, installed.installationId, "main"]);
    holder.go();
    // Kill the holder while its refresh request is still waiting on the slow provider.
    await waitFor(async () => (await db.get().prisma.connection.findFirstOrThrow({ where: { installationId: installed.installationId } })).leaseOwner !== null);
    holder.child.kill("SIGKILL");
    await holder.output;
    await expireToken(installed.installationId);

    const started = Date.now();
    const status = await refreshViaInvokeStatus(installed.userId, installed.installationId);
    const waited = Date.now() - started;
    expect(status).toBe("connected");
    expect(waited).toBeLessThan(LEASE_MS + 1_500 + 2_500);
  });

  it("keeps a refresh whose lease was taken over from overwriting the newer tokens or marking the connection needs_reauth", async () => {
    const installed = await installAppForTest(
      definition(quirks.url("slow", "token"), quirks.url("slow", "authorize"), "http://127.0.0.1:9/unused", false),
      { client_id: "storm", client_secret: "storm-secret", redirect_uri: getCallbackUrl() },
    );
    const authorizeUrl = await startConnect(installed.userId, installed.installationId, "main");
    const callback = new URL((await fetch(authorizeUrl, { redirect: "manual" })).headers.get("location")!);
    expect((await completeConnect(installed.userId, Object.fromEntries(callback.searchParams))).outcome).toBe("connected");
    const connected = await readUserState(installed.installationId, installed.userId);

    try {
      // The first refresher sends the refresh token, and the provider sits on it for a long while.
      quirks.setSlowDelayMs(4_000);
      const requestsBefore = quirks.tokenRequestCount("slow");
      const slow = await startInstance(["refresh", installed.userId, installed.installationId, "main"]);
      slow.go();
      await waitFor(async () => quirks.tokenRequestCount("slow") > requestsBefore);
      // Its lease lapses meanwhile; another refresh takes it over, and the provider answers that one first
      // and rotates the refresh token, so the slow request will come back with invalid_grant.
      await db.get().prisma.connection.updateMany({ where: { installationId: installed.installationId }, data: { leaseExpiresAt: new Date(Date.now() - 1_000) } });
      quirks.setSlowDelayMs(0);
      expect((await refreshConnectionNow(installed.userId, installed.installationId, "main")).status).toBe("connected");
      const winner = await readUserState(installed.installationId, installed.userId);
      expect(winner.values.refresh_token).not.toBe(connected.values.refresh_token);

      // The slow refresher loses its fenced write and serves what the winner stored.
      expect((await slow.output).trim().split("\n").at(-1)).toBe("refreshed");
      const after = await readUserState(installed.installationId, installed.userId);
      expect(after.connections).toEqual([expect.objectContaining({ status: "connected", lastError: null, version: winner.connections[0]!.version })]);
      expect(after.values).toEqual(winner.values);

      // The refresh token the winner stored is the provider's current one.
      expect((await refreshConnectionNow(installed.userId, installed.installationId, "main")).status).toBe("connected");
      expect((await readUserState(installed.installationId, installed.userId)).values.access_token).not.toBe(winner.values.access_token);
    } finally {
      quirks.setSlowDelayMs(1_500);
    }
  });
});

/** Refreshes through the service (the token is expired), then reports the connection's status. */
async function refreshViaInvokeStatus(userId: string, installationId: string) {
  await invokeApi(userId, installationId, "contacts", {}).catch(() => undefined);
  return (await getConnectionStatus(userId, installationId, "main")).status;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
