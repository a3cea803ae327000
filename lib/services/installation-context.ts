import { findMembershipRole, type Role } from "@/lib/db/accounts";
import { findAppVersion } from "@/lib/db/app-versions";
import { readUserState, type ConnectionRecord, type UserState } from "@/lib/db/connections";
import { defineHotCache } from "@/lib/db/hot-cache";
import { findInstallation, type InstallationRecord } from "@/lib/db/installations";
import { membershipId, userStateId } from "@/lib/db/invalidation";
import { readSettingValues } from "@/lib/db/setting-values";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { connectPath } from "@/lib/paths";
import type { ApiDefinition, OAuthConfigDefinition, Setting } from "@/lib/schemas/app-definition";
import { personalSettingsOf } from "@/lib/schemas/installations";
import { can, requireMembership, requirePermission, type Action } from "./access";

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
  /** The pinned version's settings, every level. */
  settings: Setting[];
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

const INSTALLATION_NOT_FOUND = "Installation not found";

export interface MemberInstallation extends InstallationRecord {
  /** The caller's role in the installation's organization. */
  role: Role;
}

/**
 * The one gate to an installation: the installation for one of its organization's members, with the
 * caller's role, read fresh. Anyone else gets a 404, as if it did not exist; given an `action`, a member
 * whose role may not take it gets a 403. The API, the pages and `loadInstallationContext` all come
 * through here (the invoke hot path through the same checks, cached).
 */
export async function getInstallationForMember(userId: string, installationId: string, action?: Action): Promise<MemberInstallation> {
  const installation = await findInstallation(installationId);
  if (!installation) throw notFound(INSTALLATION_NOT_FOUND);
  const role = action
    ? await requirePermission(userId, installation.organizationId, action, INSTALLATION_NOT_FOUND)
    : await requireMembership(userId, installation.organizationId, INSTALLATION_NOT_FOUND);
  return { ...installation, role };
}

/**
 * What a connect, refresh, invoke or Try it needs about an installation, for one of its organization's
 * members: the gate above for `connection.use`, plus the pinned version's configs and APIs and the
 * organization's values. `cached` serves the invoke hot path from the in-process caches, with the same
 * 404 for non-members and 403 for a role that may not use a connection.
 */
export async function loadInstallationContext(
  userId: string,
  installationId: string,
  { cached = false }: { cached?: boolean } = {},
): Promise<InstallationContext> {
  if (!cached) {
    const base = await contextOf(await getInstallationForMember(userId, installationId, "connection.use"));
    if (!base) throw notFound(INSTALLATION_NOT_FOUND);
    return { ...base, userId };
  }
  const base = await installations.getOrLoad(installationId, async () => {
    const installation = await findInstallation(installationId);
    return installation ? contextOf(installation) : null;
  });
  if (!base) throw notFound(INSTALLATION_NOT_FOUND);
  const role = await roles.getOrLoad(membershipId(base.organizationId, userId), () => findMembershipRole(userId, base.organizationId));
  return memberContext(base, role, userId);
}

/**
 * The invoke hot path's first try: the context when every part of it is cached and the caller may use it,
 * read without waiting on anything. A cached refusal is the same 404 or 403; on a miss it is undefined, and
 * the caller takes `loadInstallationContext(…, { cached: true })`, which loads what is missing.
 */
export function peekInstallationContext(userId: string, installationId: string): InstallationContext | undefined {
  const base = installations.get(installationId);
  if (!base) return undefined;
  const role = roles.get(membershipId(base.organizationId, userId));
  return role === undefined ? undefined : memberContext(base, role, userId);
}

/** The cached path's gate, whether the parts came from the caches at once or were loaded: 404, 403 or the context. */
function memberContext(base: InstallationBase, role: Role | null, userId: string): InstallationContext {
  if (!role) throw notFound(INSTALLATION_NOT_FOUND);
  if (!can(role, "connection.use")) throw forbidden();
  return contextFor(base, userId);
}

// One context object per cached installation and member, made when first needed: the hot path allocates none.
const contexts = new WeakMap<InstallationBase, Map<string, InstallationContext>>();
function contextFor(base: InstallationBase, userId: string): InstallationContext {
  let byUser = contexts.get(base);
  if (!byUser) contexts.set(base, (byUser = new Map()));
  let context = byUser.get(userId);
  if (!context) byUser.set(userId, (context = { ...base, userId }));
  return context;
}

async function contextOf(installation: InstallationRecord): Promise<InstallationBase | null> {
  // The version the installation is pinned to, never the draft or a newer version.
  const app = await findAppVersion(installation.appId, installation.version);
  if (!app) return null;
  return {
    installationId: installation.id,
    organizationId: installation.organizationId,
    organizationName: installation.organizationName,
    appId: installation.appId,
    appName: app.definition.name,
    oauthConfigs: app.definition.oauthConfigs,
    apis: app.definition.apis,
    settings: app.definition.settings,
    organizationSettings: await readSettingValues(installation.id, null),
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

/** The caller's cached state, when it is cached: the hot path's first try before `loadUserState`. */
export function peekUserState(context: InstallationContext): UserState | undefined {
  return userStates.get(userStateId(context.installationId, context.userId));
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
