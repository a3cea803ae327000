import { findMembershipRole, type Role } from "@/lib/db/accounts";
import { findAppVersion } from "@/lib/db/app-versions";
import { readUserState, type ConnectionRecord, type UserState } from "@/lib/db/connections";
import { defineHotCache } from "@/lib/db/hot-cache";
import { findInstallation } from "@/lib/db/installations";
import { membershipId, userStateId } from "@/lib/db/invalidation";
import { readSettingValues } from "@/lib/db/setting-values";
import { AppError, notFound } from "@/lib/errors";
import { connectPath } from "@/lib/paths";
import type { ApiDefinition, OAuthConfigDefinition, Setting } from "@/lib/schemas/app-definition";
import { personalSettingsOf } from "@/lib/schemas/installations";

export type { UserState } from "@/lib/db/connections";

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
  /** The user-level settings each member fills for themselves: the ones that hold no token. */
  personalSettings: Setting[];
}

type InstallationBase = Omit<InstallationContext, "userId">;

/**
 * The invoke hot path reads the same installation, membership and user state on every call, so they are
 * cached in-process. The writes in lib/db announce what they change, on this instance and every other
 * (see lib/db/invalidation.ts); the TTL is only a safety net. The consent flow always reads fresh.
 */
const installations = defineHotCache<InstallationBase | null>("installations", { installation: "key", app: "all", organization: "all" });
const roles = defineHotCache<Role | null>("roles", { membership: "key", organization: "all" });
const userStates = defineHotCache<UserState>("user-states", { "user-state": "key", installation: "prefix", organization: "all" });

/** Loads an installation for one of its organization's members; others get a 404. */
export async function loadInstallationContext(
  userId: string,
  installationId: string,
  { cached = false }: { cached?: boolean } = {},
): Promise<InstallationContext> {
  const base = cached ? await installations.getOrLoad(installationId, () => loadBase(installationId)) : await loadBase(installationId);
  if (!base) throw notFound("Installation not found");
  const role = cached
    ? await roles.getOrLoad(membershipId(base.organizationId, userId), () => findMembershipRole(userId, base.organizationId))
    : await findMembershipRole(userId, base.organizationId);
  if (!role) throw notFound("Installation not found");
  return { ...base, userId };
}

async function loadBase(installationId: string): Promise<InstallationBase | null> {
  const installation = await findInstallation(installationId);
  if (!installation) return null;
  // The version the installation is pinned to, never the draft or a newer version.
  const app = await findAppVersion(installation.appId, installation.version);
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
    personalSettings: personalSettingsOf(app.definition),
  };
}

export function findOAuthConfig(context: InstallationContext, configName: string): OAuthConfigDefinition {
  const config = context.oauthConfigs.find((candidate) => candidate.name === configName);
  if (!config) throw notFound(`This app has no OAuth config named "${configName}"`);
  return config;
}

/**
 * The caller's connections and user-level values (their tokens among them), decrypted: the one way tokens
 * are read. `cached` serves the hot path; anything that decides on a refresh reads fresh.
 */
export function loadUserState(context: InstallationContext, { cached = false }: { cached?: boolean } = {}): Promise<UserState> {
  const load = () => readUserState(context.installationId, context.userId);
  return cached ? userStates.getOrLoad(userStateId(context.installationId, context.userId), load) : load();
}

/** The caller's connection to a config in a state read by `loadUserState`, or null. */
export function connectionIn(state: UserState, configName: string): ConnectionRecord | null {
  return state.connections.find((connection) => connection.configName === configName) ?? null;
}

/** The 409 that tells the caller to (re)connect, with where to do it. */
export function authorizationRequired(installationId: string, configName: string, reason?: string): AppError {
  return new AppError(
    "authorization_required",
    reason ?? "Connect your account to use this API",
    { connectUrl: connectPath(installationId, configName), configName },
  );
}
