import { createHash } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { applyMigrations, MigrationError, readMigrations, type Migration } from "./migrate";
import { pgliteDriver } from "./sql-driver";

const migration = (name: string, sql: string): Migration => ({
  name,
  sql,
  checksum: createHash("sha256").update(sql).digest("hex"),
});

describe("applyMigrations", () => {
  it("applies the project's migrations once and records them as Prisma does", async () => {
    const driver = pgliteDriver(await PGlite.create());
    const migrations = await readMigrations();
    expect(await applyMigrations(driver, migrations)).toEqual(migrations.map((m) => m.name));
    expect(await applyMigrations(driver, migrations)).toEqual([]);
    const rows = await driver.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations"`,
    );
    expect(rows).toEqual(
      migrations.map((m) => ({ migration_name: m.name, checksum: m.checksum, finished_at: expect.any(Date), applied_steps_count: 1 })),
    );
  });

  it("rolls a failing migration back whole and records nothing for it", async () => {
    const driver = pgliteDriver(await PGlite.create());
    const broken = migration("002_broken", `CREATE TABLE "half" (id int); SELECT * FROM "missing_table";`);
    await expect(applyMigrations(driver, [migration("001_ok", `CREATE TABLE "ok" (id int);`), broken])).rejects.toThrow(
      MigrationError,
    );
    const tables = await driver.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((row) => row.table_name)).toEqual(["_prisma_migrations", "ok"]);
    const names = await driver.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations"`);
    expect(names.map((row) => row.migration_name)).toEqual(["001_ok"]);
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    const driver = pgliteDriver(await PGlite.create());
    await applyMigrations(driver, [migration("001_a", `CREATE TABLE "a" (id int);`)]);
    await expect(applyMigrations(driver, [migration("001_a", `CREATE TABLE "a" (id bigint);`)])).rejects.toThrow(
      /changed after it was applied/,
    );
  });
});
