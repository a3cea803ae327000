import { randomUUID } from "node:crypto";
import { recordAuditEvent } from "@/lib/db/audit";
import {
  findConnectionById,
  markNeedsReauth,
  readConnectionTokens,
  recordRefreshError,
  releaseRefreshLease,
  renewRefreshLease,
  saveConnectionTokens,
  tryAcquireRefreshLease,
  type ConnectionRecord,
} from "@/lib/db/connections";
import { getEnv } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import {
  backoffDelay,
  buildRefreshRequest,
  classifyFailure,
  DEFAULT_REFRESH_MARGIN_MS,
  isExpiringSoon,
  mergeRefreshedTokens,
  refreshMarginFor,
  requestTokens,
  TemplateError,
  type TokenFailure,
} from "@/lib/oauth";
import type { OAuthConfigDefinition } from "@/lib/schemas/app-definition";
import {
  authorizationRequired,
  invalidateUserState,
  loadConnection,
  loadUserSettings,
  type InstallationContext,
} from "./connection-context";
import { sendThroughOutboundClient } from "./oauth-http";

/**
 * Usable access tokens, refreshed when needed: exactly one refresh request reaches the provider per
 * expiry, across every instance sharing the database.
 * - Within a process, concurrent callers share one in-flight refresh (a map of promises).
 * - Across processes, a lease on the connection row (compare-and-set, with an expiry so a crashed
 *   holder blocks no longer than REFRESH_LEASE_MS) admits one refresher; after taking it the holder
 *   re-reads the row, because someone else may have refreshed meanwhile. Waiters poll the row's version
 *   and take the new tokens once it changes.
 */

export interface UsableToken {
  accessToken: string;
  connection: ConnectionRecord;
}

export interface UsableTokenOptions {
  /** Refresh even if the token looks valid (a 401, or the "refresh now" button). */
  force?: boolean;
  /** The connection version the caller's failed request used: no refresh if it changed since. */
  seenVersion?: number;
  /** Serve a token that looks valid from the hot-path cache (invoke). */
  cached?: boolean;
}

const MAX_ATTEMPTS = 3;
const RETRY_CAP_MS = 2_000;
const WAIT_POLL_MS = 50;
const inFlight = processSingleton("refreshes-in-flight", () => new Map<string, Promise<UsableToken>>());
// Identifies this process as a lease holder.
const processId = processSingleton("process-id", () => randomUUID());

/**
 * The caller's access token for a config. Refreshes first when it expires within the margin, or when
 * `force` is set and nobody has refreshed since `seenVersion` (the version the caller's failed request
 * used), so a burst of 401s causes one refresh, not one each.
 */
export async function getUsableToken(
  context: InstallationContext,
  config: OAuthConfigDefinition,
  options: UsableTokenOptions = {},
): Promise<UsableToken> {
  if (options.cached && !options.force) {
    const cached = await loadConnection(context, config.name, { cached: true });
    if (cached?.status === "connected" && !isExpiringSoon(cached.expiresAt, new Date(), refreshMargin(cached))) {
      const accessToken = (await loadUserSettings(context, { cached: true }))[config.accessTokenVariable];
      if (accessToken) return { accessToken, connection: cached };
    }
  }
  // Anything but a clearly valid cached token is decided on fresh reads.
  const connection = await loadConnection(context, config.name);
  if (!connection) throw authorizationRequired(context.installationId, config.name);
  if (connection.status === "needs_reauth") {
    throw authorizationRequired(context.installationId, config.name, "The provider no longer accepts this connection; connect again");
  }
  const isAlreadyRefreshed = options.seenVersion !== undefined && connection.version !== options.seenVersion;
  const needsRefresh = options.force ? !isAlreadyRefreshed : isExpiringSoon(connection.expiresAt, new Date(), refreshMargin(connection));
  if (!needsRefresh) return currentToken(context, config, connection);

  const pending = inFlight.get(connection.id);
  if (pending) return pending;
  const refresh = refreshOnce(context, config, connection).finally(() => {
    inFlight.delete(connection.id);
    invalidateUserState(context.installationId, context.userId);
  });
  inFlight.set(connection.id, refresh);
  return refresh;
}

/** Forces a refresh now (the connection endpoint's "refresh" button). */
export function forceRefresh(context: InstallationContext, config: OAuthConfigDefinition): Promise<UsableToken> {
  return getUsableToken(context, config, { force: true });
}

/** The margin for this token's own lifetime (from when it was stored), so short-lived tokens are not always "expiring". */
function refreshMargin(connection: ConnectionRecord): number {
  if (!connection.expiresAt) return DEFAULT_REFRESH_MARGIN_MS;
  const issuedAt = connection.lastRefreshedAt ?? connection.connectedAt;
  return refreshMarginFor(Math.max(0, (connection.expiresAt.getTime() - issuedAt.getTime()) / 1000));
}

async function currentToken(context: InstallationContext, config: OAuthConfigDefinition, connection: ConnectionRecord): Promise<UsableToken> {
  const { accessToken } = await readConnectionTokens(connection, config);
  if (!accessToken) throw authorizationRequired(context.installationId, config.name);
  return { accessToken, connection };
}

async function refreshOnce(context: InstallationContext, config: OAuthConfigDefinition, seen: ConnectionRecord): Promise<UsableToken> {
  const leaseMs = getEnv().REFRESH_LEASE_MS;
  const deadline = Date.now() + leaseMs + 5_000;
  const owner = `${processId}:${randomUUID()}`;
  for (;;) {
    if (await tryAcquireRefreshLease(seen.id, owner, leaseMs)) {
      const latest = await findConnectionById(seen.id);
      if (!latest || latest.version !== seen.version || latest.status !== "connected") {
        await releaseRefreshLease(seen.id, owner);
        return settle(context, config, latest);
      }
      return performRefresh(context, config, latest, owner);
    }
    await sleep(WAIT_POLL_MS + Math.random() * WAIT_POLL_MS);
    const latest = await findConnectionById(seen.id);
    if (!latest || latest.version !== seen.version || latest.status !== "connected") return settle(context, config, latest);
    if (Date.now() > deadline) {
      throw new AppError("upstream_unreachable", "Another refresh of this connection is taking too long; try again shortly");
    }
  }
}

/** What a waiter gets once someone else finished: the new token, or the reason there is none. */
async function settle(context: InstallationContext, config: OAuthConfigDefinition, latest: ConnectionRecord | null): Promise<UsableToken> {
  if (!latest) throw authorizationRequired(context.installationId, config.name);
  if (latest.status === "needs_reauth") {
    throw authorizationRequired(context.installationId, config.name, "The provider no longer accepts this connection; connect again");
  }
  return currentToken(context, config, latest);
}

async function performRefresh(
  context: InstallationContext,
  config: OAuthConfigDefinition,
  connection: ConnectionRecord,
  owner: string,
): Promise<UsableToken> {
  const started = Date.now();
  const userSettings = await loadUserSettings(context);
  const refreshToken = userSettings[config.refreshTokenVariable];
  if (!refreshToken) {
    await markNeedsReauth(connection.id, "No refresh token was issued; connect again");
    await audit(context, config, "connection.refresh_failed", { outcome: "needs_reauth", reason: "no_refresh_token", durationMs: Date.now() - started });
    throw authorizationRequired(context.installationId, config.name, "The access token expired and there is no refresh token; connect again");
  }

  let request;
  try {
    request = buildRefreshRequest(config, { ...context.organizationSettings, ...userSettings });
  } catch (error) {
    await recordRefreshError(connection.id, owner, "The refresh request could not be built");
    if (error instanceof TemplateError) {
      throw new AppError("provider_error", `The app's refresh request could not be built: ${error.message}`);
    }
    throw error;
  }

  let failure: TokenFailure | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    // Each attempt may take the whole request time-out: keep the lease ours for at least one more.
    if (attempt > 0 && !(await renewRefreshLease(connection.id, owner, getEnv().REFRESH_LEASE_MS))) {
      return settle(context, config, await findConnectionById(connection.id));
    }
    const result = await requestTokens(request, config, { send: sendThroughOutboundClient, now: () => new Date() });
    if (result.ok) {
      const merged = mergeRefreshedTokens(
        { accessToken: userSettings[config.accessTokenVariable] ?? "", refreshToken, expiresAt: connection.expiresAt },
        result.tokens,
      );
      const saved = await saveConnectionTokens({
        installationId: context.installationId,
        configName: config.name,
        userId: context.userId,
        variables: config,
        tokens: { accessToken: merged.accessToken, refreshToken: merged.refreshToken, expiresAt: result.tokens.expiresAt },
        kind: "refresh",
        now: new Date(),
      });
      await audit(context, config, "connection.refreshed", {
        outcome: "success",
        attempts: attempt + 1,
        rotated: !!result.tokens.refreshToken && result.tokens.refreshToken !== refreshToken,
        durationMs: Date.now() - started,
      });
      return { accessToken: merged.accessToken, connection: saved };
    }
    failure = result.failure;
    if (classifyFailure(failure) !== "retryable" || attempt === MAX_ATTEMPTS - 1) break;
    // A provider that asks for a long pause is answered now, not after it: the caller is waiting.
    if ((failure.retryAfterMs ?? 0) > RETRY_CAP_MS) break;
    await sleep(backoffDelay(attempt + 1, { baseMs: 200, capMs: RETRY_CAP_MS, retryAfterMs: failure.retryAfterMs }));
  }
  return handleRefreshFailure(context, config, connection, owner, failure!, Date.now() - started);
}

async function handleRefreshFailure(
  context: InstallationContext,
  config: OAuthConfigDefinition,
  connection: ConnectionRecord,
  owner: string,
  failure: TokenFailure,
  durationMs: number,
): Promise<never> {
  const outcome = classifyFailure(failure);
  logger.warn("token refresh failed", {
    installationId: context.installationId,
    config: config.name,
    kind: failure.kind,
    providerError: failure.providerError,
    status: failure.status,
  });
  await audit(context, config, "connection.refresh_failed", {
    outcome,
    kind: failure.kind,
    providerError: failure.providerError ?? null,
    status: failure.status ?? null,
    durationMs,
  });
  if (outcome === "needs_reauth") {
    await markNeedsReauth(connection.id, failure.message);
    throw authorizationRequired(context.installationId, config.name, "The provider refused the refresh token (invalid_grant); connect again");
  }
  await recordRefreshError(connection.id, owner, failure.message);
  if (outcome === "config_error") {
    throw new AppError(
      "provider_error",
      "The provider refused the app's client credentials (invalid_client): an installer should check the client ID and secret",
      { kind: failure.kind, configurationError: true },
    );
  }
  const retryAfterSeconds = failure.retryAfterMs ? Math.ceil(failure.retryAfterMs / 1000) : undefined;
  throw new AppError("upstream_unreachable", `The token could not be refreshed: ${failure.message}`, {
    reason: failure.kind,
    kind: failure.kind,
    ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
  });
}

function audit(context: InstallationContext, config: OAuthConfigDefinition, type: string, detail: Record<string, unknown>) {
  return recordAuditEvent({
    organizationId: context.organizationId,
    installationId: context.installationId,
    userId: context.userId,
    type,
    detail: { config: config.name, ...detail },
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
