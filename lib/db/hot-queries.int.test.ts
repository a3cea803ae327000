import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";

/**
 * Every query the invoke path makes when its hot cache is cold must find its rows through an index, so
 * that invoke's latency does not grow with the number of installations and connections (the benchmark's
 * scale row). The statements mirror what Prisma sends for each lib/db function named; sequential scans
 * are switched off for the session so that a plan can only avoid one through an index (on a table this
 * small the planner would otherwise prefer a scan whatever the indexes).
 */

const db = useTestDatabase();

const HOT_QUERIES: Array<{ name: string; sql: string }> = [
  { name: "findAccessToken", sql: `SELECT "id", "lastUsedAt", "userId" FROM "PersonalAccessToken" WHERE "tokenHash" = 'h'` },
  { name: "findAccessToken (user)", sql: `SELECT "id", "email", "name" FROM "User" WHERE "id" = 'u'` },
  { name: "findInstallation", sql: `SELECT "id", "appId", "organizationId" FROM "Installation" WHERE "id" = 'i'` },
  { name: "findMembership", sql: `SELECT "role" FROM "Membership" WHERE "userId" = 'u' AND "organizationId" = 'o'` },
  { name: "app definition (oauth configs)", sql: `SELECT * FROM "OAuthConfig" WHERE "appId" = 'a'` },
  { name: "app definition (apis)", sql: `SELECT * FROM "Api" WHERE "appId" = 'a' AND "name" = 'contacts'` },
  { name: "app definition (settings)", sql: `SELECT * FROM "AppSetting" WHERE "appId" = 'a'` },
  { name: "readSettingValues (user)", sql: `SELECT "id", "key", "value", "isEncrypted" FROM "SettingValue" WHERE "installationId" = 'i' AND "userId" = 'u'` },
  { name: "readSettingValues (organization)", sql: `SELECT "id", "key", "value", "isEncrypted" FROM "SettingValue" WHERE "installationId" = 'i' AND "userId" IS NULL` },
  { name: "findConnection", sql: `SELECT * FROM "Connection" WHERE "installationId" = 'i' AND "configName" = 'c' AND "userId" = 'u'` },
  { name: "refresh lease", sql: `UPDATE "Connection" SET "leaseOwner" = 'x' WHERE "id" = 'c' AND ("leaseOwner" IS NULL OR "leaseExpiresAt" < now())` },
];

describe("the invoke path's queries", () => {
  it.each(HOT_QUERIES)("$name uses an index", async ({ sql }) => {
    const driver = db.get().sql;
    await driver.exec("SET enable_seqscan = off");
    try {
      const rows = await driver.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`);
      const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
      expect(plan).not.toMatch(/Seq Scan/);
      expect(plan).toMatch(/Index (Only )?Scan|Bitmap Index Scan/);
    } finally {
      await driver.exec("RESET enable_seqscan");
    }
  });

  it("would notice a query without an index", async () => {
    const driver = db.get().sql;
    await driver.exec("SET enable_seqscan = off");
    try {
      const rows = await driver.query<{ "QUERY PLAN": string }>(`EXPLAIN SELECT * FROM "Connection" WHERE "lastError" = 'x'`);
      expect(rows.map((row) => row["QUERY PLAN"]).join("\n")).toMatch(/Seq Scan/);
    } finally {
      await driver.exec("RESET enable_seqscan");
    }
  });
});
