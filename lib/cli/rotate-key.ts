/**
 * `npm run rotate-key`: re-encrypts every stored secret under the current ENCRYPTION_KEY, so that the
 * keys listed in PREVIOUS_ENCRYPTION_KEYS can then be removed. Batched and resumable: run it again after
 * an interruption and it carries on with what is left. Prints how many rows it changed per source and
 * exits 1 when some value could be opened with none of the configured keys.
 *
 * On the embedded database, stop the server first (the data folder has one owner at a time). With
 * PostgreSQL it may run while servers are up, once every server runs with the new key.
 */
import path from "node:path";
import { embeddedDatabaseDir, openEmbeddedDatabase, openPostgresDatabase, type Database } from "@/lib/db/client";
import { reencryptAll } from "@/lib/db/key-rotation";
import { ConfigurationError, getEnv } from "@/lib/env";
import { getKeyring } from "@/lib/keys";
import { acquireDataLock } from "./data-lock";

function option(name: string): string | undefined {
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(): Promise<number> {
  const env = getEnv();
  const batchSize = Number(option("batch-size") ?? 500);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ConfigurationError("--batch-size must be a positive whole number");
  const keyring = await getKeyring();
  console.log(`Re-encrypting stored secrets under the current key (id ${keyring.currentKeyId})…`);

  const releaseLock = env.isEmbedded ? await acquireDataLock(env.DATA_DIR) : async () => undefined;
  let db: Database | undefined;
  try {
    db = env.DATABASE_URL
      ? await openPostgresDatabase(env.DATABASE_URL)
      : await openEmbeddedDatabase(embeddedDatabaseDir(path.resolve(env.DATA_DIR)));
    let lastLine = "";
    const reports = await reencryptAll(db.sql, keyring, {
      batchSize,
      onBatch: (progress) => {
        const line = `  ${progress.name}: ${progress.changed} changed of ${progress.scanned} read so far`;
        if (line !== lastLine && process.stdout.isTTY) process.stdout.write(`${line}\r`);
        lastLine = line;
      },
    });
    let changed = 0;
    let failed = 0;
    for (const report of reports) {
      changed += report.changed;
      failed += report.failed.length;
      console.log(`  ${report.name}: ${report.changed} row${report.changed === 1 ? "" : "s"} changed`);
      for (const failure of report.failed) console.error(`    row ${failure.id} could not be re-encrypted: ${failure.reason}`);
    }
    console.log(`Done: ${changed} row${changed === 1 ? "" : "s"} changed.`);
    if (failed > 0) {
      console.error(`${failed} value${failed === 1 ? "" : "s"} could not be opened with any configured key: keep PREVIOUS_ENCRYPTION_KEYS until they are dealt with.`);
      return 1;
    }
    console.log("Every stored secret is under the current key: PREVIOUS_ENCRYPTION_KEYS can be removed.");
    return 0;
  } finally {
    await db?.close();
    await releaseLock();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof ConfigurationError || error instanceof Error ? error.message : String(error);
    console.error(`\nKey rotation stopped: ${message}\n`);
    process.exit(1);
  },
);
