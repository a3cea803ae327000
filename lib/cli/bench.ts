/**
 * `npm run bench`: the performance budget, measured in one run.
 *
 * - Throughput and latency of Gatehouse's invoke endpoint against two baselines served the same way (a
 *   direct call to the upstream, and a minimal Node.js proxy that adds one header). Every server runs in
 *   its own process; the load comes from autocannon in yet another process, at 32 connections, over
 *   several rounds; latency at one connection comes from a sequential client that times each request.
 *   On the embedded database, and on PostgreSQL when TEST_DATABASE_URL or DATABASE_URL is set.
 * - Scale: invoke's median latency with 10 connections in the database, then with 100,000 across 1,000
 *   installations.
 * - A real `npm start` of the built checkout: time until /api/health answers, the serving process's memory
 *   idle and after a minute of invoke load.
 * - First-load JavaScript of the App details page, gzip, from the build's manifests, and the JavaScript the
 *   served consent page loads.
 *
 * Only ratios within one run are meaningful: absolute numbers depend on the machine and its other load.
 * Options: --seconds=N per round (5), --rounds=N (3), --soak=N seconds of load for the memory check (60),
 * --only=instances for P4, P5, P6 and memory alone.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { budgetTable, firstLoadFiles, pageScripts, REPLY_PREFIX, summariseRounds, type BudgetRow } from "./bench-report";
import { isBuildStale } from "./build-if-needed";

const root = process.cwd();
const option = (name: string, fallback: number) => Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const SECONDS = option("seconds", 5);
const ROUNDS = Math.max(3, option("rounds", 3));
const SOAK_SECONDS = option("soak", 60);
/**
 * When memory is read once an instance has gone quiet, after it first answers and after the load: past the
 * launcher's idle collection (6 quiet seconds after a burst) and V8's own shrinking of its heap, which
 * follows some seconds of low allocation. Memory 5 s after the start is logged too.
 */
const SETTLE_MS = 20_000;
const EARLY_MS = 5_000;
// --only=instances skips the throughput rounds, the storm and scale, and measures P4, P5, P6 and memory.
const onlyInstances = process.argv.includes("--only=instances");
const CONNECTIONS = 32;
const BENCH_KEY = Buffer.alloc(32, 9).toString("base64");
const postgresUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || "";
const children: ChildProcess[] = [];
/** Process groups of `npm start` instances, ended whole on exit (npm's child would outlive npm). */
const groups: number[] = [];

interface Target {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

interface Server {
  /** The ready line: the server's URL and, for Gatehouse, the invoke path and a token. */
  info: { url: string; invokePath: string; token: string };
  pid: number;
  command(line: string): Promise<Record<string, unknown>>;
  /** Ends the server (it exits when its stdin ends). */
  end(): void;
}

/** Starts one role of bench-server.ts in its own process and waits for its ready line. */
function startServer(role: string, args: string[]): Promise<Server> {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/cli/bench-server.ts", role, ...args], {
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, ENCRYPTION_KEY: BENCH_KEY, NODE_ENV: "production" },
  });
  children.push(child);
  const waiting: Array<(value: Record<string, unknown>) => void> = [];
  return new Promise((resolve, reject) => {
    let ready = false;
    child.on("exit", (code) => !ready && reject(new Error(`bench server ${role} exited with ${code}`)));
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!line.startsWith(REPLY_PREFIX)) return;
      const value = JSON.parse(line.slice(REPLY_PREFIX.length)) as Record<string, unknown>;
      if (!ready) {
        ready = true;
        resolve({
          info: value as Server["info"],
          pid: child.pid!,
          command(command) {
            child.stdin!.write(`${command}\n`);
            return new Promise((done) => waiting.push(done));
          },
          end: () => child.stdin!.end(),
        });
      } else waiting.shift()?.(value);
    });
  });
}

function runJson(args: string[]): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "ignore"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    // A bench server marks its reply (it may log JSON lines too); autocannon and bench-load print one JSON line last.
    const replyOf = () => {
      const lines = output.trim().split("\n");
      return lines.filter((line) => line.startsWith(REPLY_PREFIX)).pop()?.slice(REPLY_PREFIX.length) ?? lines.pop()!;
    };
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(replyOf())) : reject(new Error(`${args[0]} exited with ${code}`))));
  });
}

interface Load {
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
}

/** autocannon at `connections` for `seconds`, in its own process. */
async function autocannon(target: Target, connections: number, seconds: number): Promise<Load> {
  const args = [path.join(root, "node_modules/autocannon/autocannon.js"), "-j", "-c", String(connections), "-d", String(seconds), "-m", target.method];
  for (const [name, value] of Object.entries(target.headers)) args.push("-H", `${name}=${value}`);
  if (target.body !== undefined) args.push("-b", target.body);
  args.push(target.url);
  const result = await runJson(args);
  const errors = (result.errors ?? 0) + (result.timeouts ?? 0) + (result.non2xx ?? 0);
  return { throughput: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors };
}

/** One request at a time (or `concurrency` callers), each timed to the microsecond. */
function sequential(target: Target, concurrency: number, seconds: number): Promise<Load> {
  const spec = { ...target, concurrency, durationMs: seconds * 1000, expectStatus: 200 };
  return runJson(["--import", "tsx", "lib/cli/bench-load.ts", JSON.stringify(spec)]) as Promise<Load>;
}

/** The resident memory of a process, in MB, from /proc. */
function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The largest process of a process group (the serving one), and the group's total. */
function groupRss(pgid: number): { serving: number; group: number } {
  let serving = 0;
  let group = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const rss = rssOf(Number(entry));
      serving = Math.max(serving, rss);
      group += rss;
    } catch {
      // the process ended while being read
    }
  }
  return { serving, group };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function createDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(name: string) {
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}

/** A real `npm start` in its own process group: how long until /api/health answers, and its memory. */
async function startInstance(port: number, env: Record<string, string>) {
  // A server left on the port would answer the health check in this instance's place.
  if (await fetch(`http://127.0.0.1:${port}/api/health`).then(() => true, () => false)) throw new Error(`port ${port} is already in use`);
  const started = performance.now();
  const child = spawn("npm", ["start"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, ...env, PORT: String(port), APP_URL: `http://127.0.0.1:${port}`, ENCRYPTION_KEY: BENCH_KEY, NODE_ENV: "production", OUTBOUND_ALLOW_PRIVATE_NETWORKS: "true", RATE_LIMIT_DISABLED: "true" },
  });
  children.push(child);
  groups.push(child.pid!);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then((response) => response.ok, () => false);
    if (healthy) break;
    if (performance.now() - started > 120_000) throw new Error("npm start did not answer within 120 s");
    await sleep(100);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    rss: () => groupRss(child.pid!),
    async stop() {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // the group has already ended
      }
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
      await sleep(500);
    },
  };
}

interface Seeded {
  invokePath: string;
  token: string;
  email: string;
  installationId: string;
}

/** The cookies a response sets, merged into a jar. */
function keepCookies(jar: Map<string, string>, response: Response) {
  for (const header of response.headers.getSetCookie()) {
    const [pair = ""] = header.split(";");
    const at = pair.indexOf("=");
    if (at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");

/**
 * P4: signs in as the bench user, then times the consent flow's two server steps from the client on
 * loopback: "Allow access" (POST start → 303 to the provider) and the provider's redirect back (callback
 * → 303 to the result page). The callback's token exchange goes to a loopback provider that answers at
 * once, so what remains is Gatehouse's own time.
 */
async function consentTimings(base: string, seeded: Seeded, rounds = 15) {
  const jar = new Map<string, string>();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keepCookies(jar, csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signIn = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email: seeded.email, password: "correct horse battery", json: "true" }),
  });
  keepCookies(jar, signIn);
  const consentPageKb = await servedScriptKb(base, `/connect/${seeded.installationId}/bench`, cookieHeader(jar));
  const start: number[] = [];
  const callback: number[] = [];
  for (let round = 0; round < rounds + 2; round += 1) {
    let started = performance.now();
    const allow = await fetch(`${base}/connect/${seeded.installationId}/bench/start`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: base, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded", Cookie: cookieHeader(jar) },
      body: "",
    });
    const startMs = performance.now() - started;
    const providerUrl = new URL(allow.headers.get("location") ?? "", base);
    const state = providerUrl.searchParams.get("state");
    if (allow.status !== 303 || !state) throw new Error(`consent start answered ${allow.status} ${providerUrl.pathname}`);
    started = performance.now();
    const back = await fetch(`${base}/v1/dev_oauth/callback?code=bench-code&state=${encodeURIComponent(state)}`, { redirect: "manual", headers: { Cookie: cookieHeader(jar) } });
    const callbackMs = performance.now() - started;
    const outcome = new URL(back.headers.get("location") ?? "", base).searchParams.get("outcome");
    if (back.status !== 303 || outcome !== "connected") throw new Error(`callback answered ${back.status} with outcome ${outcome}`);
    if (round >= 2) {
      start.push(startMs);
      callback.push(callbackMs);
    } // the first two rounds warm the routes up
  }
  return { start: summariseRounds(start).median as number | null, callback: summariseRounds(callback).median as number | null, rounds, consentPageKb };
}

/** The JavaScript a served page makes the browser load, gzip, in kB: its external scripts and its inline ones. */
async function servedScriptKb(base: string, pagePath: string, cookie: string): Promise<number> {
  const page = await fetch(`${base}${pagePath}`, { headers: { Cookie: cookie } });
  if (!page.ok) throw new Error(`${pagePath} answered ${page.status}`);
  const { sources, inline } = pageScripts(await page.text());
  const external = await Promise.all(sources.map(async (source) => Buffer.from(await (await fetch(new URL(source, base))).arrayBuffer())));
  return [...external, ...inline.map((text) => Buffer.from(text))].reduce((sum, bytes) => sum + gzipSync(bytes).length, 0) / 1024;
}

/**
 * P5 and memory on one database: a cold start on a fresh data folder or database; then, seeded with the
 * bench app, a second start, its idle memory, and its memory after SOAK_SECONDS of invoke load.
 */
async function instanceBudget(
  label: string,
  port: number,
  upstreamUrl: string,
  providerUrl: string,
  proxyTarget: Target,
  fresh: () => Promise<{ env: Record<string, string>; seedTarget: string; cleanup(): Promise<void> }>,
) {
  const place = await fresh();
  try {
    const cold = await startInstance(port, place.env);
    await sleep(EARLY_MS);
    const coldEarly = cold.rss();
    await sleep(SETTLE_MS - EARLY_MS);
    const coldIdle = cold.rss();
    await cold.stop();
    const seeded = (await runJson(["--import", "tsx", "lib/cli/bench-server.ts", "seed", upstreamUrl, place.seedTarget, providerUrl])) as Seeded;
    const warm = await startInstance(port, place.env);
    await sleep(EARLY_MS);
    const early = warm.rss();
    await sleep(SETTLE_MS - EARLY_MS);
    const idle = warm.rss();
    const consent = await consentTimings(`http://127.0.0.1:${port}`, seeded).catch((error: unknown) => {
      console.log(`${label}: consent timings failed: ${error instanceof Error ? error.message : String(error)}`);
      return { start: null, callback: null, rounds: 0, consentPageKb: null };
    });
    const target = { url: `http://127.0.0.1:${port}${seeded.invokePath}`, method: "POST", headers: { Authorization: `Bearer ${seeded.token}`, "Content-Type": "application/json" }, body: "{}" };
    // Invoke as npm start serves it, Next.js and all in the same process, in rounds interleaved with the proxy's.
    await autocannon(target, CONNECTIONS, 2);
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const proxied = await autocannon(proxyTarget, CONNECTIONS, SECONDS);
      ratios.push((await autocannon(target, CONNECTIONS, SECONDS)).throughput / proxied.throughput);
    }
    const throughputRatio = summariseRounds(ratios).median;
    const load = await autocannon(target, CONNECTIONS, SOAK_SECONDS);
    const loaded = warm.rss();
    // What the process keeps once the load is over and it has gone quiet.
    await sleep(SETTLE_MS);
    const after = warm.rss();
    await warm.stop();
    console.log(
      `${label}: cold start ${cold.seconds.toFixed(1)} s (fresh, ${coldEarly.serving.toFixed(0)} MB ${EARLY_MS / 1000} s after, idle ${coldIdle.serving.toFixed(0)} MB ${SETTLE_MS / 1000} s after); ` +
        `restart ${warm.seconds.toFixed(1)} s, ${early.serving.toFixed(0)} MB ${EARLY_MS / 1000} s after, idle ${idle.serving.toFixed(0)} MB ${SETTLE_MS / 1000} s after (group ${idle.group.toFixed(0)} MB); ` +
        `end of ${SOAK_SECONDS} s load at ${load.throughput.toFixed(0)} req/s ${loaded.serving.toFixed(0)} MB, ${SETTLE_MS / 1000} s later ${after.serving.toFixed(0)} MB, errors ${load.errors}`,
    );
    if (consent.start !== null) console.log(`${label}: consent start → 303 median ${consent.start.toFixed(1)} ms, callback → 303 median ${consent.callback?.toFixed(1)} ms over ${consent.rounds} rounds`);
    console.log(`${label}: npm start's invoke / proxy throughput over ${ROUNDS} interleaved rounds: ${ratios.map((ratio) => ratio.toFixed(2)).join(", ")}`);
    return { coldSeconds: cold.seconds, coldIdle: coldIdle.serving, idle: idle.serving, loaded: loaded.serving, after: after.serving, consent, throughputRatio };
  } finally {
    await place.cleanup();
  }
}

/** First-load JavaScript, gzip, in kB, of an App Router page of the build in `.next`. */
function firstLoadKb(pageDir: string): number | null {
  const manifestPath = path.join(root, ".next/server/app", pageDir, "page_client-reference-manifest.js");
  if (!existsSync(manifestPath)) return null;
  const buildManifest = JSON.parse(readFileSync(path.join(root, ".next/build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const scope = { self: {} as { __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }> } };
  new Function("self", "globalThis", readFileSync(manifestPath, "utf8"))(scope.self, scope.self);
  const manifest = Object.values(scope.self.__RSC_MANIFEST ?? {})[0];
  if (!manifest) return null;
  const files = firstLoadFiles(buildManifest.rootMainFiles, manifest.entryJSFiles);
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(root, ".next", file))).length, 0) / 1024;
}

/** Throughput and latency rounds, the refresh storm and the scale check. */
async function measureLoad(
  paths: Array<{ name: string; target: Target }>,
  gatehouses: Array<{ name: string; server: Server }>,
  invokeTarget: (server: Server) => Target,
  budget: BudgetRow[],
) {
  for (const { target } of paths) await autocannon(target, CONNECTIONS, 2); // warm-up: JIT, pools, caches
  const rounds = new Map<string, Load[]>(paths.map(({ name }) => [name, []]));
  // Rounds interleave the paths, so that a noisy moment on a shared machine touches all of them alike.
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const { name, target } of paths) rounds.get(name)!.push(await autocannon(target, CONNECTIONS, SECONDS));
  }
  const single = new Map<string, Load>();
  for (const { name, target } of paths) single.set(name, await sequential(target, 1, SECONDS));

  console.log(`| path | req/s median (min–max) | p50 ms | p99 ms | p50 ms, 1 conn | p99 ms, 1 conn | errors |`);
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  const medians = new Map<string, number>();
  for (const { name } of paths) {
    const loads = rounds.get(name)!;
    const throughput = summariseRounds(loads.map((load) => load.throughput));
    medians.set(name, throughput.median);
    const p50 = summariseRounds(loads.map((load) => load.p50)).median;
    const p99 = summariseRounds(loads.map((load) => load.p99)).median;
    const one = single.get(name)!;
    const errors = loads.reduce((sum, load) => sum + load.errors, one.errors);
    console.log(`| ${name} | ${throughput.median.toFixed(0)} (${throughput.min.toFixed(0)}–${throughput.max.toFixed(0)}) | ${p50.toFixed(1)} | ${p99.toFixed(1)} | ${one.p50.toFixed(3)} | ${one.p99.toFixed(3)} | ${errors} |`);
  }

  const proxyName = "minimal Node.js proxy";
  const directP50 = single.get("direct call to the upstream")!.p50;
  for (const { name } of gatehouses) {
    const path = `Gatehouse invoke (${name})`;
    budget.push({ name: `invoke / proxy throughput, ${CONNECTIONS} conns (${name})`, measured: medians.get(path)! / medians.get(proxyName)!, unit: "×", target: 0.6, atLeast: true });
    budget.push({ name: `invoke added p50 vs direct, 1 conn (${name})`, measured: single.get(path)!.p50 - directP50, unit: "ms", target: 2 });
  }

  // The refresh storm: 100 concurrent invokes on an expired token cause one refresh.
  const storm = (await gatehouses[0]!.server.command("storm")) as { fresh: { ms: number; ok: number }; expired: { ms: number; ok: number }; refreshes: number };
  console.log(
    `\nrefresh storm (embedded): 100 concurrent invokes on an expired token: ${storm.expired.ok}/100 succeeded, ${storm.refreshes} refresh request(s) reached the provider, ` +
      `${storm.expired.ms.toFixed(0)} ms; on a fresh token ${storm.fresh.ms.toFixed(0)} ms (the provider takes 50 ms)`,
  );

  // Scale: the same invoke with 10 connections in the database, then with 100,000 across 1,000 installations.
  for (const { name, server } of gatehouses) {
    const target = invokeTarget(server);
    const small = await sequential(target, 10, SECONDS);
    const seeded = await server.command("seed-scale");
    // A scale row measured without the 100,000 connections would be a lie: stop instead.
    if (typeof seeded.connections !== "number") throw new Error(`seeding the scale check failed: ${String(seeded.error)}`);
    await sequential(target, 10, 2); // warm-up, as the small measurement had the throughput rounds before it
    const large = await sequential(target, 10, SECONDS);
    console.log(`scale (${name}): p50 at 10 callers ${small.p50.toFixed(3)} ms with 10 connections, ${large.p50.toFixed(3)} ms with ${String(seeded.connections)} connections`);
    budget.push({ name: `scale: invoke p50, 100,000 / 10 connections (${name})`, measured: large.p50 / small.p50, unit: "×", target: 1.2 });
    console.log(`bench server memory (${name}): ${rssOf(server.pid).toFixed(0)} MB`);
  }
}

async function main() {
  const cores = os.cpus().length;
  console.log(`Gatehouse benchmarks, ${new Date().toISOString().slice(0, 10)}, ${cores} cores, Node.js ${process.version}: ${ROUNDS} rounds of ${SECONDS} s at ${CONNECTIONS} connections (autocannon)\n`);
  const upstream = await startServer("upstream", []);
  const proxy = await startServer("proxy", [upstream.info.url]);
  const provider = await startServer("provider", []);
  const gatehouses: Array<{ name: string; server: Server }> = [{ name: "embedded", server: await startServer("gatehouse", [upstream.info.url, "embedded"]) }];
  const benchDb = `gatehouse_bench_${process.pid}`;
  if (postgresUrl) gatehouses.push({ name: "PostgreSQL", server: await startServer("gatehouse", [upstream.info.url, await createDatabase(benchDb)]) });

  const invokeTarget = (server: Server): Target => ({
    url: `${server.info.url}${server.info.invokePath}`,
    method: "POST",
    headers: { Authorization: `Bearer ${server.info.token}`, "Content-Type": "application/json" },
    body: "{}",
  });
  const paths: Array<{ name: string; target: Target }> = [
    { name: "direct call to the upstream", target: { url: `${upstream.info.url}/contacts`, method: "GET", headers: { "x-bench": "direct" } } },
    { name: "minimal Node.js proxy", target: { url: `${proxy.info.url}/contacts`, method: "GET", headers: {} } },
    ...gatehouses.map(({ name, server }) => ({ name: `Gatehouse invoke (${name})`, target: invokeTarget(server) })),
  ];

  const budget: BudgetRow[] = [];
  if (!onlyInstances) await measureLoad(paths, gatehouses, invokeTarget, budget);
  // The bench servers of the load rounds go; the upstream, the proxy and the provider stay for the npm start instances.
  for (const { server } of gatehouses) server.end();
  const proxyTarget: Target = { url: `${proxy.info.url}/contacts`, method: "GET", headers: {} };

  // P6: the App details page's first-load JavaScript from the build's manifests; the consent page's, which
  // the Pages Router serves without the React runtime, from the page the embedded instance serves (below).
  const hasBuild = existsSync(path.join(root, ".next/BUILD_ID"));
  const details = hasBuild ? firstLoadKb("(dashboard)/apps/[appId]") : null;
  budget.push({ name: "P6: first-load JS, App details page (gzip)", measured: details, unit: "kB", target: 250, note: "no build" });
  const consentRow = budget.length;
  let consentPageKb: number | null = null;

  // P5 and memory: real `npm start` instances, only on an up-to-date build (a stale one would rebuild).
  const stale = await isBuildStale(root);
  const instances: Array<{ name: string; port: number; fresh: () => Promise<{ env: Record<string, string>; seedTarget: string; cleanup(): Promise<void> }> }> = [
    {
      name: "embedded",
      port: 4101,
      async fresh() {
        const dataDir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-bench-"));
        return { env: { DATA_DIR: dataDir, DATABASE_URL: "" }, seedTarget: `dir:${path.join(dataDir, "pglite")}`, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
      },
    },
  ];
  if (postgresUrl) {
    instances.push({
      name: "PostgreSQL",
      port: 4102,
      async fresh() {
        const url = await createDatabase(`${benchDb}_start`);
        return { env: { DATABASE_URL: url }, seedTarget: url, cleanup: () => dropDatabase(`${benchDb}_start`) };
      },
    });
  }
  console.log("");
  for (const instance of instances) {
    if (stale) {
      budget.push({ name: `P5: cold npm start until /api/health (${instance.name})`, measured: null, unit: "s", target: 15, note: "build missing or stale: npm run build" });
      continue;
    }
    const result = await instanceBudget(instance.name, instance.port, upstream.info.url, provider.info.url, proxyTarget, instance.fresh);
    consentPageKb ??= result.consent.consentPageKb;
    budget.push({ name: `P4: consent start → 303, median (${instance.name})`, measured: result.consent.start, unit: "ms", target: 50, note: "failed" });
    budget.push({ name: `P4: callback → 303 without the exchange, median (${instance.name})`, measured: result.consent.callback, unit: "ms", target: 50, note: "failed" });
    budget.push({ name: `P5: cold npm start until /api/health (${instance.name})`, measured: result.coldSeconds, unit: "s", target: 15 });
    budget.push({ name: `invoke / proxy throughput, ${CONNECTIONS} conns, npm start (${instance.name})`, measured: result.throughputRatio, unit: "×", target: 0.6, atLeast: true });
    const ceiling = instance.name === "embedded" ? 400 : 300;
    budget.push({ name: `memory: serving process idle after restart (${instance.name})`, measured: result.idle, unit: "MB", target: ceiling });
    budget.push({ name: `memory: serving process idle on a fresh start (${instance.name})`, measured: result.coldIdle, unit: "MB", target: ceiling });
    budget.push({ name: `memory: ${SETTLE_MS / 1000} s after ${SOAK_SECONDS} s of invoke load (${instance.name})`, measured: result.after, unit: "MB", target: ceiling });
  }
  budget.splice(consentRow, 0, { name: "P6: JS the served consent page loads (gzip)", measured: consentPageKb, unit: "kB", target: 100, note: stale ? "no build" : "failed" });
  proxy.end();
  if (postgresUrl) await dropDatabase(benchDb);

  console.log(`\n${budgetTable(budget)}`);
  process.exit(0);
}

process.on("exit", () => {
  for (const child of children) if (child.exitCode === null) child.kill();
  for (const group of groups) {
    try {
      process.kill(-group, "SIGTERM");
    } catch {
      // already ended
    }
  }
});
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
