/**
 * One server of the benchmark, run as its own process so that every path measured has the same share of
 * the machine: `upstream` (the API being called), `proxy` (the minimal Node.js proxy baseline) and
 * `gatehouse` (the invoke endpoint as `npm start` serves a script's call, on the embedded database or on
 * PostgreSQL). Each prints one JSON line when it is ready, then answers commands on stdin, one per line,
 * with one JSON line each. `seed` prepares a data folder or database for a real `npm start` (the bench
 * app, whose provider's endpoints are under the third argument) and exits.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import readline from "node:readline";
import { setProcessEnv } from "@/lib/env";
import { REPLY_PREFIX } from "./bench-report";

setProcessEnv("OUTBOUND_ALLOW_PRIVATE_NETWORKS", "true");
// Rate limiting stays on, as in production: the invoke limit is only raised far above what the load
// reaches, so its counting (batched per instance, see lib/services/rate-limit.ts) is part of what is measured.
setProcessEnv("RATE_LIMIT_INVOKE_PER_MINUTE", String(1_000_000_000));
setProcessEnv("ENCRYPTION_KEY", process.env.ENCRYPTION_KEY ?? Buffer.alloc(32, 9).toString("base64"));

const [role, first = "", second = "", third = ""] = process.argv.slice(2);

function listen(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function reply(value: unknown) {
  process.stdout.write(`${REPLY_PREFIX}${JSON.stringify(value)}\n`);
}

function onCommands(handlers: Record<string, () => Promise<unknown>>) {
  readline.createInterface({ input: process.stdin }).on("line", (line) => {
    const handler = handlers[line.trim()];
    if (!handler) return reply({ error: `unknown command ${line}` });
    handler().then(reply, (error: unknown) => reply({ error: String(error) }));
  });
  process.stdin.on("end", () => process.exit(0));
}

const UPSTREAM_BODY = JSON.stringify({ contacts: [{ id: 1, name: "Ada Lovelace" }, { id: 2, name: "Grace Hopper" }] });

async function upstream() {
  // Checks the bearer token (or the baselines' marker) and answers a small JSON document in one write.
  const url = await listen((req, res) => {
    const isAuthorized = req.headers.authorization === "Bearer bench-access-token" || req.headers["x-bench"] === "direct";
    res.writeHead(isAuthorized ? 200 : 401, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(UPSTREAM_BODY) });
    res.end(UPSTREAM_BODY);
  });
  reply({ url });
  onCommands({});
}

async function proxy(upstreamUrl: string) {
  // Forwards to the upstream, adding one fixed header, and answers in one write (a header write then a
  // body write would meet Nagle's algorithm and make the baseline look slow).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  const url = await listen((req, res) => {
    const { host: _host, ...headers } = req.headers;
    const forwarded = http.request(`${upstreamUrl}${req.url}`, { method: req.method, headers: { ...headers, "x-bench": "direct" }, agent }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on("data", (chunk: Buffer) => chunks.push(chunk));
      answer.on("end", () => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(Buffer.concat(chunks));
      });
    });
    forwarded.on("error", () => res.writeHead(502).end());
    req.pipe(forwarded);
  });
  reply({ url });
  onCommands({});
}

/** The provider for the consent timings: its token endpoint answers at once, so only Gatehouse is timed. */
async function provider() {
  let issued = 0;
  const url = await listen((req, res) => {
    req.resume();
    issued += 1;
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ access_token: "bench-access-token", refresh_token: `r-${issued}`, expires_in: 3600 }));
  });
  reply({ url });
  onCommands({});
}

/** The benchmark's app: one API behind one OAuth config whose token endpoint is `tokenUrl`. */
function benchDefinition(upstreamUrl: string, tokenUrl: string) {
  return {
    schemaVersion: 1,
    name: "Bench",
    settings: [
      { key: "client_id", label: "Client ID", level: "organization" },
      { key: "access_token", label: "Access token", level: "user", secret: true },
      { key: "refresh_token", label: "Refresh token", level: "user", secret: true },
    ],
    oauthConfigs: [
      {
        name: "bench",
        linkUrl: `${tokenUrl}/authorize?client_id={{client_id}}&state={{state}}`,
        authCodePath: "$.code",
        accessTokenPath: "$.access_token",
        refreshTokenPath: "$.refresh_token",
        expiresInPath: "$.expires_in",
        accessTokenVariable: "access_token",
        refreshTokenVariable: "refresh_token",
        tokenUrl: `${tokenUrl}/token`,
        requestBody: '{"grant_type": "authorization_code", "code": "{{auth_code}}", "client_id": {{client_id}}}',
        refreshTokenBody: '{"grant_type": "refresh_token", "refresh_token": {{refresh_token}}, "client_id": {{client_id}}}',
      },
    ],
    apis: [{ name: "contacts", method: "GET", url: `${upstreamUrl}/contacts`, headers: { Authorization: "Bearer {{access_token}}" }, oauthConfig: "bench" }],
  };
}

async function openTarget(target: string) {
  const { openEmbeddedDatabase, openPostgresDatabase, setDatabase } = await import("@/lib/db/client");
  const db = target === "embedded" ? await openEmbeddedDatabase() : target.startsWith("dir:") ? await openEmbeddedDatabase(target.slice(4)) : await openPostgresDatabase(target);
  setDatabase(db);
  return db;
}

/** Installs the bench app for a fresh user and stores a token that stays valid for an hour. */
async function installBenchApp(upstreamUrl: string, tokenUrl: string) {
  const { saveConnectionTokens } = await import("@/lib/db/connections");
  const { installAppForTest } = await import("@/lib/testing/installed-app");
  const installed = await installAppForTest(benchDefinition(upstreamUrl, tokenUrl), { client_id: "bench" });
  const storeTokens = (expiresAt: Date) =>
    saveConnectionTokens({
      installationId: installed.installationId,
      configName: "bench",
      userId: installed.userId,
      variables: { accessTokenVariable: "access_token", refreshTokenVariable: "refresh_token" },
      tokens: { accessToken: "bench-access-token", refreshToken: "r-0", expiresAt },
      kind: "connect",
      now: new Date(),
    });
  await storeTokens(new Date(Date.now() + 3_600_000));
  return { installed, storeTokens, invokePath: `/api/v1/installations/${installed.installationId}/apis/contacts/invoke` };
}

/**
 * 100,000 connections across 1,000 installations (100 users connected to each), written directly with
 * SQL: the scale check compares invoke's latency on this database with the same call on a nearly empty one.
 */
async function seedScale(appId: string) {
  const { getDatabase } = await import("@/lib/db/client");
  const { sql } = await getDatabase();
  await sql.exec(`
    INSERT INTO "Organization" ("id", "name") SELECT 'bench-org-' || g, 'Bench ' || g FROM generate_series(1, 1000) g;
    INSERT INTO "User" ("id", "email", "passwordHash", "updatedAt") SELECT 'bench-user-' || g, 'bench-' || g || '@example.test', 'x', now() FROM generate_series(1, 100) g;
    INSERT INTO "Installation" ("id", "appId", "organizationId", "version")
      SELECT 'bench-inst-' || g, '${appId}', 'bench-org-' || g, (SELECT max("version") FROM "AppVersion" WHERE "appId" = '${appId}')
      FROM generate_series(1, 1000) g;
    INSERT INTO "Connection" ("id", "installationId", "configName", "userId", "status", "expiresAt", "connectedAt")
      SELECT 'bench-conn-' || i || '-' || u, 'bench-inst-' || i, 'bench', 'bench-user-' || u, 'connected', now() + interval '1 hour', now()
      FROM generate_series(1, 1000) i CROSS JOIN generate_series(1, 100) u;
    INSERT INTO "SettingValue" ("id", "installationId", "userId", "key", "value", "updatedAt")
      SELECT 'bench-sv-' || i || '-' || u, 'bench-inst-' || i, 'bench-user-' || u, 'access_token', 'x', now()
      FROM generate_series(1, 1000) i CROSS JOIN generate_series(1, 100) u;
  `);
  // Vacuumed as well as analysed: 100,000 fresh inserts would otherwise start an autovacuum during the
  // measurement (VACUUM cannot share the statement above's implicit transaction).
  await sql.exec("VACUUM ANALYZE");
  const rows = await sql.query<{ count: string }>(`SELECT count(*)::text AS count FROM "Connection"`);
  return { connections: Number(rows[0]?.count) };
}

async function gatehouse(upstreamUrl: string, target: string) {
  const db = await openTarget(target);
  let refreshRequests = 0;
  // A provider that takes a moment, as real ones do, so a refresh storm really overlaps one refresh.
  const tokenUrl = await listen((req, res) => {
    refreshRequests += 1;
    setTimeout(() => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ access_token: "bench-access-token", refresh_token: `r-${refreshRequests}`, expires_in: 3600 }));
    }, 50);
    req.resume();
  });
  const { installed, storeTokens, invokePath } = await installBenchApp(upstreamUrl, tokenUrl);
  const { matchInvokeFastPath, serveInvoke } = await import("@/lib/api/invoke-fast-path");
  const { applyInvalidation } = await import("@/lib/db/hot-cache");
  const { userStateId } = await import("@/lib/db/invalidation");
  const url = await listen((req, res) => {
    const match = matchInvokeFastPath(req);
    if (match) void serveInvoke(req, res, match);
    else res.writeHead(404).end();
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  const invokeOnce = () =>
    new Promise<number>((resolve) => {
      const request = http.request(`${url}${invokePath}`, { method: "POST", agent, headers: { Authorization: `Bearer ${installed.token}`, "Content-Type": "application/json" } }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      });
      request.on("error", () => resolve(0));
      request.end("{}");
    });
  const storm = async () => {
    const started = performance.now();
    const statuses = await Promise.all(Array.from({ length: 100 }, invokeOnce));
    return { ms: performance.now() - started, ok: statuses.filter((status) => status === 200).length };
  };
  reply({ url, invokePath, token: installed.token, kind: db.kind });
  onCommands({
    rss: async () => ({ rss: process.memoryUsage().rss }),
    "seed-scale": () => seedScale(installed.appId),
    storm: async () => {
      const fresh = await storm();
      await storeTokens(new Date(Date.now() - 1000));
      // Written behind the services' back, as another instance would: drop this instance's hot cache.
      applyInvalidation("user-state", userStateId(installed.installationId, installed.userId));
      refreshRequests = 0;
      const expired = await storm();
      return { fresh, expired, refreshes: refreshRequests };
    },
  });
}

/** Prepares a data folder (`dir:path`) or a PostgreSQL database for a real `npm start`, then exits. */
async function seed(upstreamUrl: string, target: string, tokenUrl: string) {
  const db = await openTarget(target);
  const { installed, invokePath } = await installBenchApp(upstreamUrl, tokenUrl);
  reply({ invokePath, token: installed.token, email: installed.email, installationId: installed.installationId });
  await db.close();
  process.exit(0);
}

const roles: Record<string, () => Promise<void>> = {
  upstream: () => upstream(),
  proxy: () => proxy(first),
  provider: () => provider(),
  gatehouse: () => gatehouse(first, second),
  seed: () => seed(first, second, third),
};
const run = roles[role ?? ""];
if (!run) {
  console.error(`unknown role ${role}`);
  process.exit(2);
}
run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
