import { findMembershipRole, listMemberships, type Role } from "@/lib/db/accounts";
import { findPublishedApp, type StoreAppDetails } from "@/lib/db/apps";
import { listAuditEvents, type AuditEventRecord } from "@/lib/db/audit";
import {
  changeInstallationSettings,
  createInstallation,
  deleteInstallation,
  findInstallableApp,
  findInstallation,
  findInstallationId,
  listInstallationsOfMember,
  type InstallationRecord,
} from "@/lib/db/installations";
import { listStoredKeys, readSettingValues, type SettingValueWrite } from "@/lib/db/setting-values";
import { conflict, notFound, validationFailed, zodIssues } from "@/lib/errors";
import type { Setting } from "@/lib/schemas/app-definition";
import {
  organizationPrompts,
  organizationSettingsSchema,
  SECRET_MASK,
  type InstallApp,
  type InstallationView,
  type SettingsPatch,
} from "@/lib/schemas/installations";
import { ADMIN_ROLES, can, isAdminRole, requireOrganizationRole } from "./access";
import { getCallbackUrl } from "./connect";
import { invalidateInstallation } from "./connection-context";

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
} as const;

export interface MemberInstallation extends InstallationRecord {
  /** The caller's role in the installation's organization. */
  role: Role;
}

const INSTALLATION_NOT_FOUND = "Installation not found";

/** Installs an app into an organization with the installer's answers; returns the new installation's id. */
export async function installApp(actorId: string, organizationId: string, input: InstallApp): Promise<{ id: string }> {
  await requireOrganizationRole(actorId, organizationId, ADMIN_ROLES);
  const app = await findInstallableApp(input.appId);
  // An unpublished app exists only for the organization that builds it.
  if (!app || (!app.published && app.organizationId !== organizationId)) throw notFound("App not found");
  if (await findInstallationId(app.id, organizationId)) {
    throw conflict(`${app.name} is already installed in this organization; change its settings instead`);
  }
  const parsed = organizationSettingsSchema(app.settings, "install").safeParse(input.settings);
  if (!parsed.success) throw validationFailed(zodIssues(parsed.error, "settings"));

  const secretKeys = new Set(app.settings.filter((setting) => setting.secret).map((setting) => setting.key));
  const values: SettingValueWrite[] = Object.entries(parsed.data).flatMap(([key, value]) =>
    value ? [{ key, value, isSecret: secretKeys.has(key) }] : [],
  );
  const id = await createInstallation({
    appId: app.id,
    organizationId,
    installedById: actorId,
    values,
    audit: {
      userId: actorId,
      type: INSTALLATION_EVENTS.created,
      detail: { appId: app.id, appName: app.name, keys: values.map((value) => value.key) },
    },
  });
  return { id };
}

/**
 * The installation for one of its organization's members, with the caller's role. Anyone else gets a
 * 404, as if it did not exist; a member whose role is not in `roles` gets a 403.
 */
export async function getInstallationForMember(
  userId: string,
  installationId: string,
  roles?: readonly Role[],
): Promise<MemberInstallation> {
  const installation = await findInstallation(installationId);
  if (!installation) throw notFound(INSTALLATION_NOT_FOUND);
  const role = await requireOrganizationRole(userId, installation.organizationId, roles, INSTALLATION_NOT_FOUND);
  return { ...installation, role };
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
  const installation = await getInstallationForMember(actorId, installationId, ADMIN_ROLES);
  const parsed = organizationSettingsSchema(installation.settings, "update").safeParse(patch);
  if (!parsed.success) throw validationFailed(zodIssues(parsed.error));

  const prompts = new Map(organizationPrompts(installation.settings).map((setting) => [setting.key, setting]));
  const answers = Object.entries(parsed.data).flatMap(([key, value]) => (value === undefined ? [] : [{ key, value }]));
  // Decrypted here, server-side, only to tell a real change from a value sent back unchanged.
  const current = await readSettingValues(installationId, null, { keys: answers.map((answer) => answer.key) });
  const writes: SettingValueWrite[] = [];
  const clearedKeys: string[] = [];
  for (const { key, value } of answers) {
    const isSecret = prompts.get(key)!.secret;
    if (isSecret && (value === "" || value === SECRET_MASK)) continue;
    if (value === "") {
      if (key in current) clearedKeys.push(key);
    } else if (current[key] !== value) {
      writes.push({ key, value, isSecret });
    }
  }
  if (writes.length || clearedKeys.length) {
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
    invalidateInstallation(installationId);
  }
  return toView(installation);
}

/** Removes an installation with everything stored for it: its settings and every member's tokens. */
export async function uninstallApp(actorId: string, installationId: string): Promise<void> {
  const installation = await getInstallationForMember(actorId, installationId, ADMIN_ROLES);
  await deleteInstallation({
    installationId,
    organizationId: installation.organizationId,
    audit: {
      userId: actorId,
      type: INSTALLATION_EVENTS.deleted,
      detail: { appId: installation.appId, appName: installation.appName },
    },
  });
  invalidateInstallation(installationId);
}

/** The installations of every organization the user belongs to. */
export const listMyInstallations = listInstallationsOfMember;

export interface InstallationPage {
  installation: MemberInstallation;
  canManage: boolean;
  /** The API's view, secrets masked. */
  view: InstallationView;
  events: AuditEventRecord[];
  callbackUrl: string;
}

/** Everything the installation page shows, or null when the user may not see the installation. */
export async function findInstallationPage(userId: string, installationId: string): Promise<InstallationPage | null> {
  const record = await findInstallation(installationId);
  const role = record && (await findMembershipRole(userId, record.organizationId));
  if (!record || !role) return null;
  const installation = { ...record, role };
  const [view, events] = await Promise.all([
    toView(installation),
    // A member sees only their own connection events; owners and admins the installation's whole trail.
    listAuditEvents({
      organizationId: record.organizationId,
      installationId,
      limit: 100,
      ...(can(role, "audit.viewAll") ? {} : { userId, typePrefix: "connection." }),
    }),
  ]);
  return { installation, canManage: isAdminRole(role), view, events, callbackUrl: getCallbackUrl() };
}

export interface InstallContext {
  /** The organizations the user may install into (owner or admin). */
  adminOrganizations: { id: string; name: string }[];
  /** Where apps are already installed among the user's organizations. */
  installations: { id: string; appId: string; organizationId: string; organizationName: string }[];
}

/** What the store needs to decide, per app, between Install, Open and nothing. */
export async function getInstallContext(userId: string): Promise<InstallContext> {
  const [memberships, installations] = await Promise.all([listMemberships(userId), listInstallationsOfMember(userId)]);
  return {
    adminOrganizations: memberships.filter((membership) => isAdminRole(membership.role)).map(({ id, name }) => ({ id, name })),
    installations: installations.map(({ id, appId, organizationId, organizationName }) => ({ id, appId, organizationId, organizationName })),
  };
}

export interface StoreAppPage extends InstallContext {
  app: Omit<StoreAppDetails, "oauthConfigs"> & { providers: { name: string; host: string; logoUrl: string | null }[] };
  callbackUrl: string;
}

/** A published app as its store page shows it, or null when there is no such published app. */
export async function findStoreAppPage(userId: string, appId: string): Promise<StoreAppPage | null> {
  const [app, context] = await Promise.all([findPublishedApp(appId), getInstallContext(userId)]);
  if (!app) return null;
  const { oauthConfigs, ...rest } = app;
  return {
    // Link URLs are templates the developer wrote; the page needs only the provider's host.
    app: { ...rest, providers: oauthConfigs.map((config) => ({ name: config.name, host: describeProviderHost(config.linkUrl), logoUrl: config.logoUrl })) },
    ...context,
    callbackUrl: getCallbackUrl(),
  };
}

/** The host an authorization link points at; templated hosts (`{{tenant}}.example.com`) are kept as written. */
export function describeProviderHost(linkUrl: string): string {
  try {
    return new URL(linkUrl).hostname;
  } catch {
    // Never the whole URL: only what stands before its path, so no query parameter is shown.
    const authority = linkUrl.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").split(/[/?#]/)[0] ?? "";
    return authority.slice(authority.lastIndexOf("@") + 1).replace(/:\d+$/, "");
  }
}

/** Secrets are masked from the definition, without decrypting them. */
async function toView(installation: InstallationRecord): Promise<InstallationView> {
  return {
    id: installation.id,
    appId: installation.appId,
    organizationId: installation.organizationId,
    settings: await readMaskedSettings(installation.id, installation.settings),
  };
}

async function readMaskedSettings(installationId: string, settings: Setting[]): Promise<Record<string, string>> {
  const stored = new Set(await listStoredKeys(installationId, null));
  const prompts = organizationPrompts(settings).filter((setting) => stored.has(setting.key));
  const plainKeys = prompts.filter((setting) => !setting.secret).map((setting) => setting.key);
  const plain = plainKeys.length ? await readSettingValues(installationId, null, { keys: plainKeys }) : {};
  return Object.fromEntries(prompts.map((setting) => [setting.key, setting.secret ? SECRET_MASK : (plain[setting.key] ?? "")]));
}
