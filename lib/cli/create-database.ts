/**
 * Creates and migrates a new embedded database in the folder given as the first argument, then exits.
 * The launcher runs it as a child process on a first start (see `createEmbeddedDatabaseApart` in start.ts).
 */
import { openEmbeddedDatabase } from "@/lib/db/client";

const dataDir = process.argv[2];
if (!dataDir) {
  console.error("usage: create-database <folder>");
  process.exit(2);
}
openEmbeddedDatabase(dataDir)
  .then((db) => db.close())
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
