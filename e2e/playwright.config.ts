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
  webServer: {
    // The real launcher on a fresh embedded database; its log is kept so tests can check what it wrote.
    command: `rm -rf "${dataDir}" && mkdir -p "${artifacts}" && exec npx tsx lib/cli/start.ts > "${path.join(artifacts, "server.log")}" 2>&1`,
    cwd: root,
    url: `${E2E_BASE_URL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    env: {
      PORT: String(E2E_PORT),
      APP_URL: E2E_BASE_URL,
      DATA_DIR: dataDir,
      // The local test providers listen on loopback.
      OUTBOUND_ALLOW_PRIVATE_NETWORKS: "true",
      RATE_LIMIT_DISABLED: "true",
    },
  },
});
