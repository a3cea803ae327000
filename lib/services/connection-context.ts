import { findMembershipRole, type Role } from "@/lib/db/accounts";
import { findApp } from "@/lib/db/apps";
import { findConnection, type ConnectionRecord } from "@/lib/db/connections";
import { findInstallation } from "@/lib/db/installations";
import { readSettingValues } from "@/lib/db/setting-values";
import { AppError, notFound } from "@/lib/errors";
import type { ApiDefinition, OAuthConfigDefinition } from "@/lib/schemas/app-definition";
import { processSingleton } from "@/lib/process-singleton";
import { TtlCache } from "./ttl-cache";

/** Everything a connect, refresh or invoke needs about one installation, for one member. */
export interface InstallationContext {
  installationId: string;
  organizationId: string;
  organizationName: string;
  appId: string;
  appName: string;
  userId: string;
  oauthConfigs: OAuthConfigDefinition[];
  apis: ApiDefinition[];
  /** Organization-level values, decrypted: server-side only. */
  organizationSettings: Record<string, string>;
  /** The app's user-level setting keys. */
  userSettingKeys: string[];
}

type InstallationBase = Omit<InstallationContext, "userId">;

/**
 * The invoke hot path reads the same installation, membership and user settings on every call, so they
 * are cached in-process for HOT_CACHE_TTL_MS. Writes made through this instance invalidate at once;
 * another instance's writes are seen within the TTL. The consent flow always reads fresh.
 */
export const HOT_CACHE_TTL_MS = 2_000;
const installations = processSingleton("installations", () => new TtlCache<InstallationBase | null>(HOT_CACHE_TTL_MS));
const roles = processSingleton("roles", () => new TtlCache<Role | null>(HOT_CACHE_TTL_MS));
const userSettings = processSingleton("user-settings", () => new TtlCache<Record<string, string>>(HOT_CACHE_TTL_MS));
const connections = processSingleton("connections", () => new TtlCache<ConnectionRecord | null>(HOT_CACHE_TTL_MS));

/** Loads an installation for one of its organization's members; others get a 404. */
export async function loadInstallationContext(
  userId: string,
  installationId: string,
  { cached = false }: { cached?: boolean } = {},
): Promise<InstallationContext> {
  const base = cached ? await installations.getOrLoad(installationId, () => loadBase(installationId)) : await loadBase(installationId);
  if (!base) throw notFound("Installation not found");
  const roleKey = `${userId}:${base.organizationId}`;
  const role = cached
    ? await roles.getOrLoad(roleKey, () => findMembershipRole(userId, base.organizationId))
    : await findMembershipRole(userId, base.organizationId);
  if (!role) throw notFound("Installation not found");
  return { ...base, userId };
}

async function loadBase(installationId: string): Promise<InstallationBase | null> {
  const installation = await findInstallation(installationId);
  if (!installation) return null;
  const app = await findApp(installation.appId);
  if (!app) return null;
  return {
    installationId,
    organizationId: installation.organizationId,
    organizationName: installation.organizationName,
    appId: installation.appId,
    appName: app.definition.name,
    oauthConfigs: app.definition.oauthConfigs,
    apis: app.definition.apis,
    organizationSettings: await readSettingValues(installationId, null),
    userSettingKeys: app.definition.settings.filter((setting) => setting.level === "user").map((setting) => setting.key),
  };
}

export function findOAuthConfig(context: InstallationContext, configName: string): OAuthConfigDefinition {
  const config = context.oauthConfigs.find((candidate) => candidate.name === configName);
  if (!config) throw notFound(`This app has no OAuth config named "${configName}"`);
  return config;
}

/** The caller's user-level values (tokens included), decrypted. */
export function loadUserSettings(context: InstallationContext, { cached = false }: { cached?: boolean } = {}): Promise<Record<string, string>> {
  const load = () => readSettingValues(context.installationId, context.userId);
  return cached ? userSettings.getOrLoad(`${context.installationId}:${context.userId}`, load) : load();
}

/** The caller's connection to a config, or null. */
export function loadConnection(
  context: InstallationContext,
  configName: string,
  { cached = false }: { cached?: boolean } = {},
): Promise<ConnectionRecord | null> {
  const load = () => findConnection(context.installationId, configName, context.userId);
  return cached ? connections.getOrLoad(`${context.installationId}:${context.userId}:${configName}`, load) : load();
}

/** Call after writing an installation's settings, or uninstalling it. */
export function invalidateInstallation(installationId: string): void {
  installations.invalidate(installationId);
  userSettings.invalidate(`${installationId}:`);
  connections.invalidate(`${installationId}:`);
}

/** Call after changing an app's definition: its installations' cached copies are stale. */
export function invalidateAllInstallations(): void {
  installations.clear();
}

/** Call after a member's role changes or they leave: this instance stops serving the cached role at once. */
export function invalidateMembership(userId: string, organizationId: string): void {
  roles.invalidate(`${userId}:${organizationId}`);
}

/** Call after writing a user's tokens, settings or connection for an installation. */
export function invalidateUserState(installationId: string, userId: string): void {
  userSettings.invalidate(`${installationId}:${userId}`);
  connections.invalidate(`${installationId}:${userId}:`);
}

export function connectUrl(installationId: string, configName: string): string {
  return `/connect/${encodeURIComponent(installationId)}/${encodeURIComponent(configName)}`;
}

/** The 409 that tells the caller to (re)connect, with where to do it. */
export function authorizationRequired(installationId: string, configName: string, reason?: string): AppError {
  return new AppError(
    "authorization_required",
    reason ?? "Connect your account to use this API",
    { connectUrl: connectUrl(installationId, configName), configName },
  );
}
