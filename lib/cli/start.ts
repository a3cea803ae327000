/**
 * `npm start`: validates the configuration, builds when needed, opens the database (migrating it, creating
 * a new embedded one in a child process first, and seeding demo data into an empty embedded one), then
 * serves Gatehouse with Next.js in this process, so the embedded database and the web server share one owner.
 */
import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import next from "next";
import { openEmbeddedDatabase, openPostgresDatabase, embeddedDatabaseDir, hasEmbeddedDatabase, setDatabase, type Database } from "@/lib/db/client";
import { ConfigurationError, getEnv, setProcessEnv } from "@/lib/env";
import { ensureEncryptionKey } from "@/lib/keys";
import { DEMO_PASSWORD, seedDemoData } from "@/lib/services/demo";
import { prepareIncomingRequest, sendRefusal } from "@/lib/api/edge";
import { startIdleCollector } from "@/lib/idle-collector";
import { matchInvokeFastPath, serveInvoke } from "@/lib/api/invoke-fast-path";
import { isBuildStale, runBuild } from "./build-if-needed";
import { buildLauncher } from "./build-launcher";
import { currentCompiledLauncher } from "./compiled-launcher.mjs";
import { acquireDataLock } from "./data-lock";

const root = process.cwd();
const isDev = process.argv.includes("--dev");

function fail(message: string): never {
  console.error(`\nGatehouse could not start: ${message}\n`);
  process.exit(1);
}

async function main() {
  setProcessEnv("NEXT_TELEMETRY_DISABLED", "1");
  let env = getEnv();
  // The embedded default is for trying Gatehouse on one machine: switch on the offline sandbox provider.
  if (env.isEmbedded && process.env.SANDBOX_PROVIDER === undefined) setProcessEnv("SANDBOX_PROVIDER", "true");
  setProcessEnv("NEXTAUTH_URL", getEnv().APP_URL);
  env = getEnv();
  await ensureEncryptionKey();

  if (!isDev && (await isBuildStale(root))) {
    console.log("Building Gatehouse (the first start takes a minute or two)…");
    await runBuild(root);
  } else if (!isDev && !currentCompiledLauncher(root, process.env.NEXT_DIST_DIR || ".next")) {
    // Only the launcher's own files changed: compile it again, so that the next start runs compiled. This
    // start serves either way, so a failure (a read-only build folder, say) is only reported.
    await buildLauncher(root).catch((error: unknown) => {
      console.warn(`Could not compile the launcher (the server runs through tsx until it can): ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  const releaseLock = env.isEmbedded ? await acquireDataLock(env.DATA_DIR) : async () => undefined;
  let db: Database;
  try {
    const started = Date.now();
    console.log(env.isEmbedded ? `Opening the embedded database in ${path.resolve(env.DATA_DIR)}…` : "Connecting to PostgreSQL…");
    if (env.isEmbedded && !hasEmbeddedDatabase(embeddedDatabaseDir(env.DATA_DIR))) await createEmbeddedDatabaseApart(embeddedDatabaseDir(env.DATA_DIR));
    db = env.DATABASE_URL ? await openPostgresDatabase(env.DATABASE_URL) : await openEmbeddedDatabase(embeddedDatabaseDir(env.DATA_DIR));
    console.log(`Database ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } catch (error) {
    await releaseLock();
    throw error;
  }
  setDatabase(db);

  const seeded = await seedDemoData({ force: env.SEED_DEMO === true, onlyIfEmpty: env.isEmbedded && env.SEED_DEMO !== false });
  if (seeded) printDemoAccounts(seeded);

  const app = next({ dev: isDev, dir: root, hostname: env.HOST, port: env.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const idleCollector = startIdleCollector();
  const server = http.createServer((request, response) => {
    idleCollector.noteRequest();
    const refusal = prepareIncomingRequest(request, env.TRUST_PROXY);
    if (refusal) return sendRefusal(request, response, refusal);
    const invoke = matchInvokeFastPath(request);
    void (invoke ? serveInvoke(request, response, invoke) : handle(request, response));
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, resolve);
  });
  console.log(`Gatehouse is ready on ${env.APP_URL}`);
  console.log(listeningLine(env.HOST, env.PORT));

  let isStopping = false;
  const stop = async () => {
    if (isStopping) return;
    isStopping = true;
    console.log("Stopping Gatehouse…");
    server.close();
    server.closeAllConnections();
    await app.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    await releaseLock();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

/**
 * Creates a new embedded database in a child process. A WebAssembly heap never shrinks, and creating a
 * database (initdb, then the migrations' DDL) leaves the instance that did it 70 to 100 MB larger for good
 * than one that opens the finished folder, as every later start does; a child's memory goes when it exits.
 */
function createEmbeddedDatabaseApart(dataDir: string): Promise<void> {
  // Through tsx whether or not this launcher runs compiled (create-database.ts is not part of the compiled launcher).
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "lib/cli/create-database.ts"), dataDir], { stdio: "inherit" });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`creating the embedded database in ${dataDir} failed (exit code ${code})`))));
  });
}

function listeningLine(host: string, port: number): string {
  if (host === "0.0.0.0" || host === "::") return `Listening on all interfaces (HOST=${host}, port ${port}).`;
  const local = host === "127.0.0.1" || host === "::1" || host === "localhost";
  return local
    ? `Listening on ${host}:${port}, this machine only (HOST=${host}). To listen on all interfaces, set HOST=0.0.0.0 (change the demo passwords first).`
    : `Listening on ${host}:${port} (HOST=${host}).`;
}

function printDemoAccounts(accounts: { email: string; password: string; role: string }[]) {
  console.log("\nDemo organization seeded. Sign in with:");
  for (const account of accounts) console.log(`  ${account.role.padEnd(7)} ${account.email}  /  ${account.password}`);
  if (accounts.some((account) => account.password === DEMO_PASSWORD)) {
    console.log(
      `WARNING: the demo accounts share the well-known password "${DEMO_PASSWORD}". Anyone who can reach this server can sign in` +
        " as their owner: keep HOST on loopback, or start with SEED_DEMO=false for a database without them.",
    );
  }
  console.log("");
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError) fail(error.message);
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === "EADDRINUSE") {
    fail(`port ${getEnv().PORT} is in use; stop the other server or set PORT to a free port.`);
  }
  fail(error instanceof Error ? error.message : String(error));
});
