import { createApp } from "@/lib/db/apps";
import { publishDraft } from "@/lib/db/app-versions";
import { getPrisma } from "@/lib/db/client";
import { writeSettingValues } from "@/lib/db/setting-values";
import { parseAppDefinition } from "@/lib/services/apps";
import { createTestAccount } from "./api";

/**
 * An app published and installed in a fresh organization with its organization-level answers, for flow
 * tests: the owner of that organization is the developer and the end user. As everywhere, the
 * installation runs the published version, never the draft.
 */
export async function installAppForTest(definition: unknown, organizationSettings: Record<string, string>) {
  const account = await createTestAccount("installer");
  const parsed = parseAppDefinition(definition);
  const appId = await createApp(account.organizationId, parsed);
  const { version } = await publishDraft(appId, account.userId);
  const prisma = await getPrisma();
  const installation = await prisma.installation.create({
    data: { appId, version, organizationId: account.organizationId, installedById: account.userId },
  });
  const secretKeys = new Set(parsed.settings.filter((setting) => setting.secret).map((setting) => setting.key));
  await writeSettingValues(
    installation.id,
    null,
    Object.entries(organizationSettings).map(([key, value]) => ({ key, value, isSecret: secretKeys.has(key) })),
  );
  return { ...account, appId, installationId: installation.id };
}
