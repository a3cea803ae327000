import { recordAuditEvent } from "@/lib/db/audit";
import {
  findConnectionById,
  markNeedsReauth,
  recordRefreshError,
  saveConnectionTokens,
  withRefreshLease,
  type ConnectionRecord,
  type RefreshLease,
  type UserState,
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
import { authorizationRequired, connectionIn, loadUserState, peekUserState, type InstallationContext } from "./installation-context";
import { sendThroughOutboundClient } from "./oauth-http";

/**
 * Usable access tokens, refreshed when needed: exactly one refresh request reaches the provider per
 * expiry, across every instance sharing the database.
 * - Within a process, concurrent callers share one in-flight refresh (a map of promises).
 * - Across processes, the connection's refresh lease (withRefreshLease in lib/db) admits one refresher;
 *   after taking it the holder re-reads, because someone else may have refreshed meanwhile. Waiters poll
 *   the row's version and take the new tokens once it changes.
 * - The holder's writes are fenced: if its lease was taken over while the provider was slow, they do not
 *   apply, and it serves what the new holder stored instead, like any waiter.
 * The core returns a result; `getUsableToken` turns a failure into the caller's error, in one place.
 */

export interface UsableToken {
  accessToken: string;
  connection: ConnectionRecord;
  /** The caller's user-level values the token belongs to (the token among them), for rendering requests. */
  values: Record<string, string>;
}

export interface UsableTokenOptions {
  /** Refresh even if the token looks valid (a 401, or the "refresh now" button). */
  force?: boolean;
  /** The connection version the caller's failed request used: no refresh if it changed since. */
  seenVersion?: number;
  /** Serve a token that looks valid from the hot-path cache (invoke). */
  cached?: boolean;
}

/** Why there is no usable token. */
export type TokenFailureReason =
  | { kind: "not_connected" }
  | { kind: "needs_reauth"; message: string }
  | { kind: "request_not_built"; message: string }
  | { kind: "client_rejected"; failureKind: string }
  | { kind: "unreachable"; message: string; failureKind?: string; retryAfterMs?: number }
  | { kind: "refresh_too_slow" };

export type TokenResult = { ok: true; token: UsableToken } | { ok: false; reason: TokenFailureReason };

const MAX_ATTEMPTS = 3;
const RETRY_CAP_MS = 2_000;
const WAIT_POLL_MS = 50;
const inFlight = processSingleton("refreshes-in-flight", () => new Map<string, Promise<TokenResult>>());
/** What the holder of a lease that was taken over gets back from its fenced writes. */
const SUPERSEDED = Symbol("superseded");

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
  const result = await obtainUsableToken(context, config, options);
  if (result.ok) return result.token;
  throw toAppError(context, config, result.reason);
}

/**
 * The invoke hot path's first try: a clearly valid token from the cached state, read without waiting on
 * anything, or undefined, and the caller takes `getUsableToken(…, { cached: true })`.
 */
export function peekUsableToken(context: InstallationContext, config: OAuthConfigDefinition): UsableToken | undefined {
  const state = peekUserState(context);
  return state ? validTokenIn(state, config) : undefined;
}

/** The token of a connected connection that is not about to expire; anything else is decided on fresh reads. */
function validTokenIn(state: UserState, config: OAuthConfigDefinition): UsableToken | undefined {
  const connection = connectionIn(state, config.name);
  if (connection?.status !== "connected" || isExpiringSoon(connection.expiresAt, new Date(), refreshMargin(connection))) return undefined;
  const result = tokenFrom(state, config, connection);
  return result.ok ? result.token : undefined;
}

/** Forces a refresh now (the connection endpoint's "refresh" button). */
export function forceRefresh(context: InstallationContext, config: OAuthConfigDefinition): Promise<UsableToken> {
  return getUsableToken(context, config, { force: true });
}

/** As getUsableToken, with the failure as a value. */
export async function obtainUsableToken(
  context: InstallationContext,
  config: OAuthConfigDefinition,
  options: UsableTokenOptions = {},
): Promise<TokenResult> {
  if (options.cached && !options.force) {
    const token = validTokenIn(await loadUserState(context, { cached: true }), config);
    if (token) return { ok: true, token };
  }
  // Anything but a clearly valid cached token is decided on fresh reads.
  const state = await loadUserState(context);
  const connection = connectionIn(state, config.name);
  if (!connection || connection.status !== "connected") return settle(state, config, connection);
  const isAlreadyRefreshed = options.seenVersion !== undefined && connection.version !== options.seenVersion;
  const needsRefresh = options.force ? !isAlreadyRefreshed : isExpiringSoon(connection.expiresAt, new Date(), refreshMargin(connection));
  if (!needsRefresh) return tokenFrom(state, config, connection);

  const pending = inFlight.get(connection.id);
  if (pending) return pending;
  const refresh = refreshOnce(context, config, connection).finally(() => inFlight.delete(connection.id));
  inFlight.set(connection.id, refresh);
  return refresh;
}

/** The one place a missing token becomes the caller's error. */
function toAppError(context: InstallationContext, config: OAuthConfigDefinition, reason: TokenFailureReason): AppError {
  switch (reason.kind) {
    case "not_connected":
      return authorizationRequired(context.installationId, config.name);
    case "needs_reauth":
      return authorizationRequired(context.installationId, config.name, reason.message);
    case "request_not_built":
      return new AppError("provider_error", `The app's refresh request could not be built: ${reason.message}`);
    case "client_rejected":
      return new AppError(
        "provider_error",
        "The provider refused the app's client credentials (invalid_client): an installer should check the client ID and secret",
        { kind: reason.failureKind, configurationError: true },
      );
    case "unreachable": {
      const retryAfterSeconds = reason.retryAfterMs ? Math.ceil(reason.retryAfterMs / 1000) : undefined;
      return new AppError("upstream_unreachable", `The token could not be refreshed: ${reason.message}`, {
        ...(reason.failureKind ? { reason: reason.failureKind, kind: reason.failureKind } : {}),
        ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
      });
    }
    case "refresh_too_slow":
      return new AppError("upstream_unreachable", "Another refresh of this connection is taking too long; try again shortly");
  }
}

/** The margin for this token's own lifetime (from when it was stored), so short-lived tokens are not always "expiring". */
function refreshMargin(connection: ConnectionRecord): number {
  if (!connection.expiresAt) return DEFAULT_REFRESH_MARGIN_MS;
  const issuedAt = connection.lastRefreshedAt ?? connection.connectedAt;
  return refreshMarginFor(Math.max(0, (connection.expiresAt.getTime() - issuedAt.getTime()) / 1000));
}

function tokenFrom(state: UserState, config: OAuthConfigDefinition, connection: ConnectionRecord): TokenResult {
  const accessToken = state.values[config.accessTokenVariable];
  if (!accessToken) return { ok: false, reason: { kind: "not_connected" } };
  return { ok: true, token: { accessToken, connection, values: state.values } };
}

/** What a caller gets from a state it did not refresh itself: the token, or the reason there is none. */
function settle(state: UserState, config: OAuthConfigDefinition, connection: ConnectionRecord | null): TokenResult {
  if (!connection) return { ok: false, reason: { kind: "not_connected" } };
  if (connection.status === "needs_reauth") {
    return { ok: false, reason: { kind: "needs_reauth", message: "The provider no longer accepts this connection; connect again" } };
  }
  return tokenFrom(state, config, connection);
}

async function refreshOnce(context: InstallationContext, config: OAuthConfigDefinition, seen: ConnectionRecord): Promise<TokenResult> {
  const waitLimitMs = getEnv().REFRESH_LEASE_MS + 5_000;
  let deadline = Date.now() + waitLimitMs;
  for (;;) {
    const attempt = await withRefreshLease(seen.id, async (lease) => {
      const state = await loadUserState(context);
      const latest = connectionIn(state, config.name);
      if (!latest || latest.id !== seen.id || latest.version !== seen.version || latest.status !== "connected") {
        return settle(state, config, latest);
      }
      return performRefresh(context, config, state, latest, lease);
    });
    if (attempt.acquired && attempt.value !== SUPERSEDED) return attempt.value;
    // Our lease was taken over: whoever holds it now gets the time a holder is allowed.
    if (attempt.acquired) deadline = Date.now() + waitLimitMs;
    await sleep(WAIT_POLL_MS + Math.random() * WAIT_POLL_MS);
    const latest = await findConnectionById(seen.id);
    if (!latest || latest.version !== seen.version || latest.status !== "connected") {
      const state = await loadUserState(context);
      return settle(state, config, connectionIn(state, config.name));
    }
    if (Date.now() > deadline) return { ok: false, reason: { kind: "refresh_too_slow" } };
  }
}

async function performRefresh(
  context: InstallationContext,
  config: OAuthConfigDefinition,
  state: UserState,
  connection: ConnectionRecord,
  lease: RefreshLease,
): Promise<TokenResult | typeof SUPERSEDED> {
  const started = Date.now();
  const refreshToken = state.values[config.refreshTokenVariable];
  if (!refreshToken) {
    if (!(await markNeedsReauth(lease, connection.version, "No refresh token was issued; connect again"))) return SUPERSEDED;
    await audit(context, config, "connection.refresh_failed", { outcome: "needs_reauth", reason: "no_refresh_token", durationMs: Date.now() - started });
    return { ok: false, reason: { kind: "needs_reauth", message: "The access token expired and there is no refresh token; connect again" } };
  }

  let request;
  try {
    request = buildRefreshRequest(config, { ...context.organizationSettings, ...state.values });
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    if (!(await recordRefreshError(lease, connection.version, "The refresh request could not be built"))) return SUPERSEDED;
    return { ok: false, reason: { kind: "request_not_built", message: error.message } };
  }

  let failure: TokenFailure | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    // Each attempt may take the whole request time-out: keep the lease ours for at least one more.
    if (attempt > 0 && !(await lease.renew())) return SUPERSEDED;
    const result = await requestTokens(request, config, { send: sendThroughOutboundClient, now: () => new Date() });
    if (result.ok) {
      const merged = mergeRefreshedTokens(
        { accessToken: state.values[config.accessTokenVariable] ?? "", refreshToken, expiresAt: connection.expiresAt },
        result.tokens,
      );
      const saved = await saveConnectionTokens({
        installationId: context.installationId,
        configName: config.name,
        userId: context.userId,
        variables: config,
        tokens: { accessToken: merged.accessToken, refreshToken: merged.refreshToken, expiresAt: result.tokens.expiresAt, scope: result.tokens.scope },
        kind: "refresh",
        lease,
        seenVersion: connection.version,
        now: new Date(),
      });
      const rotated = !!result.tokens.refreshToken && result.tokens.refreshToken !== refreshToken;
      if (!saved.won) {
        await audit(context, config, "connection.refresh_failed", { outcome: "superseded", rotated, durationMs: Date.now() - started });
        return SUPERSEDED;
      }
      await audit(context, config, "connection.refreshed", { outcome: "success", attempts: attempt + 1, rotated, durationMs: Date.now() - started });
      const values = { ...state.values, [config.accessTokenVariable]: merged.accessToken };
      if (merged.refreshToken) values[config.refreshTokenVariable] = merged.refreshToken;
      return { ok: true, token: { accessToken: merged.accessToken, connection: saved.value, values } };
    }
    failure = result.failure;
    if (classifyFailure(failure) !== "retryable" || attempt === MAX_ATTEMPTS - 1) break;
    // A provider that asks for a long pause is answered now, not after it: the caller is waiting.
    if ((failure.retryAfterMs ?? 0) > RETRY_CAP_MS) break;
    await sleep(backoffDelay(attempt + 1, { baseMs: 200, capMs: RETRY_CAP_MS, retryAfterMs: failure.retryAfterMs }));
  }
  return recordFailure(context, config, connection, lease, failure!, Date.now() - started);
}

async function recordFailure(
  context: InstallationContext,
  config: OAuthConfigDefinition,
  connection: ConnectionRecord,
  lease: RefreshLease,
  failure: TokenFailure,
  durationMs: number,
): Promise<TokenResult | typeof SUPERSEDED> {
  const outcome = classifyFailure(failure);
  const applied =
    outcome === "needs_reauth"
      ? await markNeedsReauth(lease, connection.version, failure.message)
      : await recordRefreshError(lease, connection.version, failure.message);
  logger.warn("token refresh failed", {
    installationId: context.installationId,
    config: config.name,
    kind: failure.kind,
    providerError: failure.providerError,
    status: failure.status,
    superseded: !applied,
  });
  await audit(context, config, "connection.refresh_failed", {
    // A refresher whose lease was taken over reports nothing about the connection: the new holder decides.
    outcome: applied ? outcome : "superseded",
    kind: failure.kind,
    providerError: failure.providerError ?? null,
    status: failure.status ?? null,
    durationMs,
  });
  if (!applied) return SUPERSEDED;
  if (outcome === "needs_reauth") {
    return { ok: false, reason: { kind: "needs_reauth", message: "The provider refused the refresh token (invalid_grant); connect again" } };
  }
  if (outcome === "config_error") return { ok: false, reason: { kind: "client_rejected", failureKind: failure.kind } };
  return { ok: false, reason: { kind: "unreachable", message: failure.message, failureKind: failure.kind, retryAfterMs: failure.retryAfterMs } };
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
