import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildLauncher } from "./build-launcher";
import { currentCompiledLauncher } from "./compiled-launcher.mjs";
import { acquireDataLock } from "./data-lock";

/** `npm start` refuses bad configuration before doing anything, with one line that says what to fix. */

function start(env: Record<string, string>, command = ["--import", "tsx", "lib/cli/start.ts"]) {
  const result = spawnSync(process.execPath, command, {
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr.trim() };
}

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe("npm start with bad configuration", () => {
  it.each([
    [{ DATABASE_URL: "mysql://localhost/gatehouse" }, "DATABASE_URL"],
    [{ ENCRYPTION_KEY: "dG9vIHNob3J0" }, "ENCRYPTION_KEY"],
    [{ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/postgres" }, "ENCRYPTION_KEY is required with DATABASE_URL"],
    [{ PORT: "http" }, "PORT"],
  ])("stops for %j with a one-line explanation naming %s", (env, expected) => {
    const { status, stderr } = start(env);
    expect(status).toBe(1);
    expect(stderr).toContain(expected);
    expect(stderr.split("\n")).toHaveLength(1);
  });
});

describe("the compiled launcher", () => {
  it("is what npm start runs until a file it was compiled from changes", { timeout: 60_000 }, async () => {
    // Inside the project, as a build folder always is: the compiled launcher imports packages from node_modules.
    const distDir = await mkdtemp(path.join(process.cwd(), ".next-launcher-test-"));
    dirs.push(distDir);
    await buildLauncher(process.cwd(), distDir);
    const compiled = currentCompiledLauncher(process.cwd(), distDir);
    expect(compiled).toBe(path.join(distDir, "launcher", "start.mjs"));

    // It validates the configuration as the TypeScript launcher does.
    const { status, stderr } = start({ NEXT_DIST_DIR: distDir, PORT: "http" }, ["lib/cli/start.mjs"]);
    expect(status).toBe(1);
    expect(stderr).toContain("PORT");
    expect(stderr.split("\n")).toHaveLength(1);

    // A file changed after the compile began makes it stale (here: the compile moved to before every file's change).
    const inputsFile = path.join(distDir, "launcher", "inputs.json");
    const record = JSON.parse(await readFile(inputsFile, "utf8")) as { startedAt: number; inputs: string[] };
    expect(record.inputs).toEqual(expect.arrayContaining(["lib/cli/start.ts", "lib/http/outbound-client.ts", "tsconfig.json", "package.json"]));
    await writeFile(inputsFile, JSON.stringify({ ...record, startedAt: 0 }));
    expect(currentCompiledLauncher(process.cwd(), distDir)).toBeNull();
  });
});

describe("the data folder lock", () => {
  it("lets one server hold a data folder at a time, and takes over a lock whose holder died", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "gatehouse-lock-"));
    dirs.push(dir);
    const release = await acquireDataLock(dir);
    await expect(acquireDataLock(dir)).rejects.toThrow(/Another Gatehouse \(pid \d+\) is using the data folder/);
    await release();
    const again = await acquireDataLock(dir);
    await again();

    await writeFile(path.join(dir, "server.lock"), "999999");
    const takeover = await acquireDataLock(dir);
    await takeover();
  });
});
