import { conflict, notFound } from "@/lib/errors";
import type { Setting } from "@/lib/schemas/app-definition";
import { findAppVersion, findLatestAppVersion } from "./app-versions";
import { recordAuditEvent } from "./audit";
import { getPrisma } from "./client";
import { Prisma } from "./generated/client";
import type { Role } from "./generated/enums";
import { invalidateSettingScope, invalidatingTransaction } from "./invalidation";
import { deleteSettingValues, writeSettingValues, type SettingValueWrite } from "./setting-values";

/**
 * Installations of apps into organizations. Their organization-level values live in SettingValue rows
 * (see setting-values.ts); every change here commits together with its audit event, so the trail never
 * claims a change that was rolled back, nor misses one that happened, and announces
 * `installation:<id>` to the hot caches of every instance (see invalidation.ts).
 */

/** What installing needs to know about an app: its latest version, which an installation pins. */
export interface InstallableApp {
  id: string;
  name: string;
  organizationId: string;
  published: boolean;
  /** The latest published version, or null when the app was never published. */
  version: number | null;
  settings: Setting[];
}

export interface InstallationRecord {
  id: string;
  appId: string;
  appName: string;
  appDescription: string | null;
  logoUrl: string | null;
  organizationId: string;
  organizationName: string;
  createdAt: Date;
  installedBy: { id: string; email: string; name: string | null } | null;
  /** The app version this installation runs. */
  version: number;
  /** The settings of that version, every level. */
  settings: Setting[];
  /** Public facts of that version's OAuth configs; never their templates. */
  oauthConfigs: { name: string; logoUrl: string | null }[];
}

export interface InstallationListItem {
  id: string;
  appId: string;
  appName: string;
  appDescription: string | null;
  logoUrl: string | null;
  organizationId: string;
  organizationName: string;
  /** The listing user's role in the installation's organization. */
  role: Role;
  createdAt: Date;
}

/** Who acted and what to record about it; the organization and installation are implied. */
export interface AuditNote {
  userId: string;
  type: string;
  detail: Record<string, unknown>;
}

const toSetting = (row: Setting): Setting => ({
  key: row.key,
  label: row.label,
  level: row.level,
  secret: row.secret,
  required: row.required,
});

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export async function findInstallableApp(appId: string): Promise<InstallableApp | null> {
  const prisma = await getPrisma();
  const app = await prisma.app.findUnique({ where: { id: appId }, select: { id: true, name: true, organizationId: true, published: true } });
  if (!app) return null;
  const latest = await findLatestAppVersion(appId);
  if (!latest) return { ...app, version: null, settings: [] };
  return { ...app, name: latest.definition.name, version: latest.version, settings: latest.definition.settings.map(toSetting) };
}

/** An installation with the public facts of the version it runs. */
export async function findInstallation(id: string): Promise<InstallationRecord | null> {
  const prisma = await getPrisma();
  const row = await prisma.installation.findUnique({
    where: { id },
    select: {
      id: true,
      appId: true,
      version: true,
      createdAt: true,
      organization: { select: { id: true, name: true } },
      installedBy: { select: { id: true, email: true, name: true } },
    },
  });
  if (!row) return null;
  const pinned = await findAppVersion(row.appId, row.version);
  if (!pinned) return null;
  const { definition } = pinned;
  return {
    id: row.id,
    appId: row.appId,
    appName: definition.name,
    appDescription: definition.description ?? null,
    logoUrl: definition.oauthConfigs[0]?.logoUrl ?? null,
    organizationId: row.organization.id,
    organizationName: row.organization.name,
    createdAt: row.createdAt,
    installedBy: row.installedBy,
    version: row.version,
    settings: definition.settings.map(toSetting),
    oauthConfigs: definition.oauthConfigs.map((config) => ({ name: config.name, logoUrl: config.logoUrl ?? null })),
  };
}

/**
 * The name of the version an installation runs, read from its version row's own column: nothing is
 * decrypted, and the draft is never looked at.
 */
export async function findInstallationAppName(id: string): Promise<string | null> {
  const prisma = await getPrisma();
  const installation = await prisma.installation.findUnique({ where: { id }, select: { appId: true, version: true } });
  if (!installation) return null;
  const pinned = await prisma.appVersion.findUnique({
    where: { appId_version: { appId: installation.appId, version: installation.version } },
    select: { name: true },
  });
  return pinned?.name ?? null;
}

/** The installation of an app in an organization, if there is one. */
export async function findInstallationId(appId: string, organizationId: string): Promise<string | null> {
  const prisma = await getPrisma();
  const row = await prisma.installation.findUnique({
    where: { appId_organizationId: { appId, organizationId } },
    select: { id: true },
  });
  return row?.id ?? null;
}

/** The installations of every organization the user belongs to, newest first, as their pinned versions name them. */
export async function listInstallationsOfMember(userId: string): Promise<InstallationListItem[]> {
  const prisma = await getPrisma();
  const rows = await prisma.installation.findMany({
    where: { organization: { memberships: { some: { userId } } } },
    select: {
      id: true,
      appId: true,
      version: true,
      createdAt: true,
      organization: { select: { id: true, name: true, memberships: { where: { userId }, select: { role: true } } } },
    },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  const items = await Promise.all(
    rows.map(async (row): Promise<InstallationListItem | null> => {
      const pinned = await findAppVersion(row.appId, row.version);
      if (!pinned) return null;
      return {
        id: row.id,
        appId: row.appId,
        appName: pinned.definition.name,
        appDescription: pinned.definition.description ?? null,
        logoUrl: pinned.definition.oauthConfigs[0]?.logoUrl ?? null,
        organizationId: row.organization.id,
        organizationName: row.organization.name,
        // The where clause guarantees the membership exists.
        role: row.organization.memberships[0]!.role,
        createdAt: row.createdAt,
      };
    }),
  );
  return items.filter((item) => item !== null);
}

/**
 * Creates the installation with its answered values and the audit event, in one transaction. A second
 * installation of the same app in the same organization is a 409, also when two requests race.
 */
export async function createInstallation(input: {
  appId: string;
  version: number;
  organizationId: string;
  installedById: string;
  values: SettingValueWrite[];
  audit: AuditNote;
}): Promise<string> {
  const prisma = await getPrisma();
  try {
    return await prisma.$transaction(async (tx) => {
      const installation = await tx.installation.create({
        data: { appId: input.appId, version: input.version, organizationId: input.organizationId, installedById: input.installedById },
        select: { id: true },
      });
      await writeSettingValues(installation.id, null, input.values, { tx });
      await recordAuditEvent(
        { organizationId: input.organizationId, installationId: installation.id, ...input.audit },
        { tx },
      );
      return installation.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("This app is already installed in this organization");
    throw error;
  }
}

/** Writes and clears organization-level values of an installation, with the audit event, in one transaction. */
export async function changeInstallationSettings(input: {
  installationId: string;
  organizationId: string;
  writes: SettingValueWrite[];
  clearedKeys: string[];
  audit: AuditNote;
}): Promise<void> {
  await invalidatingTransaction(async (tx, invalidate) => {
    invalidate("installation", input.installationId);
    await writeSettingValues(input.installationId, null, input.writes, { tx });
    if (input.clearedKeys.length) await deleteSettingValues(input.installationId, null, input.clearedKeys, tx);
    await recordAuditEvent(
      { organizationId: input.organizationId, installationId: input.installationId, ...input.audit },
      { tx },
    );
  });
}

/**
 * Writes and clears one member's own user-level values, with the audit event, in one transaction; the
 * user-state caches that hold those values are told on every instance.
 */
export async function changeUserSettings(input: {
  installationId: string;
  organizationId: string;
  userId: string;
  writes: SettingValueWrite[];
  clearedKeys: string[];
  audit: AuditNote;
}): Promise<void> {
  await invalidatingTransaction(async (tx, invalidate) => {
    invalidateSettingScope(invalidate, input.installationId, input.userId);
    await writeSettingValues(input.installationId, input.userId, input.writes, { tx });
    if (input.clearedKeys.length) await deleteSettingValues(input.installationId, input.userId, input.clearedKeys, tx);
    await recordAuditEvent({ organizationId: input.organizationId, installationId: input.installationId, ...input.audit }, { tx });
  });
}

/**
 * Moves an installation to another version with the values its installer gave for it and the audit
 * event, in one transaction. `fromVersion` guards against two upgrades racing: the second one is a 409.
 */
export async function changeInstallationVersion(input: {
  installationId: string;
  organizationId: string;
  fromVersion: number;
  toVersion: number;
  writes: SettingValueWrite[];
  audit: AuditNote;
}): Promise<void> {
  await invalidatingTransaction(async (tx, invalidate) => {
    invalidate("installation", input.installationId);
    const { count } = await tx.installation.updateMany({
      where: { id: input.installationId, version: input.fromVersion },
      data: { version: input.toVersion },
    });
    if (count === 0) throw conflict("The installation changed meanwhile; reload and review the upgrade again");
    await writeSettingValues(input.installationId, null, input.writes, { tx });
    await recordAuditEvent({ organizationId: input.organizationId, installationId: input.installationId, ...input.audit }, { tx });
  });
}

/**
 * Deletes an installation. The schema cascades to its setting values (every member's tokens among them),
 * connections and pending authorization requests. The audit event stays: it belongs to the organization.
 */
export async function deleteInstallation(input: { installationId: string; organizationId: string; audit: AuditNote }): Promise<void> {
  await invalidatingTransaction(async (tx, invalidate) => {
    invalidate("installation", input.installationId);
    await recordAuditEvent(
      { organizationId: input.organizationId, installationId: input.installationId, ...input.audit },
      { tx },
    );
    // deleteMany, so that losing a race with another uninstall is a 404 rather than a crash.
    const { count } = await tx.installation.deleteMany({ where: { id: input.installationId } });
    if (count === 0) throw notFound("Installation not found");
  });
}
