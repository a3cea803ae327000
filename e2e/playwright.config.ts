import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
const artifacts = path.join(here, ".artifacts");
const dataDir = path.join(artifacts, `data-${process.pid}`);

// Playwright cannot download its own browser here: use Debian's Chromium (or CHROMIUM_PATH) when present.
const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

/** A Gatehouse started as `npm start` starts it (the compiled launcher), its log kept so tests can check what it wrote. */
const server = (port: number, env: Record<string, string>, log: string, prepare = "true") => ({
  command: `${prepare} && mkdir -p "${artifacts}" && exec node lib/cli/start.mjs > "${path.join(artifacts, log)}" 2>&1`,
  cwd: root,
  url: `http://localhost:${port}/api/health`,
  timeout: 240_000,
  reuseExistingServer: false,
  env: {
    PORT: String(port),
    APP_URL: `http://localhost:${port}`,
    // The local test providers listen on loopback.
    OUTBOUND_ALLOW_PRIVATE_NETWORKS: "true",
    RATE_LIMIT_DISABLED: "true",
    ...env,
  },
});

/**
 * With E2E_DATABASE_URL (`npm test` sets it when TEST_DATABASE_URL is given), two more instances share one
 * PostgreSQL database, for the scale-out tests and for tests that look into the database. They keep hot-cache
 * entries far longer than any test runs, so a change seen on the other instance was carried by an
 * invalidation, not by an entry expiring.
 */
export const POSTGRES_PORTS = [E2E_PORT + 1, E2E_PORT + 2] as const;
const postgresUrl = process.env.E2E_DATABASE_URL;
const postgresServers = postgresUrl
  ? POSTGRES_PORTS.map((port) =>
      server(
        port,
        { DATABASE_URL: postgresUrl, ENCRYPTION_KEY: process.env.E2E_ENCRYPTION_KEY ?? "", HOT_CACHE_TTL_MS: "600000" },
        `server-${port}.log`,
      ),
    )
  : [];

export default defineConfig({
  testDir: here,
  outputDir: path.join(artifacts, "results"),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: path.join(artifacts, "report.json") }]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: [
    // The main job: a fresh embedded database.
    server(E2E_PORT, { DATA_DIR: dataDir }, `server-${E2E_PORT}.log`, `rm -rf "${dataDir}"`),
    ...postgresServers,
  ],
});
