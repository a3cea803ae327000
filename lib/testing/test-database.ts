import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { clearDatabase, openEmbeddedDatabase, openPostgresDatabase, setDatabase, type Database } from "@/lib/db/client";

/**
 * Gives the calling test file a database of its own: a fresh in-memory PGlite, or, when the run targets
 * PostgreSQL (`TEST_DB_TARGET=postgres` with `TEST_DATABASE_URL`), a freshly created database on that
 * server that is dropped afterwards. The database becomes the process's database for the services.
 */
export function useTestDatabase(): { get(): Database } {
  let db: Database | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const target = process.env.TEST_DB_TARGET;
    if (target === "postgres") {
      const created = await createPostgresDatabase();
      dropDatabase = created.drop;
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
  };
}

/** Creates an empty database on the TEST_DATABASE_URL server; returns its URL and a way to drop it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("TEST_DB_TARGET=postgres needs TEST_DATABASE_URL");
  const name = `gatehouse_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
