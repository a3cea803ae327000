import { recordAuditEvent } from "@/lib/db/audit";
import { deleteConnection, findConnection, listUserConnections, type ConnectionRecord } from "@/lib/db/connections";
import type { RevocationOutcome } from "@/lib/oauth";
import { findOAuthConfig, getInstallationForMember, loadInstallationContext, loadUserState } from "./installation-context";
import { revokeAtProvider } from "./revocation";
import { forceRefresh } from "./token-refresh";

/** The contract's connection view: the caller's own connection to one config. */
export interface ConnectionView {
  status: "connected" | "not_connected" | "needs_reauth";
  expiresAt: string | null;
  connectedAt: string | null;
  lastRefreshedAt: string | null;
  /** The scopes the provider says it granted, or null when it did not say. */
  scopes: string[] | null;
}

export function toConnectionView(connection: ConnectionRecord | null): ConnectionView {
  if (!connection) return { status: "not_connected", expiresAt: null, connectedAt: null, lastRefreshedAt: null, scopes: null };
  return {
    status: connection.status,
    expiresAt: connection.expiresAt?.toISOString() ?? null,
    connectedAt: connection.connectedAt.toISOString(),
    lastRefreshedAt: connection.lastRefreshedAt?.toISOString() ?? null,
    scopes: connection.scopes ? connection.scopes.split(" ") : null,
  };
}

/** The caller's connection to one named config, as the connections list carries it. */
export interface ConfigConnectionView extends ConnectionView {
  configName: string;
}

/**
 * The caller's connection to every OAuth config of the installation, in the app's order, with one query
 * for all of them. It reads no setting value, so nothing is decrypted.
 */
export async function listMyConnections(userId: string, installationId: string): Promise<ConfigConnectionView[]> {
  const installation = await getInstallationForMember(userId, installationId);
  const byConfig = new Map((await listUserConnections(installationId, userId)).map((connection) => [connection.configName, connection]));
  return installation.oauthConfigs.map((config) => ({ configName: config.name, ...toConnectionView(byConfig.get(config.name) ?? null) }));
}

export async function getConnectionStatus(userId: string, installationId: string, configName: string): Promise<ConnectionView> {
  const context = await loadInstallationContext(userId, installationId);
  const config = findOAuthConfig(context, configName);
  return toConnectionView(await findConnection(installationId, config.name, userId));
}

/** Forces a refresh of the caller's tokens and answers with the connection. */
export async function refreshConnectionNow(userId: string, installationId: string, configName: string): Promise<ConnectionView> {
  const context = await loadInstallationContext(userId, installationId);
  const config = findOAuthConfig(context, configName);
  const { connection } = await forceRefresh(context, config);
  return toConnectionView(connection);
}

/**
 * Forgets the caller's tokens for a config, after asking the provider to revoke them (best effort and
 * bounded by the request time-out: the local delete happens whatever the provider answers). Answers what
 * the provider said, for the disconnect dialog.
 */
export async function disconnect(userId: string, installationId: string, configName: string): Promise<RevocationOutcome> {
  const context = await loadInstallationContext(userId, installationId);
  const config = findOAuthConfig(context, configName);
  const { values } = await loadUserState(context);
  const revocation = values[config.accessTokenVariable] || values[config.refreshTokenVariable]
    ? await revokeAtProvider({
        organizationId: context.organizationId,
        installationId,
        userId,
        actorId: userId,
        cause: "disconnect",
        config,
        values: { ...context.organizationSettings, ...values },
      })
    : "not_configured";
  await deleteConnection({ installationId, configName: config.name, userId }, config);
  await recordAuditEvent({
    organizationId: context.organizationId,
    installationId,
    userId,
    type: "connection.disconnected",
    detail: { config: config.name, revocation },
  });
  return revocation;
}
