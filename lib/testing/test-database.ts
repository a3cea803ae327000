import { afterAll, beforeAll } from "vitest";
import { createPostgresDatabase } from "./postgres-database";
import { clearDatabase, openEmbeddedDatabase, openPostgresDatabase, setDatabase, type Database } from "@/lib/db/client";

/**
 * Gives the calling test file a database of its own: a fresh in-memory PGlite, or, when the run targets
 * PostgreSQL (`TEST_DB_TARGET=postgres` with `TEST_DATABASE_URL`), a freshly created database on that
 * server that is dropped afterwards. The database becomes the process's database for the services.
 */
export function useTestDatabase(): { get(): Database; postgresUrl(): string | undefined } {
  let db: Database | undefined;
  let postgresUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const target = process.env.TEST_DB_TARGET;
    if (target === "postgres") {
      const serverUrl = process.env.TEST_DATABASE_URL;
      if (!serverUrl) throw new Error("TEST_DB_TARGET=postgres needs TEST_DATABASE_URL");
      const created = await createPostgresDatabase(serverUrl);
      dropDatabase = created.drop;
      postgresUrl = created.url;
      db = await openPostgresDatabase(created.url);
    } else {
      db = await openEmbeddedDatabase();
    }
    setDatabase(db);
  });
  afterAll(async () => {
    clearDatabase();
    await db?.close();
    await dropDatabase?.();
  });
  return {
    get() {
      if (!db) throw new Error("the test database is not open yet (use it inside a test or hook)");
      return db;
    },
    /** The database's URL when the run targets PostgreSQL, for a second client playing another instance. */
    postgresUrl() {
      return postgresUrl;
    },
  };
}
