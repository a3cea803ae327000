/**
 * `npm test`: the type check, the unit tests, the integration tests on PGlite (and again on PostgreSQL
 * when TEST_DATABASE_URL is set), then a production build and the Playwright end-to-end tests. It
 * prints each suite's counts and a closing `N passed, N failed` line, and exits non-zero on any failure.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { createPostgresDatabase as createE2eDatabase } from "@/lib/testing/postgres-database";

const root = process.cwd();
const artifacts = path.join(root, "e2e", ".artifacts");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

interface Outcome {
  suite: string;
  passed: number;
  failed: number;
  skipped: number;
  ok: boolean;
  /** Names of the failed tests, repeated in the summary so the end of a long log says what failed. */
  failures?: string[];
  /** Wall-clock time of the suite, printed in the summary so a slow suite is seen before CI's limit is. */
  seconds?: number;
}

function run(command: string, args: string[], env: Record<string, string | undefined> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("error", () => resolve(127));
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

async function vitest(suite: string, project: string, env: Record<string, string | undefined> = {}): Promise<Outcome> {
  const report = path.join(artifacts, `vitest-${suite.replace(/\W+/g, "-")}.json`);
  await rm(report, { force: true });
  const code = await run(
    bin("vitest"),
    ["run", "--config", "lib/testing/vitest.config.ts", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    env,
  );
  const counts = await readJson<VitestReport>(report);
  return {
    suite,
    passed: counts?.numPassedTests ?? 0,
    failed: counts ? counts.numFailedTests : 1,
    skipped: (counts?.numPendingTests ?? 0) + (counts?.numTodoTests ?? 0),
    ok: code === 0,
    failures: counts ? vitestFailures(counts) : [],
  };
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults?: { name: string; assertionResults?: { status: string; fullName: string }[] }[];
}

function vitestFailures(report: VitestReport): string[] {
  return (report.testResults ?? []).flatMap((file) =>
    (file.assertionResults ?? [])
      .filter((test) => test.status === "failed")
      .map((test) => `${path.relative(root, file.name)} › ${test.fullName}`),
  );
}

async function playwright(): Promise<Outcome> {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) {
    console.error(
      `\nNo Chromium at ${chromium}. Install Debian's with \`sudo apt-get install -y chromium\`, ` +
        "or point CHROMIUM_PATH at a Chromium or Chrome binary, then run `npm test` again.\n",
    );
    return { suite: "end-to-end", passed: 0, failed: 1, skipped: 0, ok: false };
  }
  const report = path.join(artifacts, "report.json");
  await rm(report, { force: true });
  const postgres = process.env.TEST_DATABASE_URL ? await createE2eDatabase(process.env.TEST_DATABASE_URL) : null;
  if (!postgres) console.log("TEST_DATABASE_URL is not set: the end-to-end tests that need PostgreSQL are skipped.");
  const code = await run(bin("playwright"), ["test", "--config", "e2e/playwright.config.ts"], {
    E2E_DATABASE_URL: postgres?.url,
    E2E_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  });
  await postgres?.drop();
  const result = await readJson<PlaywrightReport>(report);
  const stats = result?.stats;
  return {
    suite: "end-to-end",
    passed: (stats?.expected ?? 0) + (stats?.flaky ?? 0),
    failed: stats ? stats.unexpected : 1,
    skipped: stats?.skipped ?? 0,
    ok: code === 0,
    failures: result ? playwrightFailures(result.suites ?? []) : [],
  };
}

interface PlaywrightSuite {
  title: string;
  specs?: { title: string; file: string; line: number; ok: boolean }[];
  suites?: PlaywrightSuite[];
}

interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  suites?: PlaywrightSuite[];
}

function playwrightFailures(suites: PlaywrightSuite[]): string[] {
  return suites.flatMap((suite) => [
    ...(suite.specs ?? []).filter((spec) => !spec.ok).map((spec) => `e2e/${spec.file}:${spec.line} › ${spec.title}`),
    ...playwrightFailures(suite.suites ?? []),
  ]);
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as T;
  } catch {
    return null;
  }
}

/** Suites that are one command with no test counts of their own. */
const STEPS = new Set(["type check", "lint", "build"]);

async function step(suite: string, command: string, args: string[]): Promise<Outcome> {
  const code = await run(command, args);
  return { suite, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0, ok: code === 0 };
}

async function main() {
  await mkdir(artifacts, { recursive: true });
  const outcomes: Outcome[] = [];
  const banner = (title: string) => console.log(`\n━━ ${title} ━━`);
  const timed = async (suite: Promise<Outcome> | (() => Promise<Outcome>)) => {
    const started = Date.now();
    const outcome = await (typeof suite === "function" ? suite() : suite);
    outcome.seconds = (Date.now() - started) / 1000;
    console.log(`  (${outcome.suite}: ${formatDuration(outcome.seconds)})`);
    outcomes.push(outcome);
    return outcome;
  };

  banner("Type check");
  await timed(() => step("type check", bin("tsc"), ["--noEmit", "-p", "."]));
  banner("Lint");
  await timed(() => step("lint", bin("eslint"), ["--cache", "--cache-location", "node_modules/.cache/eslint/", "."]));
  banner("Unit tests");
  await timed(() => vitest("unit", "unit"));
  banner("Integration tests on PGlite");
  await timed(() => vitest("integration (PGlite)", "integration", { TEST_DB_TARGET: "pglite" }));
  if (process.env.TEST_DATABASE_URL) {
    banner("Integration tests on PostgreSQL");
    await timed(() => vitest("integration (PostgreSQL)", "integration", { TEST_DB_TARGET: "postgres" }));
  } else {
    console.log("\nTEST_DATABASE_URL is not set: the integration tests ran on PGlite only.");
  }
  banner("Production build");
  // `npm run build`: Next.js's build, then the compiled launcher that the end-to-end servers run.
  const build = await timed(() => step("build", "npm", ["run", "build"]));
  if (build.ok) {
    banner("End-to-end tests (Playwright, Chromium)");
    await timed(playwright);
  }

  console.log("\n━━ Summary ━━");
  for (const outcome of outcomes) {
    const counts = STEPS.has(outcome.suite) ? (outcome.ok ? "ok" : "FAILED") : `${outcome.passed} passed, ${outcome.failed} failed${outcome.skipped ? `, ${outcome.skipped} skipped` : ""}`;
    const took = outcome.seconds === undefined ? "" : `  (${formatDuration(outcome.seconds)})`;
    console.log(`  ${outcome.ok ? "✓" : "✗"} ${outcome.suite.padEnd(26)} ${counts}${took}`);
    for (const failure of outcome.failures ?? []) console.log(`      ✗ ${failure}`);
    if (!outcome.ok && !STEPS.has(outcome.suite) && !outcome.failures?.length) {
      console.log("      ✗ no test failed, but the run reported errors (an unhandled error, say): see the suite's output above");
    }
  }
  const tests = outcomes.filter((outcome) => !STEPS.has(outcome.suite));
  const passed = tests.reduce((sum, outcome) => sum + outcome.passed, 0);
  const failed = outcomes.reduce((sum, outcome) => sum + (outcome.ok ? 0 : Math.max(outcome.failed, 1)), 0);
  const skipped = tests.reduce((sum, outcome) => sum + outcome.skipped, 0);
  const total = outcomes.reduce((sum, outcome) => sum + (outcome.seconds ?? 0), 0);
  console.log(`\nTook ${formatDuration(total)} in all.`);
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exit(outcomes.every((outcome) => outcome.ok) ? 0 : 1);
}

function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${seconds.toFixed(1)} s`;
}

void main();
