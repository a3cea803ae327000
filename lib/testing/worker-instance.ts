import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

/**
 * Other Gatehouse instances for the tests that need more than one: `lib/testing/refresh-worker.ts` in a
 * process of its own (its own pool, caches and invalidation listener) on the very PostgreSQL database the
 * test file's harness opened (`useTestDatabase().postgresUrl()`). A worker prints `ready` once it has opened the database, then follows its
 * mode (see refresh-worker.ts); its answers come one per line.
 */

export interface WorkerInstance {
  child: ChildProcess;
  /** The next line the worker prints; throws once it has stopped. */
  nextLine(): Promise<string>;
  /** Tells a worker in `refresh` or `invoke` mode to start. */
  go(): void;
  /** Everything it printed, once it has exited. */
  output: Promise<string>;
}

/** Starts a worker; resolves once it has printed `ready`, rejects if it exits first. */
export async function startWorkerInstance(databaseUrl: string, args: string[], { quiet = false } = {}): Promise<WorkerInstance> {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/testing/refresh-worker.ts", ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, TEST_DB_TARGET: "" },
    stdio: ["pipe", "pipe", quiet ? "ignore" : "inherit"],
  });
  let text = "";
  child.stdout!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const output = new Promise<string>((resolve) => child.on("exit", () => resolve(text)));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const line = await lines.next();
    if (line.done) throw new Error("the worker instance stopped");
    return line.value;
  };
  const first = await Promise.race([nextLine(), output.then(() => "")]);
  if (first !== "ready") throw new Error(`the worker instance exited before it was ready${first ? `: ${first}` : ""}`);
  return { child, nextLine, go: () => child.stdin!.write("go\n"), output };
}
