import { findAppVersion, findLatestAppVersion } from "@/lib/db/app-versions";
import {
  changeInstallationSettings,
  changeInstallationVersion,
  createInstallation,
  deleteInstallation,
  findInstallableApp,
  findInstallationId,
  type InstallationRecord,
} from "@/lib/db/installations";
import { listConnectionsOfInstallations } from "@/lib/db/organizations";
import { listStoredEntries, readSettingValues, type SettingValueWrite } from "@/lib/db/setting-values";
import { conflict, notFound, validationFailed, zodIssues, type IssueDetail } from "@/lib/errors";
import type { Setting } from "@/lib/schemas/app-definition";
import {
  listSettingsToFill,
  organizationPrompts,
  organizationSettingsSchema,
  SECRET_MASK,
  type InstallApp,
  type InstallationView,
  type SettingsPatch,
  type UpgradeInstallation,
  type UpgradeOffer,
} from "@/lib/schemas/installations";
import { can, requirePermission } from "./access";
import { checkClientCredentials } from "./credential-check";
import { getInstallationForMember, type MemberInstallation } from "./installation-context";
import { revokeConnectionsAtProvider } from "./revocation";
import { planSettingWrites } from "./setting-patch";
import { diffVersions } from "./version-changes";

export type { AuditEventRecord } from "@/lib/db/audit";
export type { InstallationListItem } from "@/lib/db/installations";

/**
 * Installing apps from the store and managing what installers answered. Owners and admins install,
 * change settings and uninstall; every member may look. Secret values never leave this module except
 * through `loadOrganizationSettings`, which is for the server's own OAuth and API calls.
 */

export const INSTALLATION_EVENTS = {
  created: "installation.created",
  settingsChanged: "installation.settings_changed",
  deleted: "installation.deleted",
  upgraded: "installation.upgraded",
  userSettingsChanged: "installation.user_settings_changed",
} as const;

/**
 * Installs the app's latest published version into an organization with the installer's answers; returns
 * the new installation's id. Given `version` (the one the installer was shown), anything else is a 409.
 * The developer's own organization installs like anyone else: a published version, never the draft.
 */
export async function installApp(
  actorId: string,
  organizationId: string,
  input: InstallApp,
  { checkCredentials = true }: { checkCredentials?: boolean } = {},
): Promise<{ id: string }> {
  await requirePermission(actorId, organizationId, "installation.install");
  const app = await findInstallableApp(input.appId);
  // An unpublished app exists only for the organization that builds it.
  if (!app || (!app.published && app.organizationId !== organizationId)) throw notFound("App not found");
  if (app.version === null) throw conflict(`Publish ${app.name} first: installations run a published version, never the draft`);
  // The installer agreed to what they saw: a version published since then must be reviewed first.
  if (input.version !== undefined && input.version !== app.version) {
    throw conflict(
      `${app.name} changed since you viewed it: version ${app.version} is the latest, not version ${input.version}. Review what it does now and install again.`,
      { version: app.version },
    );
  }
  if (await findInstallationId(app.id, organizationId)) {
    throw conflict(`${app.name} is already installed in this organization; change its settings instead`);
  }
  const parsed = organizationSettingsSchema(app.settings, "install").safeParse(input.settings);
  if (!parsed.success) throw validationFailed(zodIssues(parsed.error, "settings"));

  const secretKeys = new Set(app.settings.filter((setting) => setting.secret).map((setting) => setting.key));
  const values: SettingValueWrite[] = Object.entries(parsed.data).flatMap(([key, value]) =>
    value ? [{ key, value, isSecret: secretKeys.has(key) }] : [],
  );
  // Where the provider can tell, a wrong client secret is refused now, not after a member's consent.
  if (checkCredentials) {
    await checkClientCredentials(
      { settings: app.settings, oauthConfigs: await loadOAuthConfigs(app.id, app.version) },
      Object.fromEntries(values.map(({ key, value }) => [key, value])),
      { pathPrefix: "settings." },
    );
  }
  const id = await createInstallation({
    appId: app.id,
    version: app.version,
    organizationId,
    installedById: actorId,
    values,
    audit: {
      userId: actorId,
      type: INSTALLATION_EVENTS.created,
      detail: { appId: app.id, appName: app.name, version: app.version, keys: values.map((value) => value.key) },
    },
  });
  return { id };
}

/** The organization-level values, decrypted. Server-side only: never send the result to a browser. */
export function loadOrganizationSettings(installationId: string): Promise<Record<string, string>> {
  return readSettingValues(installationId, null);
}

/** The contract's view of an installation, for any member of its organization. */
export async function getInstallationView(userId: string, installationId: string): Promise<InstallationView> {
  return toView(await getInstallationForMember(userId, installationId));
}

/**
 * Changes some organization-level values. Omitted keys stay as they are, and so does a secret sent
 * empty or as the mask, so a form can send back what it was shown. An empty optional value is cleared.
 * Only the keys whose value really changes are written and named in the audit event.
 */
export async function updateInstallationSettings(
  actorId: string,
  installationId: string,
  patch: SettingsPatch,
): Promise<InstallationView> {
  const installation = await getInstallationForMember(actorId, installationId, "installation.configure");
  const parsed = organizationSettingsSchema(installation.settings, "update").safeParse(patch);
  if (!parsed.success) throw validationFailed(zodIssues(parsed.error));

  const prompts = new Map(organizationPrompts(installation.settings).map((setting) => [setting.key, setting]));
  const answers = Object.entries(parsed.data).flatMap(([key, value]) => (value === undefined ? [] : [{ key, value }]));
  // Decrypted here, server-side, only to tell a real change from a value sent back unchanged.
  const current = await readSettingValues(installationId, null, { keys: answers.map((answer) => answer.key) });
  const storedAsSecret = await listSecretStoredKeys(installationId);
  const { writes, clearedKeys } = planSettingWrites(answers, current, (key) => prompts.get(key)!.secret || storedAsSecret.has(key));
  if (writes.length || clearedKeys.length) {
    // Decrypted server-side only to send the client credentials to the provider that checks them.
    const merged: Record<string, string> = { ...(await loadOrganizationSettings(installationId)) };
    for (const key of clearedKeys) delete merged[key];
    for (const write of writes) merged[write.key] = write.value;
    await checkClientCredentials(
      { settings: installation.settings, oauthConfigs: await loadOAuthConfigs(installation.appId, installation.version) },
      merged,
      { changedKeys: new Set([...writes.map((write) => write.key), ...clearedKeys]) },
    );
    await changeInstallationSettings({
      installationId,
      organizationId: installation.organizationId,
      writes,
      clearedKeys,
      audit: {
        userId: actorId,
        type: INSTALLATION_EVENTS.settingsChanged,
        detail: { keys: [...writes.map((write) => write.key), ...clearedKeys] },
      },
    });
  }
  return toView(installation);
}

/** Removes an installation with everything stored for it: its settings and every member's tokens. */
export async function uninstallApp(actorId: string, installationId: string): Promise<void> {
  const installation = await getInstallationForMember(actorId, installationId, "installation.uninstall");
  // Best effort and before the local delete, while the tokens still exist to be revoked.
  await revokeConnectionsAtProvider(await listConnectionsOfInstallations([installationId]), { actorId, cause: "uninstall" });
  await deleteInstallation({
    installationId,
    organizationId: installation.organizationId,
    audit: {
      userId: actorId,
      type: INSTALLATION_EVENTS.deleted,
      detail: { appId: installation.appId, appName: installation.appName },
    },
  });
}

/**
 * Moves an installation to one of its app's versions (owners and admins). Settings that the version
 * newly requires at the organization level must be answered in `settings` unless a value is stored
 * already; each missing one is named in the 422. The audit event records who moved it from which
 * version to which.
 */
export async function upgradeInstallation(actorId: string, installationId: string, input: UpgradeInstallation): Promise<InstallationView> {
  const installation = await getInstallationForMember(actorId, installationId, "installation.upgrade");
  const target = await findAppVersion(installation.appId, input.version);
  if (!target) throw validationFailed([{ path: "version", message: `There is no version ${input.version} of this app` }]);
  if (input.version < installation.version) {
    throw validationFailed([{ path: "version", message: `The installation runs version ${installation.version}; choose a newer one` }]);
  }
  if (input.version === installation.version) return toView(installation);

  const parsed = organizationSettingsSchema(target.definition.settings, "update").safeParse(input.settings);
  if (!parsed.success) throw validationFailed(zodIssues(parsed.error, "settings"));
  const stored = new Map((await listStoredEntries(installationId, null)).map((entry) => [entry.key, entry.isEncrypted]));
  const prompts = organizationPrompts(target.definition.settings);
  const missing: IssueDetail[] = listSettingsToFill(target.definition.settings, new Set(stored.keys()))
    .filter((setting) => !parsed.data[setting.key])
    .map((setting) => ({ path: `settings.${setting.key}`, message: `${setting.label} is required by version ${input.version}` }));
  if (missing.length) {
    const keys = missing.map((issue) => issue.path.slice("settings.".length));
    throw validationFailed(missing, `Version ${input.version} needs these organization settings: ${keys.join(", ")}`);
  }

  const writes: SettingValueWrite[] = prompts.flatMap((setting) => {
    const value = parsed.data[setting.key];
    if (!value || (setting.secret && value === SECRET_MASK)) return [];
    return [{ key: setting.key, value, isSecret: setting.secret || stored.get(setting.key) === true }];
  });
  await changeInstallationVersion({
    installationId,
    organizationId: installation.organizationId,
    fromVersion: installation.version,
    toVersion: input.version,
    writes,
    audit: {
      userId: actorId,
      type: INSTALLATION_EVENTS.upgraded,
      detail: { appId: installation.appId, appName: target.definition.name, from: installation.version, to: input.version, keys: writes.map((write) => write.key) },
    },
  });
  return getInstallationView(actorId, installationId);
}

/**
 * The latest version's changes against the one the installation runs, and the organization settings an
 * upgrade to it needs answered given the keys stored now; null when it runs the latest.
 */
async function findUpgradeOffer(installation: InstallationRecord, storedKeys: ReadonlySet<string>): Promise<UpgradeOffer | null> {
  const latest = await findLatestAppVersion(installation.appId);
  if (!latest || latest.version <= installation.version) return null;
  const pinned = await findAppVersion(installation.appId, installation.version);
  if (!pinned) return null;
  return {
    version: latest.version,
    changes: diffVersions(pinned.definition, latest.definition),
    settingsToFill: listSettingsToFill(latest.definition.settings, storedKeys).map(({ key, label, secret }) => ({ key, label, secret })),
  };
}

async function loadOAuthConfigs(appId: string, version: number) {
  return (await findAppVersion(appId, version))?.definition.oauthConfigs ?? [];
}

async function listSecretStoredKeys(installationId: string): Promise<Set<string>> {
  return new Set((await listStoredEntries(installationId, null)).filter((entry) => entry.isEncrypted).map((entry) => entry.key));
}

/**
 * The contract's view, for the member who asked. Secrets are masked without being decrypted. Only those
 * who may upgrade see the offer: a plain member gets `upgrade: null`, whatever exists.
 */
export async function toView(installation: MemberInstallation): Promise<InstallationView> {
  const stored = new Map((await listStoredEntries(installation.id, null)).map((entry) => [entry.key, entry.isEncrypted]));
  const [settings, upgrade] = await Promise.all([
    readMaskedSettings(installation.id, installation.settings, stored),
    can(installation.role, "installation.upgrade") ? findUpgradeOffer(installation, new Set(stored.keys())) : null,
  ]);
  return {
    id: installation.id,
    appId: installation.appId,
    organizationId: installation.organizationId,
    settings,
    version: installation.version,
    upgrade,
  };
}

/** Masking follows storage: a value written as secret reads back masked even if its setting no longer is. */
async function readMaskedSettings(installationId: string, settings: Setting[], stored: Map<string, boolean>): Promise<Record<string, string>> {
  const prompts = organizationPrompts(settings).filter((setting) => stored.has(setting.key));
  const isMasked = (setting: Setting) => setting.secret || stored.get(setting.key) === true;
  const plainKeys = prompts.filter((setting) => !isMasked(setting)).map((setting) => setting.key);
  const plain = plainKeys.length ? await readSettingValues(installationId, null, { keys: plainKeys }) : {};
  return Object.fromEntries(prompts.map((setting) => [setting.key, isMasked(setting) ? SECRET_MASK : (plain[setting.key] ?? "")]));
}
