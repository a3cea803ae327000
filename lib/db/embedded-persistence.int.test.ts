import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openEmbeddedDatabase } from "./client";
import { readMigrations } from "./migrate";

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe("the embedded database", () => {
  it("keeps its data across a restart, creating a missing folder, and migrates only once", async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), "gatehouse-data-")), "nested", "pglite");
    dirs.push(path.dirname(path.dirname(dir)));
    const first = await openEmbeddedDatabase(dir);
    await first.prisma.user.create({ data: { email: "kept@example.com", passwordHash: "x" } });
    await first.close();

    const second = await openEmbeddedDatabase(dir);
    expect(await second.prisma.user.findUnique({ where: { email: "kept@example.com" } })).not.toBeNull();
    const migrations = await second.sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM "_prisma_migrations"`);
    // Each migration recorded once, not once per open.
    expect(migrations[0]?.count).toBe((await readMigrations()).length);
    await second.close();
  });
});
