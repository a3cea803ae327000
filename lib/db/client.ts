import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { getEnv } from "@/lib/env";
import { collectGarbage } from "@/lib/idle-collector";
import { logger } from "@/lib/logger";
import { getKeyring } from "@/lib/keys";
import { freezeLegacyApps } from "./app-versions";
import { PrismaClient } from "./generated/client";
import { listenOnPglite, listenOnPostgres, type InvalidationListener } from "./invalidation-listener";
import { applyMigrations } from "./migrate";
import { pgClientDriver, pgliteDriver, type SqlDriver } from "./sql-driver";

export type { PrismaClient } from "./generated/client";

/** An open database: the Prisma client plus a raw SQL driver for migrations and tests. */
export interface Database {
  kind: "embedded" | "postgres";
  prisma: PrismaClient;
  sql: SqlDriver;
  /** Receives the cache invalidations announced by every instance (this one included). */
  invalidations: InvalidationListener;
  close(): Promise<void>;
}

/**
 * Opens PGlite in `dataDir` (created when missing), or in memory when `dataDir` is undefined, and
 * applies the migrations. PGlite belongs to one process: the launcher guards the folder with a lock.
 */
export async function openEmbeddedDatabase(dataDir?: string): Promise<Database> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const isNew = !dataDir || !hasEmbeddedDatabase(dataDir);
  const pglite = await PGlite.create(dataDir ? path.resolve(dataDir) : undefined, { startParams: EMBEDDED_START_PARAMS });
  const sql = pgliteDriver(pglite);
  await applyMigrations(sql);
  // Creating a database runs initdb in a second WebAssembly instance whose ~450 MB of memory is garbage
  // once it is done, but nothing in an idle server prompts V8 to collect it: collect it now, once.
  if (isNew) collectGarbage();
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const invalidations = await listenOnPglite(pglite);
  await freezeLegacyApps(prisma, getKeyring);
  return {
    kind: "embedded",
    prisma,
    sql,
    invalidations,
    async close() {
      await invalidations.close();
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

/**
 * PGlite's own start parameters plus smaller buffers: one process serves one user's laptop, and
 * PostgreSQL's server defaults (128 MB of shared buffers) would only grow the WebAssembly heap.
 */
const EMBEDDED_START_PARAMS = [
  "--single", "-F", "-O", "-j",
  "-c", "search_path=public",
  "-c", "exit_on_error=false",
  "-c", "log_checkpoints=false",
  "-c", "max_worker_processes=0",
  "-c", "max_parallel_workers=0",
  "-c", "max_parallel_workers_per_gather=0",
  "-c", "io_method=sync",
  "-c", "max_parallel_maintenance_workers=0",
  "-c", "shared_buffers=16MB",
  "-c", "wal_buffers=1MB",
  "-c", "maintenance_work_mem=16MB",
];

/** Connects to PostgreSQL and applies the migrations; several instances may share the database. */
export async function openPostgresDatabase(connectionString: string): Promise<Database> {
  const admin = new pg.Client({ connectionString });
  // Without a listener, PostgreSQL ending this idle connection (a restart, a fail-over, pg_terminate_backend)
  // would be an uncaught exception that takes the whole instance down.
  admin.on("error", (error) => logger.warn("the migration connection to PostgreSQL was closed", { reason: error.message }));
  await admin.connect();
  const sql = pgClientDriver(admin);
  let invalidations: InvalidationListener;
  try {
    await applyMigrations(sql);
    invalidations = await listenOnPostgres(connectionString);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) });
  try {
    // The data step of the versions migration: it needs the encryption key, so it runs here, not in SQL.
    await freezeLegacyApps(prisma, getKeyring);
  } catch (error) {
    await prisma.$disconnect();
    await admin.end();
    throw error;
  }
  return {
    kind: "postgres",
    prisma,
    sql,
    invalidations,
    async close() {
      await invalidations.close();
      await prisma.$disconnect();
      await admin.end();
    },
  };
}

/** Whether `dataDir` already holds an embedded database (initdb has run in it). */
export function hasEmbeddedDatabase(dataDir: string): boolean {
  return existsSync(path.join(dataDir, "PG_VERSION"));
}

/** The embedded data folder's database lives in this sub-folder, beside the generated key. */
export function embeddedDatabaseDir(dataDir: string): string {
  return path.join(dataDir, "pglite");
}

// The launcher opens the database before Next.js loads any route, and the bundled route modules are a
// separate module graph in the same process: a global is the one place both can see.
const globalKey = Symbol.for("gatehouse.database");
type GlobalWithDatabase = typeof globalThis & { [globalKey]?: Promise<Database> };
const store = globalThis as GlobalWithDatabase;

/** Makes `db` the process's database (the launcher and the tests call this). */
export function setDatabase(db: Database): void {
  store[globalKey] = Promise.resolve(db);
}

/** Forgets the process's database without closing it. */
export function clearDatabase(): void {
  delete store[globalKey];
}

/** The process's database, opened lazily from the configuration on first use. */
export function getDatabase(): Promise<Database> {
  store[globalKey] ??= openFromEnv().catch((error: unknown) => {
    delete store[globalKey];
    throw error;
  });
  return store[globalKey];
}

/** The Prisma client of the process's database. */
export async function getPrisma(): Promise<PrismaClient> {
  return (await getDatabase()).prisma;
}

function openFromEnv(): Promise<Database> {
  const env = getEnv();
  return env.DATABASE_URL
    ? openPostgresDatabase(env.DATABASE_URL)
    : openEmbeddedDatabase(embeddedDatabaseDir(env.DATA_DIR));
}
