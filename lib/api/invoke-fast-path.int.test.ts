import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as invokeRoute } from "@/app/api/v1/installations/[id]/apis/[apiName]/invoke/route";
import { saveConnectionTokens } from "@/lib/db/connections";
import { resetEnvForTesting } from "@/lib/env";
import { callRoute, createTestAccount } from "@/lib/testing/api";
import { installAppForTest } from "@/lib/testing/installed-app";
import { useTestDatabase } from "@/lib/testing/test-database";
import { matchInvokeFastPath, serveInvoke } from "./invoke-fast-path";

/** The launcher's fast path for invoke answers exactly as the route handler does. */

process.env.OUTBOUND_ALLOW_PRIVATE_NETWORKS = "true";
resetEnvForTesting();
useTestDatabase();

let upstream: http.Server;
let gatehouse: http.Server;
let upstreamUrl = "";
let gatehouseUrl = "";
let everyInvoke: http.Server;
let everyInvokeUrl = "";
let installed: Awaited<ReturnType<typeof installAppForTest>>;

const listen = (server: http.Server) =>
  new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    const isAuthorized = req.headers.authorization === "Bearer stored-access-token";
    res.writeHead(isAuthorized ? 200 : 401, { "Content-Type": "application/json", "Set-Cookie": "upstream=1" });
    res.end(JSON.stringify(isAuthorized ? { items: [1, 2], path: req.url } : { error: "invalid_token" }));
  });
  upstreamUrl = await listen(upstream);
  gatehouse = http.createServer((req, res) => {
    const target = matchInvokeFastPath(req);
    if (target) void serveInvoke(req, res, target);
    else res.writeHead(418).end();
  });
  // Serves every invoke through the fast path's code, with or without a token, for the parity test.
  everyInvoke = http.createServer((req, res) => {
    const match = /^\/api\/v1\/installations\/([^/]+)\/apis\/([^/]+)\/invoke$/.exec(req.url ?? "")!;
    void serveInvoke(req, res, { id: decodeURIComponent(match[1]!), apiName: decodeURIComponent(match[2]!), search: "" });
  });
  everyInvokeUrl = await listen(everyInvoke);
  gatehouseUrl = await listen(gatehouse);
  installed = await installAppForTest(
    {
      schemaVersion: 1,
      name: "Fast",
      settings: [
        { key: "access_token", label: "Access token", level: "user", secret: true },
        { key: "refresh_token", label: "Refresh token", level: "user", secret: true },
      ],
      oauthConfigs: [
        {
          name: "main",
          linkUrl: `${upstreamUrl}/authorize?state={{state}}`,
          authCodePath: "$.code",
          accessTokenPath: "$.access_token",
          refreshTokenPath: "$.refresh_token",
          accessTokenVariable: "access_token",
          refreshTokenVariable: "refresh_token",
          tokenUrl: `${upstreamUrl}/token`,
          requestBody: '{"code": "{{auth_code}}"}',
        },
      ],
      apis: [{ name: "items", method: "GET", url: `${upstreamUrl}/items?limit={{limit}}`, headers: { Authorization: "Bearer {{access_token}}" }, oauthConfig: "main" }],
    },
    {},
  );
  await saveConnectionTokens({
    installationId: installed.installationId,
    configName: "main",
    userId: installed.userId,
    variables: { accessTokenVariable: "access_token", refreshTokenVariable: "refresh_token" },
    tokens: { accessToken: "stored-access-token", refreshToken: "stored-refresh-token", expiresAt: new Date(Date.now() + 3_600_000) },
    kind: "connect",
    now: new Date(),
  });
});

afterAll(() => {
  upstream?.close();
  gatehouse?.close();
  everyInvoke?.close();
});

async function fastInvoke(token: string, body: string, installationId = installed.installationId) {
  const response = await fetch(`${gatehouseUrl}/api/v1/installations/${installationId}/apis/items/invoke`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body,
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

describe("the invoke fast path", () => {
  it("answers a call exactly as the route handler does", async () => {
    const fast = await fastInvoke(installed.token, JSON.stringify({ params: { limit: 2 } }));
    const routed = await callRoute(invokeRoute, {
      token: installed.token,
      params: { id: installed.installationId, apiName: "items" },
      body: { params: { limit: 2 } },
    });
    expect(fast.status).toBe(200);
    expect(fast.headers.get("cache-control")).toBe("no-store");
    expect(fast.body).toMatchObject({ status: 200, body: { items: [1, 2], path: "/items?limit=2" } });
    expect(fast.body.headers["set-cookie"]).toBeUndefined();
    const withoutDate = (value: { headers: Record<string, string> }) => ({ ...value, headers: { ...value.headers, date: "" } });
    expect(withoutDate(fast.body)).toEqual(withoutDate(routed.body));
  });

  it("gives the contract's errors: 400, 422, 401, 404 and 409", async () => {
    expect((await fastInvoke(installed.token, "{oops")).status).toBe(400);
    const unknownField = await fastInvoke(installed.token, JSON.stringify({ params: {}, extra: 1 }));
    expect(unknownField.status).toBe(422);
    expect(unknownField.body.error.details.issues[0].path).toBe("extra");
    const missingParam = await fastInvoke(installed.token, "{}");
    expect(missingParam.body.error).toMatchObject({ code: "validation_failed", details: { issues: [{ path: "params.limit" }] } });
    expect((await fastInvoke("gh_pat_unknown", "{}")).status).toBe(401);
    const stranger = await createTestAccount("stranger");
    expect((await fastInvoke(stranger.token, "{}")).status).toBe(404);

    const teammate = await createTestAccount("teammate");
    const { getPrisma } = await import("@/lib/db/client");
    await (await getPrisma()).membership.create({ data: { userId: teammate.userId, organizationId: installed.organizationId, role: "member" } });
    const notConnected = await fastInvoke(teammate.token, JSON.stringify({ params: { limit: 1 } }));
    expect(notConnected.status).toBe(409);
    expect(notConnected.body.error.details.connectUrl).toBe(`/connect/${installed.installationId}/main`);
  });

  it("leaves calls without a bearer token, and other routes, to Next.js", () => {
    const request = (method: string, url: string, authorization?: string) =>
      ({ method, url, headers: authorization ? { authorization } : {} }) as http.IncomingMessage;
    expect(matchInvokeFastPath(request("POST", "/api/v1/installations/a/apis/b/invoke"))).toBeNull();
    expect(matchInvokeFastPath(request("GET", "/api/v1/installations/a/apis/b/invoke", "Bearer t"))).toBeNull();
    expect(matchInvokeFastPath(request("POST", "/api/v1/installations/a/apis/b/other", "Bearer t"))).toBeNull();
    expect(matchInvokeFastPath(request("POST", "/api/v1/installations/a%20b/apis/c/invoke?x=1", "Bearer t"))).toEqual({
      id: "a b",
      apiName: "c",
      search: "x=1",
    });
  });
});

describe("parity between the fast path and the route handler", () => {
  async function both(options: { token?: string; id?: string; apiName?: string; body: string }) {
    const id = options.id ?? installed.installationId;
    const apiName = options.apiName ?? "items";
    const response = await fetch(`${everyInvokeUrl}/api/v1/installations/${encodeURIComponent(id)}/apis/${encodeURIComponent(apiName)}/invoke`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}) },
      body: options.body,
    });
    const fast = { status: response.status, body: await response.json(), retryAfter: response.headers.get("retry-after") };
    const routedResponse = await callRoute(invokeRoute, { token: options.token, params: { id, apiName }, rawBody: options.body });
    const routed = { status: routedResponse.status, body: routedResponse.body, retryAfter: routedResponse.headers.get("retry-after") };
    return { fast, routed };
  }

  it.each([
    ["no token", async () => ({ body: "{}" }), 401],
    ["a token of another organization", async () => ({ token: (await createTestAccount("outsider")).token, body: "{}" }), 404],
    ["an unknown API", async () => ({ token: installed.token, apiName: "nope", body: "{}" }), 404],
    ["malformed JSON", async () => ({ token: installed.token, body: "{oops" }), 400],
    ["a body over 1 MiB", async () => ({ token: installed.token, body: JSON.stringify({ params: { limit: "x".repeat(1024 * 1024) } }) }), 413],
    ["a NUL in a param", async () => ({ token: installed.token, body: JSON.stringify({ params: { limit: "a\u0000b" } }) }), 422],
    ["a lone surrogate in a param name", async () => ({ token: installed.token, body: '{"params": {"\\udfff": 1}}' }), 422],
    ["too many params", async () => ({ token: installed.token, body: JSON.stringify({ params: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`p${i}`, i])) }) }), 422],
  ] as const)("answers %s the same way", async (_label, make, status) => {
    const { fast, routed } = await both(await make());
    expect(fast.status).toBe(status);
    expect(routed.status).toBe(status);
    expect(fast.body).toEqual(routed.body);
    expect(fast.body.error.code).toEqual(expect.any(String));
  });

  it("answers a rate-limited caller the same way, with Retry-After", async () => {
    const caller = await createTestAccount("busy");
    const { getPrisma } = await import("@/lib/db/client");
    await (await getPrisma()).rateLimitBucket.create({
      data: { key: `invoke:user:${caller.userId}`, windowStart: new Date(), count: 10_000, expiresAt: new Date(Date.now() + 60_000) },
    });
    const { fast, routed } = await both({ token: caller.token, body: "{}" });
    expect(fast.status).toBe(429);
    expect(routed.status).toBe(429);
    expect(fast.body.error.code).toBe("rate_limited");
    expect({ ...fast.body.error, details: undefined }).toEqual({ ...routed.body.error, details: undefined });
    expect(Number(fast.retryAfter)).toBeGreaterThan(0);
    expect(Math.abs(Number(fast.retryAfter) - Number(routed.retryAfter))).toBeLessThanOrEqual(1);
  });
});
