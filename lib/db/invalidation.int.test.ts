import { describe, expect, it } from "vitest";
import { CONTRACT_EXAMPLE } from "@/lib/testing/contract-example";
import { installAppForTest } from "@/lib/testing/installed-app";
import { useTestDatabase } from "@/lib/testing/test-database";
import {
  markNeedsReauth,
  readUserState,
  recordRefreshError,
  saveConnectionTokens,
  withRefreshLease,
  type FencedWrite,
  type ConnectionRecord,
} from "./connections";
import { defineHotCache } from "./hot-cache";
import { INVALIDATION_CHANNEL, invalidatingTransaction } from "./invalidation";
import { LISTENER_APPLICATION_NAME } from "./invalidation-listener";

/**
 * Writes announce what they change in their own transaction, the listener applies what any instance
 * announces (and starts over when its connection comes back), and the refresh lease fences its holder's
 * writes. On the in-memory PGlite and, with TEST_DB_TARGET=postgres, on PostgreSQL.
 */

const db = useTestDatabase();
const onPostgres = process.env.TEST_DB_TARGET === "postgres";
// A long TTL, so that only invalidations empty it during the test.
const cache = defineHotCache<string>("invalidation-test", { "test-thing": "key", "test-group": "prefix" }, { ttlMs: 600_000 });

/** Sends a notification from a connection other than the listener's (on PGlite, the only one). */
const notifyFromOutside = (message: string) => db.get().sql.query("SELECT pg_notify($1, $2)", [INVALIDATION_CHANNEL, message]);

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("invalidation", () => {
  it("applies a committed write's invalidations here at once, and what other instances announce through the listener", async () => {
    cache.set("a", "old");
    cache.set("g:1", "old");
    cache.set("other", "kept");
    await invalidatingTransaction(async (_tx, invalidate) => invalidate("test-thing", "a"));
    expect(cache.get("a")).toBeUndefined();

    await notifyFromOutside("test-group:g");
    await waitFor(() => cache.get("g:1") === undefined);
    expect(cache.get("other")).toBe("kept");
  });

  it("announces and applies nothing for a write that rolled back", async () => {
    cache.set("b", "still valid");
    cache.set("marker", "old");
    await expect(
      invalidatingTransaction(async (tx, invalidate) => {
        invalidate("test-thing", "b");
        await tx.$executeRawUnsafe("SELECT 1");
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(cache.get("b")).toBe("still valid");
    // Notifications arrive in order: once a later one is through, an earlier one would have been too.
    await notifyFromOutside("test-thing:marker");
    await waitFor(() => cache.get("marker") === undefined);
    expect(cache.get("b")).toBe("still valid");
  });

  it.skipIf(!onPostgres)("reconnects after its backend is terminated, empties every cache, and listens again", async () => {
    const sessions = db.get().invalidations.sessions;
    cache.set("c", "maybe stale");
    const terminated = await db.get().sql.query<{ pg_terminate_backend: boolean }>(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()",
      [LISTENER_APPLICATION_NAME],
    );
    expect(terminated).toEqual([{ pg_terminate_backend: true }]);
    await waitFor(() => db.get().invalidations.sessions === sessions + 1);
    expect(cache.get("c")).toBeUndefined();

    cache.set("d", "old");
    await notifyFromOutside("test-thing:d");
    await waitFor(() => cache.get("d") === undefined);
  });
});

describe("the refresh lease", () => {
  it("fences a holder whose lease was taken over: its token write, needs_reauth and error record do not apply", async () => {
    const installed = await installAppForTest(CONTRACT_EXAMPLE, { client_id: "c", client_secret: "s", redirect_uri: "https://example.test/cb" });
    const where = { installationId: installed.installationId, configName: "acme", userId: installed.userId };
    const variables = { accessTokenVariable: "access_token", refreshTokenVariable: "refresh_token" };
    const now = new Date();
    const connected = await saveConnectionTokens({
      ...where,
      variables,
      tokens: { accessToken: "at-1", refreshToken: "rt-1", expiresAt: null },
      kind: "connect",
      now,
    });

    let late: { tokens?: FencedWrite<ConnectionRecord>; reauth?: boolean; error?: boolean } = {};
    const outer = await withRefreshLease(connected.id, async (slowLease) => {
      // The slow holder's lease lapses; another refresher takes it and stores newer tokens.
      await db.get().prisma.connection.update({ where: { id: connected.id }, data: { leaseExpiresAt: new Date(Date.now() - 1_000) } });
      const inner = await withRefreshLease(connected.id, (lease) =>
        saveConnectionTokens({ ...where, variables, tokens: { accessToken: "at-2", refreshToken: "rt-2", expiresAt: null }, kind: "refresh", lease, seenVersion: connected.version, now }),
      );
      expect(inner).toMatchObject({ acquired: true, value: { won: true } });
      expect(await slowLease.renew()).toBe(false);
      late = {
        tokens: await saveConnectionTokens({ ...where, variables, tokens: { accessToken: "at-late", refreshToken: "rt-late", expiresAt: null }, kind: "refresh", lease: slowLease, seenVersion: connected.version, now }),
        reauth: await markNeedsReauth(slowLease, connected.version, "invalid_grant"),
        error: await recordRefreshError(slowLease, connected.version, "timed out"),
      };
    });
    expect(outer.acquired).toBe(true);
    expect(late).toEqual({ tokens: { won: false }, reauth: false, error: false });

    const state = await readUserState(installed.installationId, installed.userId);
    expect(state.values).toMatchObject({ access_token: "at-2", refresh_token: "rt-2" });
    expect(state.connections).toEqual([expect.objectContaining({ status: "connected", lastError: null, version: connected.version + 1 })]);
  });

  it("admits one holder at a time, and a holder's fenced write on the version it read applies and releases the lease", async () => {
    const installed = await installAppForTest(CONTRACT_EXAMPLE, { client_id: "c", client_secret: "s", redirect_uri: "https://example.test/cb" });
    const where = { installationId: installed.installationId, configName: "acme", userId: installed.userId };
    const variables = { accessTokenVariable: "access_token", refreshTokenVariable: "refresh_token" };
    const connected = await saveConnectionTokens({ ...where, variables, tokens: { accessToken: "at-1", refreshToken: null, expiresAt: null }, kind: "connect", now: new Date() });
    const outcome = await withRefreshLease(connected.id, async (lease) => {
      expect(await withRefreshLease(connected.id, async () => "second")).toEqual({ acquired: false });
      return markNeedsReauth(lease, connected.version, "No refresh token was issued; connect again");
    });
    expect(outcome).toEqual({ acquired: true, value: true });
    const row = await db.get().prisma.connection.findUniqueOrThrow({ where: { id: connected.id } });
    expect(row).toMatchObject({ status: "needs_reauth", leaseOwner: null, leaseExpiresAt: null });
  });
});
