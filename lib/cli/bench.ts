/**
 * `npm run bench`: the invoke path's throughput and latency against baselines measured in the same run
 * (a direct call to the same upstream, and a minimal Node.js proxy that adds a fixed header), and the
 * refresh-storm figure. Everything runs on loopback in this process, with an in-memory database; only
 * ratios are meaningful, since absolute numbers depend on the machine.
 */
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setProcessEnv } from "@/lib/env";

setProcessEnv("OUTBOUND_ALLOW_PRIVATE_NETWORKS", "true");
setProcessEnv("RATE_LIMIT_DISABLED", "true");
setProcessEnv("ENCRYPTION_KEY", Buffer.alloc(32, 9).toString("base64"));

const DURATION_MS = Number(process.argv.find((arg) => arg.startsWith("--seconds="))?.slice(10) ?? 5) * 1000;
const CONCURRENCY = 16;
const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });

interface Target {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

interface LoadResult {
  requests: number;
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
}

interface Measurement {
  name: string;
  /** Closed loop with CONCURRENCY callers: how much the path can carry. */
  loaded: LoadResult;
  /** One caller at a time: what the path adds to each request. */
  unloaded: LoadResult;
}

function send(target: Target): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(target.url, { method: target.method, headers: target.headers, agent }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
    request.end(target.body);
  });
}

/** Runs the load generator in its own process against a target. */
function runLoad(target: Target, concurrency: number): Promise<LoadResult> {
  const spec = { ...target, concurrency, durationMs: DURATION_MS, expectStatus: 200 };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "lib/cli/bench-load.ts", JSON.stringify(spec)], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(output) as LoadResult) : reject(new Error(`load generator exited with ${code}`))));
  });
}

async function measure(name: string, target: Target): Promise<Measurement> {
  return { name, loaded: await runLoad(target, CONCURRENCY), unloaded: await runLoad(target, 1) };
}

function listen(handler: http.RequestListener): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}

async function main() {
  const { openEmbeddedDatabase, setDatabase } = await import("@/lib/db/client");
  const { saveConnectionTokens } = await import("@/lib/db/connections");
  const { installAppForTest } = await import("@/lib/testing/installed-app");
  const { matchInvokeFastPath, serveInvoke } = await import("@/lib/api/invoke-fast-path");
  const { getUsableToken } = await import("@/lib/services/token-refresh");
  const { loadInstallationContext, findOAuthConfig } = await import("@/lib/services/installation-context");

  console.log(`Gatehouse benchmarks: ${DURATION_MS / 1000} s per measurement, load from a separate process\n`);
  const db = await openEmbeddedDatabase();
  setDatabase(db);

  // The upstream API: checks the bearer token and answers a small JSON document.
  const upstream = await listen((req, res) => {
    const isAuthorized = req.headers.authorization === "Bearer bench-access-token" || req.headers["x-bench"] === "direct";
    res.writeHead(isAuthorized ? 200 : 401, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ contacts: [{ id: 1, name: "Ada Lovelace" }, { id: 2, name: "Grace Hopper" }] }));
  });
  // The minimal proxy baseline: forwards to the upstream, adding one fixed header. It answers in one write
  // (a header write then a body write would meet Nagle's algorithm and make the baseline look slow).
  const proxyAgent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  const proxy = await listen((req, res) => {
    const { host: _host, ...headers } = req.headers;
    const forwarded = http.request(`${upstream.url}${req.url}`, { method: req.method, headers: { ...headers, "x-bench": "direct" }, agent: proxyAgent }, (answer) => {
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

  // Gatehouse's invoke endpoint over HTTP: the real route handler (authentication, parsing, the invoke
  // service, the outbound client), served by a bare Node server instead of Next.js's router.
  let refreshRequests = 0;
  const tokenEndpoint = await listen((req, res) => {
    refreshRequests += 1;
    // A provider that takes a moment, as real ones do, so a storm really overlaps one refresh.
    setTimeout(() => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ access_token: "bench-access-token", refresh_token: `r-${refreshRequests}`, expires_in: 3600 }));
    }, 50);
    req.resume();
  });
  const installed = await installAppForTest(
    {
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
          linkUrl: `${tokenEndpoint.url}/authorize?client_id={{client_id}}&state={{state}}`,
          authCodePath: "$.code",
          accessTokenPath: "$.access_token",
          refreshTokenPath: "$.refresh_token",
          expiresInPath: "$.expires_in",
          accessTokenVariable: "access_token",
          refreshTokenVariable: "refresh_token",
          tokenUrl: `${tokenEndpoint.url}/token`,
          requestBody: '{"grant_type": "authorization_code", "code": "{{auth_code}}", "client_id": {{client_id}}}',
          refreshTokenBody: '{"grant_type": "refresh_token", "refresh_token": {{refresh_token}}, "client_id": {{client_id}}}',
        },
      ],
      apis: [{ name: "contacts", method: "GET", url: `${upstream.url}/contacts`, headers: { Authorization: "Bearer {{access_token}}" }, oauthConfig: "bench" }],
    },
    { client_id: "bench" },
  );
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

  const invokePath = `/api/v1/installations/${installed.installationId}/apis/contacts/invoke`;

  // Gatehouse's invoke endpoint as `npm start` serves a script's call (a personal access token): the
  // launcher's fast path, with the same authentication, parsing, service and outbound client as the route.
  const gatehouse = await listen((req, res) => {
    const target = matchInvokeFastPath(req);
    if (target) void serveInvoke(req, res, target);
    else res.writeHead(404).end();
  });

  const direct = await measure("direct call to the upstream", { url: `${upstream.url}/contacts`, method: "GET", headers: { "x-bench": "direct" } });
  const proxied = await measure("minimal Node.js proxy", { url: `${proxy.url}/contacts`, method: "GET", headers: {} });
  const invoke = await measure("Gatehouse invoke", {
    url: `${gatehouse.url}${invokePath}`,
    method: "POST",
    headers: { Authorization: `Bearer ${installed.token}`, "Content-Type": "application/json" },
    body: "{}",
  });

  const rows = [direct, proxied, invoke];
  console.log(`| path | req/s (${CONCURRENCY} callers) | p50 ms | p99 ms | p50 ms (1 caller) | p99 ms (1 caller) | errors |`);
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const { name, loaded, unloaded } of rows) {
    const cells = [loaded.throughput.toFixed(0), loaded.p50.toFixed(2), loaded.p99.toFixed(2), unloaded.p50.toFixed(3), unloaded.p99.toFixed(3)];
    console.log(`| ${name} | ${cells.join(" | ")} | ${loaded.errors + unloaded.errors} |`);
  }
  const throughputRatio = invoke.loaded.throughput / proxied.loaded.throughput;
  const addedMedian = invoke.unloaded.p50 - direct.unloaded.p50;
  console.log(`\ninvoke throughput / minimal proxy throughput: ${throughputRatio.toFixed(2)} (target ≥ 0.50) ${throughputRatio >= 0.5 ? "✓" : "✗"}`);
  console.log(`invoke throughput / direct throughput:        ${(invoke.loaded.throughput / direct.loaded.throughput).toFixed(2)}`);
  console.log(`added median latency vs direct (1 caller):    ${addedMedian.toFixed(3)} ms (target < 3 ms) ${addedMedian < 3 ? "✓" : "✗"}`);
  console.log(`added median latency vs proxy (1 caller):     ${(invoke.unloaded.p50 - proxied.unloaded.p50).toFixed(3)} ms`);

  // The refresh storm: 100 concurrent invokes on an expired token, against the same 100 on a fresh one.
  const context = await loadInstallationContext(installed.userId, installed.installationId);
  const config = findOAuthConfig(context, "bench");
  const storm = async () => {
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 100 }, () => send({ url: `${gatehouse.url}${invokePath}`, method: "POST", headers: { Authorization: `Bearer ${installed.token}`, "Content-Type": "application/json" }, body: "{}" })),
    );
    return { ms: performance.now() - started, ok: results.filter((status) => status === 200).length };
  };
  const fresh = await storm();
  await storeTokens(new Date(Date.now() - 1000));
  refreshRequests = 0;
  const expired = await storm();
  const stormRefreshes = refreshRequests;
  await getUsableToken(context, config); // the token is fresh again: no further refresh
  console.log(
    `\nrefresh storm: 100 concurrent invokes on an expired token: ${expired.ok}/100 succeeded, ${stormRefreshes} refresh request(s) reached the provider, ` +
      `${expired.ms.toFixed(0)} ms; the same storm on a fresh token: ${fresh.ms.toFixed(0)} ms (ratio ${(expired.ms / fresh.ms).toFixed(2)}, including the provider's 50 ms)`,
  );

  for (const server of [upstream, proxy, tokenEndpoint, gatehouse]) server.server.close();
  agent.destroy();
  proxyAgent.destroy();
  await db.close();
  process.exit(0);
}

void main();
