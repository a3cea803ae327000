import { describe, expect, it } from "vitest";
import { getKeyring } from "@/lib/keys";
import { parseAppDefinition } from "@/lib/services/apps";
import { loadInstallationContext } from "@/lib/services/installation-context";
import { createTestAccount } from "@/lib/testing/api";
import { CONTRACT_EXAMPLE } from "@/lib/testing/contract-example";
import { useTestDatabase } from "@/lib/testing/test-database";
import { findAppVersion, freezeLegacyApps, listPublishedApps } from "./app-versions";
import { createApp } from "./apps";

/**
 * The data step of the versions migration: apps published before versions existed become version 1,
 * which their installations (given version 1 by the SQL migration) then run.
 */

const db = useTestDatabase();

/** An app as the data looked before versions: draft rows, maybe published, maybe installed, no version. */
async function legacyApp(name: string, options: { published: boolean; installed: boolean }) {
  const developer = await createTestAccount("legacy");
  const appId = await createApp(developer.organizationId, parseAppDefinition({ ...CONTRACT_EXAMPLE, name }));
  const prisma = db.get().prisma;
  if (options.published) await prisma.app.update({ where: { id: appId }, data: { published: true, publishedAt: new Date("2026-01-02T03:04:05Z") } });
  const installation = options.installed
    ? await prisma.installation.create({ data: { appId, version: 1, organizationId: developer.organizationId, installedById: developer.userId } })
    : null;
  return { developer, appId, installationId: installation?.id };
}

describe("freezing legacy apps", () => {
  it("makes published and installed apps version 1 once, and their installations run it", async () => {
    const published = await legacyApp("Legacy published", { published: true, installed: true });
    const ownUse = await legacyApp("Legacy own use", { published: false, installed: true });
    const draftOnly = await legacyApp("Legacy draft", { published: false, installed: false });
    const prisma = db.get().prisma;
    expect(await prisma.appVersion.count({ where: { appId: published.appId } })).toBe(0);

    expect(await freezeLegacyApps(prisma, getKeyring)).toBe(2);
    expect(await freezeLegacyApps(prisma, getKeyring)).toBe(0);

    const frozen = await findAppVersion(published.appId, 1);
    expect(frozen?.definition.name).toBe("Legacy published");
    // The body templates survive the freeze, and are stored encrypted.
    expect(frozen?.definition.oauthConfigs[0]?.requestBody).toBe(CONTRACT_EXAMPLE.oauthConfigs[0]!.requestBody);
    expect(frozen?.publishedAt.toISOString()).toBe("2026-01-02T03:04:05.000Z");
    const row = await prisma.appVersion.findFirstOrThrow({ where: { appId: published.appId } });
    expect(JSON.stringify(row.definition)).not.toContain(CONTRACT_EXAMPLE.oauthConfigs[0]!.requestBody);

    const context = await loadInstallationContext(published.developer.userId, published.installationId!);
    expect(context.oauthConfigs[0]?.tokenUrl).toBe(CONTRACT_EXAMPLE.oauthConfigs[0]!.tokenUrl);
    expect((await loadInstallationContext(ownUse.developer.userId, ownUse.installationId!)).appName).toBe("Legacy own use");

    expect(await prisma.appVersion.count({ where: { appId: draftOnly.appId } })).toBe(0);
    const store = (await listPublishedApps()).map((app) => app.name);
    expect(store).toContain("Legacy published");
    expect(store).not.toContain("Legacy own use");
  });
});
