import { spawn } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { buildLauncher } from "./build-launcher";

const SOURCES = ["app", "pages", "components", "lib", "public", "proxy.ts", "instrumentation-client.ts", "next.config.mjs", "package.json", "tsconfig.json"];
const SKIP = new Set(["node_modules", ".next", "generated", "cli", "testing"]);

/** True when there is no production build, or a source file changed after it was made. */
export async function isBuildStale(root: string): Promise<boolean> {
  const built = await stat(path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID")).catch(() => null);
  if (!built) return true;
  for (const source of SOURCES) {
    if ((await newestChange(path.join(root, source))) > built.mtimeMs) return true;
  }
  return false;
}

async function newestChange(target: string): Promise<number> {
  const info = await stat(target).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(target, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.endsWith(".test.ts")) continue;
    newest = Math.max(newest, await newestChange(path.join(target, entry.name)));
  }
  return newest;
}

/** Runs `next build`, streaming its output, then compiles the launcher; rejects when either fails. */
export async function runBuild(root: string): Promise<void> {
  await runNextBuild(root);
  await buildLauncher(root);
}

function runNextBuild(root: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed with exit code ${code}`))));
  });
}
