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

export function pgClientDriver(client: pg.ClientBase): SqlDriver {
  return {
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await client.query(sql, params);
      return result.rows as Row[];
    },
    async exec(sql) {
      await client.query(sql);
    },
  };
}
