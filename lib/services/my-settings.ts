import { findAppVersion } from "@/lib/db/app-versions";
import { changeUserSettings } from "@/lib/db/installations";
import { listStoredEntries, readSettingValues } from "@/lib/db/setting-values";
import { notFound, validationFailed, type IssueDetail } from "@/lib/errors";
import type { Setting } from "@/lib/schemas/app-definition";
import { personalSettingsOf, SECRET_MASK, type MySettingsPatch, type MySettingsView } from "@/lib/schemas/installations";
import { getInstallationForMember } from "./installation-context";
import { INSTALLATION_EVENTS } from "./installations";
import { planSettingWrites } from "./setting-patch";

/**
 * A member's own user-level settings that are not tokens (a workspace id, say): each member reads and
 * writes only their own, and tokens stay the OAuth flow's to write. Secret values are stored encrypted
 * and read back masked, like the organization's.
 */

/** The caller's personal settings of the installation's version, and their values with secrets masked. */
export async function getMySettings(userId: string, installationId: string): Promise<MySettingsView> {
  const { settings } = await loadPersonalSettings(userId, installationId);
  return { settings, values: await readMaskedValues(installationId, userId, settings) };
}

/**
 * Changes some of the caller's personal values. A token variable, an organization-level key or a key the
 * app does not have is a 422 naming it, and nothing is written. As on the organization's settings, a
 * secret sent empty or as the mask keeps its stored value and an empty plain value clears it.
 */
export async function updateMySettings(userId: string, installationId: string, patch: MySettingsPatch): Promise<MySettingsView> {
  const { installation, settings, organizationKeys, tokenKeys } = await loadPersonalSettings(userId, installationId);
  const personal = new Map(settings.map((setting) => [setting.key, setting]));
  const issues: IssueDetail[] = [];
  for (const [key, value] of Object.entries(patch.values)) {
    const path = `values.${key}`;
    const setting = personal.get(key);
    if (setting) {
      if (setting.required && !setting.secret && value.trim() === "") issues.push({ path, message: `${setting.label} is required` });
    } else if (tokenKeys.has(key)) {
      issues.push({ path, message: `"${key}" holds a token; it is written only by connecting your account` });
    } else if (organizationKeys.has(key)) {
      issues.push({ path, message: `"${key}" is an organization setting; owners and admins change it in the installation's settings` });
    } else {
      issues.push({ path, message: `"${key}" is not a setting of this app` });
    }
  }
  if (issues.length) throw validationFailed(issues);

  const stored = new Map((await listStoredEntries(installationId, userId)).map((entry) => [entry.key, entry.isEncrypted]));
  const current = await readSettingValues(installationId, userId, { keys: Object.keys(patch.values) });
  const answers = Object.entries(patch.values).map(([key, value]) => ({ key, value: value.trim() }));
  const { writes, clearedKeys } = planSettingWrites(answers, current, (key) => personal.get(key)!.secret || stored.get(key) === true);
  if (writes.length || clearedKeys.length) {
    await changeUserSettings({
      installationId,
      organizationId: installation.organizationId,
      userId,
      writes,
      clearedKeys,
      audit: { userId, type: INSTALLATION_EVENTS.userSettingsChanged, detail: { keys: [...writes.map((write) => write.key), ...clearedKeys] } },
    });
  }
  return { settings, values: await readMaskedValues(installationId, userId, settings) };
}

async function loadPersonalSettings(userId: string, installationId: string) {
  const installation = await getInstallationForMember(userId, installationId);
  const version = await findAppVersion(installation.appId, installation.version);
  if (!version) throw notFound("Installation not found");
  const { definition } = version;
  const settings = personalSettingsOf(definition);
  const personalKeys = new Set(settings.map((setting) => setting.key));
  const keysWhere = (keep: (setting: Setting) => boolean) => new Set(definition.settings.filter(keep).map((setting) => setting.key));
  return {
    installation,
    settings,
    tokenKeys: keysWhere((setting) => setting.level === "user" && !personalKeys.has(setting.key)),
    organizationKeys: keysWhere((setting) => setting.level === "organization"),
  };
}

/** Masking follows storage, as for the organization's values; tokens are never among the keys read. */
async function readMaskedValues(installationId: string, userId: string, settings: Setting[]): Promise<Record<string, string>> {
  const stored = new Map((await listStoredEntries(installationId, userId)).map((entry) => [entry.key, entry.isEncrypted]));
  const present = settings.filter((setting) => stored.has(setting.key));
  const isMasked = (setting: Setting) => setting.secret || stored.get(setting.key) === true;
  const plainKeys = present.filter((setting) => !isMasked(setting)).map((setting) => setting.key);
  const plain = plainKeys.length ? await readSettingValues(installationId, userId, { keys: plainKeys }) : {};
  return Object.fromEntries(present.map((setting) => [setting.key, isMasked(setting) ? SECRET_MASK : (plain[setting.key] ?? "")]));
}
