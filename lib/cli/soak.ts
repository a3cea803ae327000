/**
 * `npm run soak -- --minutes=N`: two Gatehouse instances (separate processes, each with its own pool and
 * caches) on one fresh PostgreSQL database, 200 connections whose access tokens live 10 seconds, and a
 * steady stream of invokes spread over both instances. It reports requests, errors by kind, refreshes per
 * token expiry (at most 1: never two refreshes of one token), p50 and p99 over time, and each instance's
 * RSS at the start, after warm-up and at the end. Needs PostgreSQL: TEST_DATABASE_URL (or DATABASE_URL)
 * names the server; the database it creates is dropped afterwards.
 *
 * Options: --minutes=10 --connections=200 --rate=40 (invokes per second, both instances together).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { startQuirksProvider } from "@/e2e/providers/quirks";
import { openPostgresDatabase, setDatabase } from "@/lib/db/client";
import { setProcessEnv } from "@/lib/env";
import { createPostgresDatabase } from "@/lib/testing/postgres-database";
import { connectSeed, installSeedApp, SEED_CLIENT } from "@/lib/testing/seed-flow";

const option = (name: string, fallback: number) => Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const MINUTES = option("minutes", 10);
const CONNECTIONS = option("connections", 200);
const RATE = option("rate", 40);
const TOKEN_SECONDS = 10;
const BUCKET_MS = MINUTES >= 5 ? 60_000 : 15_000;
const WARM_UP_MS = Math.min(60_000, (MINUTES * 60_000) / 5);

const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!serverUrl) {
  console.error("The soak needs PostgreSQL: set TEST_DATABASE_URL, e.g. postgresql://postgres@127.0.0.1:5432/postgres");
  process.exit(2);
}
setProcessEnv("OUTBOUND_ALLOW_PRIVATE_NETWORKS", "true");
setProcessEnv("RATE_LIMIT_DISABLED", "true");
setProcessEnv("ENCRYPTION_KEY", process.env.ENCRYPTION_KEY ?? randomBytes(32).toString("base64"));
setProcessEnv("APP_URL", process.env.APP_URL ?? "http://localhost:3000");

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

interface Instance {
  child: ChildProcess;
  port: number;
}

function startInstance(databaseUrl: string): Promise<Instance> {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/testing/soak-instance.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "error" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const port = /port (\d+)/.exec(text)?.[1];
      if (port) resolve({ child, port: Number(port) });
    });
    child.on("exit", (code) => reject(new Error(`an instance exited (${code})`)));
  });
}

function request(port: number, path: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method, headers, agent, timeout: 30_000 }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body);
  });
}

async function rss(instance: Instance): Promise<number> {
  return (JSON.parse((await request(instance.port, "/rss", "GET", {})).text) as { rss: number }).rss;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function inBatches<T>(count: number, size: number, make: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += size) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, i) => make(start + i)))));
  }
  return results;
}

async function main() {
  const database = await createPostgresDatabase(serverUrl!);
  const quirks = await startQuirksProvider({ clientId: SEED_CLIENT.client_id, clientSecret: SEED_CLIENT.client_secret, accessTokenTtlSeconds: TOKEN_SECONDS });
  const db = await openPostgresDatabase(database.url);
  setDatabase(db);
  const instances: Instance[] = [];
  try {
    console.log(`Soak: ${MINUTES} min, ${CONNECTIONS} connections with ${TOKEN_SECONDS}-second tokens, ${RATE} invokes/s over two instances`);
    const setupStarted = Date.now();
    // Two at a time: the set-up is not what is measured, and a busy server refuses bursts of transactions.
    const connections = await inBatches(CONNECTIONS, 2, async () => {
      const installed = await installSeedApp(quirks).catch(() => installSeedApp(quirks));
      // A busy machine can make a code exchange time out; the set-up simply tries again.
      let outcome = "";
      for (let attempt = 0; attempt < 3 && outcome !== "connected"; attempt += 1) {
        outcome = (await connectSeed(quirks, installed.userId, installed.installationId)).outcome;
      }
      if (outcome !== "connected") throw new Error(`could not connect: ${outcome}`);
      return installed;
    });
    console.log(`Set up in ${((Date.now() - setupStarted) / 1000).toFixed(0)} s`);
    instances.push(...(await Promise.all([startInstance(database.url), startInstance(database.url)])));
    // One call through each instance first, so loading the query engine is not counted as latency.
    await Promise.all(
      instances.map((instance, i) =>
        request(instance.port, `/api/v1/installations/${connections[i]!.installationId}/apis/list-contacts/invoke`, "POST", {
          Authorization: `Bearer ${connections[i]!.token}`,
          "Content-Type": "application/json",
        }, JSON.stringify({ params: { limit: 1 } })),
      ),
    );
    const rssAtStart = await Promise.all(instances.map(rss));
    console.log(`Connected ${connections.length}; instances on ports ${instances.map((instance) => instance.port).join(" and ")}`);

    const started = Date.now();
    const durationMs = MINUTES * 60_000;
    const latencies = new Map<number, number[]>();
    const errors = new Map<string, number>();
    const bucketErrors = new Map<number, number>();
    let requests = 0;
    let inFlight = 0;
    let rssAfterWarmUp: number[] | null = null;
    const refreshesBefore = quirks.requests.filter((record) => record.grantType === "refresh_token").length;

    const invokeOnce = async (index: number) => {
      const connection = connections[index % connections.length]!;
      const instance = instances[index % instances.length]!;
      const sent = Date.now();
      const bucket = Math.floor((sent - started) / BUCKET_MS);
      let kind: string | null = null;
      try {
        const response = await request(
          instance.port,
          `/api/v1/installations/${connection.installationId}/apis/list-contacts/invoke`,
          "POST",
          { Authorization: `Bearer ${connection.token}`, "Content-Type": "application/json" },
          JSON.stringify({ params: { limit: 1 } }),
        );
        if (response.status !== 200) kind = `HTTP ${response.status} ${(JSON.parse(response.text) as { error?: { code?: string } }).error?.code ?? ""}`.trim();
        else {
          const upstream = (JSON.parse(response.text) as { status: number }).status;
          if (upstream !== 200) kind = `upstream ${upstream}`;
        }
      } catch (error) {
        kind = `network ${(error as Error).message}`;
      }
      const list = latencies.get(bucket) ?? [];
      list.push(Date.now() - sent);
      latencies.set(bucket, list);
      if (kind) {
        errors.set(kind, (errors.get(kind) ?? 0) + 1);
        bucketErrors.set(bucket, (bucketErrors.get(bucket) ?? 0) + 1);
      }
    };

    // An open loop: requests start on schedule whatever the latency, as real traffic does.
    await new Promise<void>((resolve) => {
      let index = 0;
      const tick = setInterval(() => {
        const elapsed = Date.now() - started;
        if (elapsed >= durationMs) {
          clearInterval(tick);
          const wait = setInterval(() => {
            if (inFlight === 0) {
              clearInterval(wait);
              resolve();
            }
          }, 50);
          return;
        }
        if (!rssAfterWarmUp && elapsed >= WARM_UP_MS) {
          rssAfterWarmUp = [];
          void Promise.all(instances.map(rss)).then((values) => (rssAfterWarmUp = values));
        }
        const due = Math.floor((elapsed / 1000) * RATE) - requests;
        for (let i = 0; i < due; i += 1) {
          requests += 1;
          inFlight += 1;
          void invokeOnce(index++).finally(() => (inFlight -= 1));
        }
      }, 20);
    });
    const rssAtEnd = await Promise.all(instances.map(rss));

    const refreshes = quirks.requests.filter((record) => record.grantType === "refresh_token").slice(refreshesBefore);
    const refused = refreshes.filter((record) => record.status !== 200).length;
    const expiriesRefreshed = refreshes.length - refused;
    const errorCount = [...errors.values()].reduce((sum, count) => sum + count, 0);

    console.log("\nOver time:");
    console.log("  from      requests   p50 ms   p99 ms   errors");
    for (const [bucket, list] of [...latencies.entries()].sort(([a], [b]) => a - b)) {
      const sorted = [...list].sort((a, b) => a - b);
      const from = `${((bucket * BUCKET_MS) / 60_000).toFixed(2)} min`;
      console.log(`  ${from.padEnd(9)} ${String(list.length).padStart(8)} ${String(percentile(sorted, 50)).padStart(8)} ${String(percentile(sorted, 99)).padStart(8)} ${String(bucketErrors.get(bucket) ?? 0).padStart(8)}`);
    }
    const all = [...latencies.values()].flat().sort((a, b) => a - b);
    console.log(`\nRequests: ${requests} (${(requests / (durationMs / 1000)).toFixed(1)}/s), p50 ${percentile(all, 50)} ms, p99 ${percentile(all, 99)} ms`);
    console.log(`Errors: ${errorCount}${errorCount ? ` (${[...errors.entries()].map(([kind, count]) => `${kind}: ${count}`).join(", ")})` : ""}`);
    console.log(
      `Refreshes: ${refreshes.length} requests for ${expiriesRefreshed} token expiries, ${(refreshes.length / Math.max(1, expiriesRefreshed)).toFixed(3)} per expiry; ${refused} refused`,
    );
    instances.forEach((_, i) => {
      const warm = rssAfterWarmUp?.[i];
      const ratio = warm ? ` (end/after warm-up ${(rssAtEnd[i]! / warm).toFixed(2)})` : "";
      console.log(`Instance ${i + 1} RSS: start ${mib(rssAtStart[i]!)}, after warm-up ${warm ? mib(warm) : "n/a"}, end ${mib(rssAtEnd[i]!)}${ratio}`);
    });
    process.exitCode = errorCount === 0 && refused === 0 ? 0 : 1;
  } finally {
    for (const instance of instances) instance.child.kill("SIGTERM");
    agent.destroy();
    await quirks.close();
    await db.close();
    await database.drop();
  }
  process.exit();
}

void main();
