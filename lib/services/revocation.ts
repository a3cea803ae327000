import { recordAuditEvent } from "@/lib/db/audit";
import { OutboundError } from "@/lib/http";
import { logger } from "@/lib/logger";
import { buildRevocationRequest, classifyRevocation, TemplateError, type RevocationConfig, type RevocationOutcome } from "@/lib/oauth";
import { findOAuthConfig, loadInstallationContext, loadUserState } from "./installation-context";
import { getOutboundClient } from "./outbound";

/** A revocation waits no longer than a token request: the local delete must not hang on the provider. */
export const REVOCATION_TIMEOUT_MS = 8_000;

export interface RevocationTarget {
  organizationId: string;
  installationId: string;
  /** Whose tokens they are. */
  userId: string;
  /** Who caused it (the user disconnecting, an admin uninstalling or removing a member). */
  actorId: string;
  /** Why: `disconnect`, `uninstall` or `member_removed`. */
  cause: string;
  config: RevocationConfig & { name: string; accessTokenVariable: string; refreshTokenVariable: string };
  /** The organization's settings and the user's own values (the tokens among them), decrypted. */
  values: Record<string, string>;
}

/**
 * Tells the provider to revoke a connection's grant (RFC 7009), best effort: it never throws, waits at most
 * REVOCATION_TIMEOUT_MS, and records what the provider said as an audit event. The caller deletes the tokens
 * locally whatever the outcome.
 */
export async function revokeAtProvider(target: RevocationTarget): Promise<RevocationOutcome> {
  const { config, values } = target;
  let outcome: RevocationOutcome;
  let status: number | null = null;
  try {
    const request = buildRevocationRequest(config, values, {
      accessToken: values[config.accessTokenVariable] ?? null,
      refreshToken: values[config.refreshTokenVariable] ?? null,
    });
    if (!request) return "not_configured";
    const secrets = Object.values(values).filter((value) => value.length >= 6);
    const response = await getOutboundClient().request({
      ...request,
      timeoutMs: REVOCATION_TIMEOUT_MS,
      followRedirects: false,
      secrets,
    });
    status = response.status;
    outcome = classifyRevocation(status);
  } catch (error) {
    if (!(error instanceof OutboundError) && !(error instanceof TemplateError)) {
      logger.error("revocation failed unexpectedly", { installationId: target.installationId, config: config.name, error });
    }
    outcome = error instanceof TemplateError ? "refused" : "unreachable";
    if (error instanceof TemplateError) logger.warn("revocation request could not be built", { config: config.name, reason: error.message });
  }
  await recordAuditEvent({
    organizationId: target.organizationId,
    installationId: target.installationId,
    userId: target.actorId,
    type: "connection.revoked",
    detail: { config: config.name, outcome, status, cause: target.cause, ...(target.actorId !== target.userId ? { memberId: target.userId } : {}) },
  }).catch((error: unknown) => logger.error("could not record a revocation", { error }));
  return outcome;
}

export interface ConnectionToRevoke {
  id: string;
  installationId: string;
  configName: string;
  userId: string;
}

/**
 * Revokes each connection's grant at its provider before the connections are deleted (uninstall, member
 * removal, organization deletion). All at once and each bounded by the request time-out, so the delete
 * that follows waits at most that long; a connection whose installation or config is gone is skipped.
 */
export async function revokeConnectionsAtProvider(
  connections: ConnectionToRevoke[],
  { actorId, cause }: { actorId: string; cause: string },
): Promise<RevocationOutcome[]> {
  return Promise.all(
    connections.map(async (connection) => {
      try {
        const context = await loadInstallationContext(connection.userId, connection.installationId);
        const config = findOAuthConfig(context, connection.configName);
        const { values } = await loadUserState(context);
        return await revokeAtProvider({
          organizationId: context.organizationId,
          installationId: connection.installationId,
          userId: connection.userId,
          actorId,
          cause,
          config,
          values: { ...context.organizationSettings, ...values },
        });
      } catch (error) {
        logger.warn("a connection could not be revoked before its removal", { installationId: connection.installationId, error });
        return "unreachable" as const;
      }
    }),
  );
}
