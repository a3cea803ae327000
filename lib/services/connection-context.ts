import { findApp } from "@/lib/db/apps";
import { readSettingValues } from "@/lib/db/setting-values";
import { AppError, notFound } from "@/lib/errors";
import type { ApiDefinition, OAuthConfigDefinition } from "@/lib/schemas/app-definition";
import { getInstallationForMember, loadOrganizationSettings } from "./installations";

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

/** Loads an installation for one of its organization's members; others get a 404. */
export async function loadInstallationContext(userId: string, installationId: string): Promise<InstallationContext> {
  const installation = await getInstallationForMember(userId, installationId);
  const app = await findApp(installation.appId);
  if (!app) throw notFound("Installation not found");
  return {
    installationId,
    organizationId: installation.organizationId,
    organizationName: installation.organizationName,
    appId: installation.appId,
    appName: app.definition.name,
    userId,
    oauthConfigs: app.definition.oauthConfigs,
    apis: app.definition.apis,
    organizationSettings: await loadOrganizationSettings(installationId),
    userSettingKeys: app.definition.settings.filter((s) => s.level === "user").map((s) => s.key),
  };
}

export function findOAuthConfig(context: InstallationContext, configName: string): OAuthConfigDefinition {
  const config = context.oauthConfigs.find((candidate) => candidate.name === configName);
  if (!config) throw notFound(`This app has no OAuth config named "${configName}"`);
  return config;
}

/** The caller's user-level values (tokens included), decrypted. */
export function loadUserSettings(context: InstallationContext): Promise<Record<string, string>> {
  return readSettingValues(context.installationId, context.userId);
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
