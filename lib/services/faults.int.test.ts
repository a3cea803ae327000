import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as invokeRoute } from "@/app/api/v1/installations/[id]/apis/[apiName]/invoke/route";
import { startQuirksProvider, type QuirksFault, type QuirksHandle } from "@/e2e/providers/quirks";
import { findConnection, readUserState } from "@/lib/db/connections";
import { resetEnvForTesting } from "@/lib/env";
import { callRoute } from "@/lib/testing/api";
import { connectSeed, expireConnection, installSeedApp, SEED_CLIENT } from "@/lib/testing/seed-flow";
import { useTestDatabase } from "@/lib/testing/test-database";
import { SEED_OAUTH_CONFIG } from "@/lib/oauth/seed-config.fixture";
import { applyInvalidation } from "@/lib/db/hot-cache";
import { getEnv } from "@/lib/env";
import { userStateId } from "@/lib/db/invalidation";

/**
 * What Gatehouse does when the provider or the database fails halfway, against the quirks provider with
 * faults switched on at run time: code exchanges and refreshes failing in every way a provider fails, a
 * rotated refresh token whose answer is lost, and (on PostgreSQL) the database going away mid-request.
 */

const LEASE_MS = 2_000;
process.env.OUTBOUND_ALLOW_PRIVATE_NETWORKS = "true";
process.env.TOKEN_REQUEST_TIMEOUT_MS = "600";
process.env.REFRESH_LEASE_MS = String(LEASE_MS);
resetEnvForTesting();

const onPostgres = process.env.TEST_DB_TARGET === "postgres";
const db = useTestDatabase();
let quirks: QuirksHandle;

// A refresh is tried this many times on a retryable failure (token-refresh.ts): a fault must outlast them.
const REFRESH_ATTEMPTS = 3;
const FAULTS: { fault: QuirksFault; exchangeOutcome: string; refreshReason: string }[] = [
  { fault: "500", exchangeOutcome: "unreachable", refreshReason: "server_error" },
  { fault: "html", exchangeOutcome: "provider_error", refreshReason: "bad_response" },
  { fault: "truncated-json", exchangeOutcome: "provider_error", refreshReason: "bad_response" },
  { fault: "hang", exchangeOutcome: "unreachable", refreshReason: "network" },
  { fault: "reset", exchangeOutcome: "unreachable", refreshReason: "network" },
];

beforeAll(async () => {
  quirks = await startQuirksProvider({ clientId: "acme-client", clientSecret: SEED_CLIENT.client_secret, slowDelayMs: 500 });
});

afterAll(async () => {
  await quirks?.close();
});

beforeEach(() => {
  quirks.clearFaults();
  quirks.setRefreshReuseGrace(0);
});

async function seedTokens(installationId: string, userId: string) {
  const { values } = await readUserState(installationId, userId);
  return { accessToken: values[SEED_OAUTH_CONFIG.accessTokenVariable] ?? null, refreshToken: values[SEED_OAUTH_CONFIG.refreshTokenVariable] ?? null };
}

async function connectedUser() {
  const installed = await installSeedApp(quirks);
  expect((await connectSeed(quirks, installed.userId, installed.installationId)).outcome).toBe("connected");
  return installed;
}

function invoke(installed: { token: string; installationId: string }) {
  return callRoute(invokeRoute, {
    token: installed.token,
    params: { id: installed.installationId, apiName: "list-contacts" },
    body: { params: { limit: 5 } },
  });
}

function expectContractError(body: unknown) {
  expect(body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
}

describe("a code exchange that fails", () => {
  it.each(FAULTS)("with $fault shows the provider's fault, leaves nothing behind, and a second attempt connects", async ({ fault, exchangeOutcome }) => {
    const installed = await installSeedApp(quirks);
    quirks.injectFault(fault, 1, { provider: "seed" });
    const failed = await connectSeed(quirks, installed.userId, installed.installationId);
    expect(quirks.pendingFaults()).toBe(0);
    // Both outcomes are the provider's: "could not be reached … is down", or "the provider reported an error".
    expect(failed.outcome).toBe(exchangeOutcome);

    const prisma = db.get().prisma;
    const where = { installationId: installed.installationId, userId: installed.userId };
    expect(await prisma.connection.count({ where })).toBe(0);
    expect(await prisma.settingValue.count({ where })).toBe(0);
    // The request stays only as a spent marker, so the same state can never be replayed.
    expect(await prisma.authorizationRequest.count({ where: { ...where, usedAt: null } })).toBe(0);

    expect((await connectSeed(quirks, installed.userId, installed.installationId)).outcome).toBe("connected");
    expect((await seedTokens(installed.installationId, installed.userId)).refreshToken).toMatch(/^rt_/);
  });
});

describe("a refresh that fails", () => {
  it.each(FAULTS)("with $fault answers 502 with the reason, keeps the refresh token, and recovers with one refresh", async ({ fault, refreshReason }) => {
    const installed = await connectedUser();
    const before = await seedTokens(installed.installationId, installed.userId);
    await expireConnection(installed.installationId, installed.userId);
    quirks.injectFault(fault, REFRESH_ATTEMPTS, { provider: "seed" });

    const failed = await invoke(installed);
    expect(failed.status).toBe(502);
    expectContractError(failed.body);
    expect(failed.body.error.details.reason).toBe(refreshReason);
    const connection = await findConnection(installed.installationId, "acme", installed.userId);
    expect(connection?.status).toBe("connected");
    expect(await seedTokens(installed.installationId, installed.userId)).toEqual(before);

    quirks.clearFaults();
    const tokenRequests = quirks.tokenRequestCount("seed");
    const recovered = await invoke(installed);
    expect(recovered.status).toBe(200);
    expect(recovered.body.status).toBe(200);
    expect(quirks.tokenRequestCount("seed")).toBe(tokenRequests + 1);
  });
});

describe("a rotated refresh token whose answer is lost", () => {
  // The provider spent the old refresh token and issued a new one, but the answer never arrived. Gatehouse
  // retries with the token it holds, the old one; what happens next is the provider's policy.
  it("asks the user to reconnect on the very first failed call when the provider refuses reuse", async () => {
    const installed = await connectedUser();
    await expireConnection(installed.installationId, installed.userId);
    quirks.injectFault("lost-response", 1, { provider: "seed" });

    const response = await invoke(installed);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("authorization_required");
    expect(response.body.error.message).toMatch(/connect again/);
    expect(response.body.error.details.connectUrl).toBe(`/connect/${installed.installationId}/acme`);
    expect((await findConnection(installed.installationId, "acme", installed.userId))?.status).toBe("needs_reauth");

    // Connecting again is all it takes.
    expect((await connectSeed(quirks, installed.userId, installed.installationId)).outcome).toBe("connected");
    expect((await invoke(installed)).body.status).toBe(200);
  });

  it("succeeds on the retry when the provider accepts a just-rotated token within a grace period", async () => {
    const installed = await connectedUser();
    quirks.setRefreshReuseGrace(30_000);
    await expireConnection(installed.installationId, installed.userId);
    quirks.injectFault("lost-response", 1, { provider: "seed" });

    const response = await invoke(installed);
    expect(response.status).toBe(200);
    expect(response.body.status).toBe(200);
    expect(quirks.pendingFaults()).toBe(0);

    // The token stored is the one of the retry, and it works for the next refresh even without the grace.
    quirks.setRefreshReuseGrace(0);
    await expireConnection(installed.installationId, installed.userId);
    expect((await invoke(installed)).body.status).toBe(200);
  });
});

describe.skipIf(!onPostgres)("the database going away", () => {
  let admin: pg.Client;
  let databaseName = "";

  beforeAll(async () => {
    databaseName = (await db.get().sql.query<{ name: string }>("SELECT current_database() AS name"))[0]!.name;
    // Connected to the server's maintenance database, so it stays up while the test database goes away.
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    admin.on("error", () => undefined);
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.query(`ALTER DATABASE "${databaseName}" WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin?.end();
  });

  /** Refuses new connections to this test's database and ends every open one (ours only: other databases share the server). */
  async function takeDatabaseDown() {
    await admin.query(`ALTER DATABASE "${databaseName}" WITH ALLOW_CONNECTIONS false`);
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [databaseName]);
  }

  async function bringDatabaseBack() {
    await admin.query(`ALTER DATABASE "${databaseName}" WITH ALLOW_CONNECTIONS true`);
  }

  it("answers 503 with a clear error during an invoke, and recovers by itself when the database is back", async () => {
    const installed = await connectedUser();
    expect((await invoke(installed)).body.status).toBe(200);

    await takeDatabaseDown();
    try {
      // What the hot cache holds (the caller, the installation, a valid token) is still served for a moment.
      expect([200, 503]).toContain((await invoke(installed)).status);
      await new Promise((resolve) => setTimeout(resolve, getEnv().HOT_CACHE_TTL_MS + 200));
      const down = await invoke(installed);
      expect(down.status).toBe(503);
      expect(down.body.error.code).toBe("service_unavailable");
      expect(down.body.error.message).toMatch(/database is unavailable/);
      expect(down.headers.get("retry-after")).toBeTruthy();
    } finally {
      await bringDatabaseBack();
    }
    const recovered = await invoke(installed);
    expect(recovered.status).toBe(200);
    expect(recovered.body.status).toBe(200);
  });

  it("answers 503 when the database goes away during a refresh, keeps the refresh token, and refreshes once it is back", async () => {
    const installed = await connectedUser();
    const before = await seedTokens(installed.installationId, installed.userId);
    await expireConnection(installed.installationId, installed.userId);
    // The first attempt hangs until the time-out; the database goes away meanwhile.
    quirks.injectFault("hang", 1, { provider: "seed" });
    const pending = invoke(installed);
    await waitFor(() => quirks.pendingFaults() === 0);
    await takeDatabaseDown();
    let down;
    try {
      down = await pending;
    } finally {
      await bringDatabaseBack();
    }
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe("service_unavailable");

    expect(await seedTokens(installed.installationId, installed.userId)).toEqual(before);
    const started = Date.now();
    const recovered = await invoke(installed);
    expect(recovered.body.status).toBe(200);
    // At worst it waited for the lease the interrupted refresh left behind.
    expect(Date.now() - started).toBeLessThan(LEASE_MS + 3_000);
  });

  it("never stores half a refresh: the token write and the version bump commit together or not at all", async () => {
    const installed = await connectedUser();
    quirks.setRefreshReuseGrace(30_000);
    const before = await seedTokens(installed.installationId, installed.userId);
    const connection = (await findConnection(installed.installationId, "acme", installed.userId))!;
    await expireConnection(installed.installationId, installed.userId);
    const expired = (await findConnection(installed.installationId, "acme", installed.userId))!;

    // While the provider answers slowly (the lease is taken by then), hold the connection row, so the
    // refresh's transaction writes the new tokens and then waits on the row.
    quirks.injectFault("slow", 1, { provider: "seed" });
    const pending = invoke(installed);
    await waitFor(() => quirks.pendingFaults() === 0);
    const blocker = new pg.Client({ connectionString: adminUrlFor(databaseName) });
    blocker.on("error", () => undefined);
    await blocker.connect();
    await blocker.query("BEGIN");
    await blocker.query('SELECT id FROM "Connection" WHERE id = $1 FOR UPDATE', [connection.id]);
    try {
      // The refresh's transaction, blocked mid-way with the token rows written but not the version: end it there.
      const waiting = await waitFor(async () => {
        const rows = await admin.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> $2",
          [databaseName, (blocker as unknown as { processID: number }).processID],
        );
        return rows.rows[0]?.pid;
      });
      await admin.query("SELECT pg_terminate_backend($1)", [waiting]);
    } finally {
      await blocker.query("ROLLBACK");
      await blocker.end();
    }
    const response = await pending;
    expect(response.status).toBe(503);

    const after = (await findConnection(installed.installationId, "acme", installed.userId))!;
    expect(after.version).toBe(expired.version);
    expect(after.expiresAt).toEqual(expired.expiresAt);
    expect(await seedTokens(installed.installationId, installed.userId)).toEqual(before);

    // The provider rotated already; the old token is accepted within its grace period, so the next call refreshes.
    applyInvalidation("user-state", userStateId(installed.installationId, installed.userId));
    const recovered = await invoke(installed);
    expect(recovered.body.status).toBe(200);
    expect((await findConnection(installed.installationId, "acme", installed.userId))!.version).toBe(expired.version + 1);
  });
});

function adminUrlFor(database: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
