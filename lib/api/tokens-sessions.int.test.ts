import NextAuth from "next-auth";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { POST as changePassword } from "@/app/api/v1/me/password/route";
import { DELETE as signOutEverywhere } from "@/app/api/v1/me/sessions/route";
import { DELETE as deleteToken } from "@/app/api/v1/tokens/[id]/route";
import { GET as listTokens, POST as createToken } from "@/app/api/v1/tokens/route";
import { getAuthOptions } from "@/lib/auth/options";
import { clearDatabase, openPostgresDatabase, setDatabase } from "@/lib/db/client";
import { getEnv, setProcessEnv } from "@/lib/env";
import { DEFAULT_TOKEN_EXPIRY_DAYS } from "@/lib/services/accounts";
import { CLIENT_ADDRESS_HEADER } from "@/lib/services/rate-limit";
import { callRoute, createTestAccount } from "@/lib/testing/api";
import { useTestDatabase } from "@/lib/testing/test-database";

/** Runs `call` with the clock `days` ahead (only Date moves; timers stay real). */
async function daysLater<T>(days: number, call: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + days * 86_400_000, shouldAdvanceTime: true });
  try {
    return await call();
  } finally {
    vi.useRealTimers();
  }
}

const db = useTestDatabase();
const PASSWORD = "correct horse battery";
const SESSION_COOKIE = "next-auth.session-token";
const ORIGIN = { origin: "http://localhost:3000" };

beforeAll(() => {
  // As the launcher does: next-auth takes its own URL from here.
  setProcessEnv("NEXTAUTH_URL", getEnv().APP_URL);
});

type Cookies = Record<string, string>;
let addressCounter = 0;

interface AuthResponse {
  status: number;
  redirect?: string;
  body: unknown;
}

/**
 * One request to next-auth's own endpoint handler (the same core that /api/auth/[...nextauth] runs,
 * called through next-auth's Node request/response entry point), carrying cookies along like a browser.
 */
async function nextAuth(action: string, cookies: Cookies, options: { providerId?: string; method?: string; body?: Record<string, string> } = {}): Promise<AuthResponse> {
  const headers: Record<string, string | string[]> = {};
  const result: AuthResponse = { status: 200, body: undefined };
  const response = {
    status(code: number) {
      result.status = code;
      return response;
    },
    getHeader: (name: string) => headers[name.toLowerCase()],
    setHeader(name: string, value: string | string[]) {
      headers[name.toLowerCase()] = value;
      if (name.toLowerCase() === "location") result.redirect = String(value);
      return response;
    },
    json(body: unknown) {
      result.body = body;
      if (body && typeof body === "object" && "url" in body) result.redirect = String((body as { url: string }).url);
    },
    send(body: unknown) {
      result.body = typeof body === "string" && body.startsWith("{") ? JSON.parse(body) : body;
    },
    end() {},
  };
  const request = {
    method: options.method ?? "GET",
    query: { nextauth: [action, ...(options.providerId ? [options.providerId] : [])] },
    body: options.body ?? {},
    cookies: { ...cookies },
    // Each call from its own address, as the launcher would say: the sign-in rate limit is tested elsewhere.
    headers: { host: "localhost:3000", "content-type": "application/x-www-form-urlencoded", ...ORIGIN, [CLIENT_ADDRESS_HEADER]: `192.0.2.${(addressCounter = (addressCounter % 250) + 1)}` },
  };
  await (NextAuth as unknown as (req: unknown, res: unknown, options: unknown) => Promise<void>)(request, response, await getAuthOptions());
  const setCookies = headers["set-cookie"] ?? [];
  for (const line of Array.isArray(setCookies) ? setCookies : [setCookies]) {
    const [pair = ""] = line.split(";");
    const index = pair.indexOf("=");
    const value = decodeURIComponent(pair.slice(index + 1));
    if (value) cookies[pair.slice(0, index)] = value;
    else delete cookies[pair.slice(0, index)];
  }
  return result;
}

/** Signs in through next-auth's csrf and credentials callback endpoints; answers the session cookie. */
async function signIn(email: string, password: string): Promise<string> {
  const cookies: Cookies = {};
  const csrf = await nextAuth("csrf", cookies);
  const csrfToken = (csrf.body as { csrfToken: string }).csrfToken;
  const callback = await nextAuth("callback", cookies, {
    providerId: "credentials",
    method: "POST",
    body: { csrfToken, email, password, json: "true" },
  });
  expect(callback.redirect ?? "").not.toContain("error");
  const session = cookies[SESSION_COOKIE];
  expect(session, "next-auth set a session cookie").toBeTruthy();
  return `${SESSION_COOKIE}=${session}`;
}

const asSession = (cookie: string) => ({ headers: { cookie, ...ORIGIN } });

describe("personal access tokens", () => {
  it("issues a named token from a session with a 90-day default expiry, a visible prefix, and lists it without the secret", async () => {
    const account = await createTestAccount("pat");
    const cookie = await signIn(account.email, PASSWORD);
    const before = Date.now();
    const created = await callRoute(createToken, { ...asSession(cookie), body: { name: "deploy script" } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), token: expect.stringMatching(/^gh_pat_/), expiresAt: expect.any(String) });
    const days = (Date.parse(created.body.expiresAt) - before) / 86_400_000;
    expect(days).toBeGreaterThan(89.99);
    expect(days).toBeLessThan(90.01);
    expect((await callRoute(me, { token: created.body.token })).body.id).toBe(account.userId);

    const listed = await callRoute(listTokens, { token: created.body.token });
    expect(listed.status).toBe(200);
    const entry = listed.body.find((token: { id: string }) => token.id === created.body.id);
    expect(entry).toEqual({
      id: created.body.id,
      name: "deploy script",
      prefix: created.body.token.slice(0, entry.prefix.length),
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
      expiresAt: created.body.expiresAt,
    });
    expect(entry.prefix.length).toBeGreaterThan("gh_pat_".length);
    expect(entry.prefix.length).toBeLessThan(16);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
  });

  it("issues a token that never expires for expiresInDays null, and refuses bad expiries with 422", async () => {
    const account = await createTestAccount("pat-never");
    const cookie = await signIn(account.email, PASSWORD);
    const never = await callRoute(createToken, { ...asSession(cookie), body: { name: "forever", expiresInDays: null } });
    expect(never.status).toBe(201);
    expect(never.body.expiresAt).toBeNull();
    for (const expiresInDays of [0, 1.5, "7", 100_000]) {
      const bad = await callRoute(createToken, { ...asSession(cookie), body: { name: "bad", expiresInDays } });
      expect(bad.status).toBe(422);
      expect(bad.body.error.details.issues[0].path).toBe("expiresInDays");
    }
  });

  it("refuses token creation to a personal access token with 403, and to nobody with 401", async () => {
    const account = await createTestAccount("pat-mint");
    const minted = await callRoute(createToken, { token: account.token, body: { name: "child" } });
    expect(minted.status).toBe(403);
    expect(minted.body.error.code).toBe("forbidden");
    expect(await db.get().prisma.personalAccessToken.count({ where: { userId: account.userId } })).toBe(1);
    expect((await callRoute(createToken, { body: { name: "anon" } })).status).toBe(401);
    expect((await callRoute(listTokens)).status).toBe(401);
  });

  it("revokes the owner's token with 204; another user's token and an unknown id answer 404", async () => {
    const owner = await createTestAccount("pat-owner");
    const stranger = await createTestAccount("pat-stranger");
    const ownerTokenId = (await db.get().prisma.personalAccessToken.findFirstOrThrow({ where: { userId: owner.userId } })).id;

    expect((await callRoute(deleteToken, { method: "DELETE", params: { id: ownerTokenId } })).status).toBe(401);
    const byStranger = await callRoute(deleteToken, { method: "DELETE", token: stranger.token, params: { id: ownerTokenId } });
    expect(byStranger.status).toBe(404);
    expect((await callRoute(me, { token: owner.token })).status).toBe(200);
    const unknown = await callRoute(deleteToken, { method: "DELETE", token: owner.token, params: { id: crypto.randomUUID() } });
    expect(unknown.status).toBe(404);
    expect((await callRoute(deleteToken, { method: "DELETE", token: owner.token, params: { id: "not-a-uuid" } })).status).toBe(404);

    const revoked = await callRoute(deleteToken, { method: "DELETE", token: owner.token, params: { id: ownerTokenId } });
    expect(revoked.status).toBe(204);
    const after = await callRoute(me, { token: owner.token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("unauthorized");
  });

  it("answers 401 for an expired token", async () => {
    const account = await createTestAccount("pat-expired");
    expect((await callRoute(me, { token: account.token })).status).toBe(200);
    // Just served, so cached: expiry is still checked on every call.
    expect((await daysLater(DEFAULT_TOKEN_EXPIRY_DAYS + 1, () => callRoute(me, { token: account.token }))).status).toBe(401);
  });

  it.skipIf(process.env.TEST_DB_TARGET !== "postgres")(
    "refuses revoked and expired tokens at once on a second instance sharing the database",
    async () => {
      const revokedAccount = await createTestAccount("pat-second-a");
      const expiredAccount = await createTestAccount("pat-second-b");
      const first = db.get();
      const second = await openPostgresDatabase(db.postgresUrl()!);
      try {
        // Both tokens work on the second instance first (and would be in any cache it kept).
        setDatabase(second);
        expect((await callRoute(me, { token: revokedAccount.token })).status).toBe(200);
        expect((await callRoute(me, { token: expiredAccount.token })).status).toBe(200);

        // Revoked through the first instance...
        setDatabase(first);
        const id = (await first.prisma.personalAccessToken.findFirstOrThrow({ where: { userId: revokedAccount.userId } })).id;
        expect((await callRoute(deleteToken, { method: "DELETE", token: revokedAccount.token, params: { id } })).status).toBe(204);

        // ...and refused by the second one straight away, as is the other once its time is up.
        setDatabase(second);
        expect((await callRoute(me, { token: revokedAccount.token })).status).toBe(401);
        expect((await daysLater(DEFAULT_TOKEN_EXPIRY_DAYS + 1, () => callRoute(me, { token: expiredAccount.token }))).status).toBe(401);
      } finally {
        clearDatabase();
        setDatabase(first);
        await second.close();
      }
    },
  );
});

describe("sessions", () => {
  it("ends the old session cookie when the password changes, and signs in with the new password only", async () => {
    const account = await createTestAccount("password");
    const cookie = await signIn(account.email, PASSWORD);
    const otherDevice = await signIn(account.email, PASSWORD);
    expect((await callRoute(me, asSession(cookie))).status).toBe(200);

    const changed = await callRoute(changePassword, {
      ...asSession(cookie),
      body: { currentPassword: PASSWORD, newPassword: "a brand new passphrase" },
    });
    expect(changed.status).toBe(204);

    for (const old of [cookie, otherDevice]) {
      const refused = await callRoute(me, asSession(old));
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe("unauthorized");
    }
    // next-auth's own session endpoint may still decode the cookie, but nothing it names is served.
    const fresh = await signIn(account.email, "a brand new passphrase");
    expect((await callRoute(me, asSession(fresh))).status).toBe(200);
    const cookies: Cookies = {};
    const csrf = await nextAuth("csrf", cookies);
    const oldPassword = await nextAuth("callback", cookies, {
      providerId: "credentials",
      method: "POST",
      body: { csrfToken: (csrf.body as { csrfToken: string }).csrfToken, email: account.email, password: PASSWORD, json: "true" },
    });
    expect(cookies[SESSION_COOKIE]).toBeUndefined();
    expect(oldPassword.redirect).toContain("error");
    // Personal access tokens are not sessions: they keep working until revoked.
    expect((await callRoute(me, { token: account.token })).status).toBe(200);
  });

  it("refuses a wrong current password with 422 and keeps the session", async () => {
    const account = await createTestAccount("password-wrong");
    const cookie = await signIn(account.email, PASSWORD);
    const wrong = await callRoute(changePassword, {
      ...asSession(cookie),
      body: { currentPassword: "not my password", newPassword: "a brand new passphrase" },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details.issues[0].path).toBe("currentPassword");
    const short = await callRoute(changePassword, { ...asSession(cookie), body: { currentPassword: PASSWORD, newPassword: "short" } });
    expect(short.status).toBe(422);
    expect(short.body.error.details.issues[0].path).toBe("newPassword");
    expect((await callRoute(me, asSession(cookie))).status).toBe(200);
  });

  it("lets only a session change the password: a token gets 403, nobody 401", async () => {
    const account = await createTestAccount("password-token");
    const body = { currentPassword: PASSWORD, newPassword: "a brand new passphrase" };
    expect((await callRoute(changePassword, { token: account.token, body })).status).toBe(403);
    expect((await callRoute(changePassword, { body })).status).toBe(401);
    expect((await signIn(account.email, PASSWORD)).length).toBeGreaterThan(0);
  });

  it("signs out everywhere: every session of the user ends, other users' sessions do not", async () => {
    const account = await createTestAccount("everywhere");
    const bystander = await createTestAccount("bystander");
    const laptop = await signIn(account.email, PASSWORD);
    const phone = await signIn(account.email, PASSWORD);
    const other = await signIn(bystander.email, PASSWORD);
    expect((await callRoute(signOutEverywhere, { method: "DELETE" })).status).toBe(401);

    const ended = await callRoute(signOutEverywhere, { method: "DELETE", ...asSession(laptop) });
    expect(ended.status).toBe(204);
    expect((await callRoute(me, asSession(laptop))).status).toBe(401);
    expect((await callRoute(me, asSession(phone))).status).toBe(401);
    expect((await callRoute(me, asSession(other))).status).toBe(200);
    const again = await signIn(account.email, PASSWORD);
    expect((await callRoute(me, asSession(again))).status).toBe(200);
  });
});

afterAll(() => {
  delete process.env.NEXTAUTH_URL;
});
