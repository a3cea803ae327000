import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";

/**
 * The little raw SQL the migration runner and the tests need, over either PGlite or a node-postgres
 * client. Application queries go through Prisma instead.
 */
export interface SqlDriver {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script of several statements. */
  exec(sql: string): Promise<void>;
}

export function pgliteDriver(db: PGlite): SqlDriver {
  return {
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await db.query<Row>(sql, params);
      return result.rows;
    },
    async exec(sql) {
      await db.exec(sql);
    },
  };
}

/**
 * One client runs one query at a time: callers that overlap (a `Promise.all` of raw queries) are queued
 * here rather than in the client, which node-postgres deprecates and will refuse in its next major.
 */
export function pgClientDriver(client: pg.ClientBase): SqlDriver {
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(run: () => Promise<T>): Promise<T> => {
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  };
  return {
    query<Row>(sql: string, params: unknown[] = []) {
      return serially(async () => (await client.query(sql, params)).rows as Row[]);
    },
    exec(sql) {
      return serially(async () => {
        await client.query(sql);
      });
    },
  };
}
