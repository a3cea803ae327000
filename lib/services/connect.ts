import { recordAuditEvent } from "@/lib/db/audit";
import {
  consumeAuthorizationRequest,
  createAuthorizationRequest,
  deleteStaleAuthorizationRequests,
  findAuthorizationRequest,
} from "@/lib/db/authorization-requests";
import { saveConnectionTokens } from "@/lib/db/connections";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import {
  assumesBearer,
  buildAuthorizeUrl,
  checkCallbackIssuer,
  checkTokenType,
  buildCodeExchangeRequest,
  classifyFailure,
  computeCodeChallenge,
  createCodeVerifier,
  createState,
  extractValue,
  hashState,
  requestTokens,
  TemplateError,
  type TokenFailure,
} from "@/lib/oauth";
import { safeReturnPath } from "@/lib/safe-redirect";
import type { OAuthConfigDefinition } from "@/lib/schemas/app-definition";
import { findOAuthConfig, loadInstallationContext, loadUserState } from "./installation-context";
import { sendThroughOutboundClient } from "./oauth-http";

/**
 * The authorization-code flow: `startConnect` records a one-time request and returns the provider's
 * authorization URL; `completeConnect` handles the provider's redirect to the callback.
 */

export const AUTHORIZATION_REQUEST_TTL_MS = 10 * 60 * 1000;

export function getCallbackUrl(): string {
  return `${getEnv().APP_URL}/v1/dev_oauth/callback`;
}

/** Creates the one-time authorization request and returns the URL to send the user to. */
export async function startConnect(
  userId: string,
  installationId: string,
  configName: string,
  options: { returnTo?: string | null } = {},
): Promise<string> {
  const context = await loadInstallationContext(userId, installationId);
  const config = findOAuthConfig(context, configName);
  const state = createState();
  const codeVerifier = config.pkce ? createCodeVerifier() : null;
  const callbackUrl = getCallbackUrl();
  const values = { ...context.organizationSettings, ...(await loadUserState(context)).values, state, callback_url: callbackUrl };
  let url: string;
  try {
    url = buildAuthorizeUrl(config, values, { codeChallenge: codeVerifier ? computeCodeChallenge(codeVerifier) : undefined });
  } catch (error) {
    if (error instanceof TemplateError) {
      throw new AppError("validation_failed", `The authorization link cannot be built: ${error.message}. An installer should check the app's settings.`);
    }
    throw error;
  }
  await deleteStaleAuthorizationRequests();
  await createAuthorizationRequest({
    stateHash: hashState(state),
    userId,
    installationId,
    configName: config.name,
    codeVerifier,
    tokenUrl: config.tokenUrl,
    // The token request must repeat exactly the redirect URI the authorization request carried.
    redirectUri: context.organizationSettings.redirect_uri ?? callbackUrl,
    returnTo: options.returnTo ? safeReturnPath(options.returnTo, "") || null : null,
    expiresAt: new Date(Date.now() + AUTHORIZATION_REQUEST_TTL_MS),
  });
  return url;
}

export type ConnectOutcome =
  | "connected"
  | "denied"
  | "provider_error"
  | "missing_state"
  | "invalid_state"
  | "expired"
  | "reused"
  | "wrong_user"
  | "no_code"
  | "token_path"
  | "unreachable"
  | "config_error"
  | "issuer_mismatch"
  | "token_type";

export interface ConnectResult {
  outcome: ConnectOutcome;
  installationId?: string;
  configName?: string;
  returnTo?: string | null;
  /** The provider's error code and description, shown as text on the result page. */
  providerError?: string;
  providerDescription?: string;
}

/**
 * Finishes the flow for the signed-in user: checks and consumes the state (once, atomically, and only
 * for the user who started it), reads the code by JSONPath, exchanges it, and stores the tokens and the
 * connection in one transaction. No token request is made unless the state checks out.
 */
export async function completeConnect(userId: string, query: Record<string, string>): Promise<ConnectResult> {
  const state = query.state;
  if (!state) return { outcome: "missing_state" };
  const stateHash = hashState(state);
  const request = await findAuthorizationRequest(stateHash);
  if (!request) return { outcome: "invalid_state" };
  const where = { installationId: request.installationId, configName: request.configName };
  if (request.userId !== userId) return { outcome: "wrong_user", ...where };
  if (request.usedAt) return { outcome: "reused", ...where };
  if (request.expiresAt.getTime() <= Date.now()) return { outcome: "expired", ...where };

  const consumed = await consumeAuthorizationRequest(stateHash, userId);
  if (!consumed) return { outcome: "reused", ...where };
  const result = { ...where, returnTo: consumed.returnTo };

  if (query.error) {
    await auditProviderAnswer(userId, consumed.installationId, consumed.configName, query.error);
    return {
      outcome: query.error === "access_denied" ? "denied" : "provider_error",
      ...result,
      providerError: query.error.slice(0, 100),
      providerDescription: query.error_description?.slice(0, 300),
    };
  }

  let context, config;
  try {
    context = await loadInstallationContext(userId, consumed.installationId);
    config = findOAuthConfig(context, consumed.configName);
  } catch (error) {
    // The user left the organization, or the app lost the config, while they were at the provider.
    if (error instanceof AppError && error.code === "not_found") return { outcome: "invalid_state" };
    throw error;
  }
  if (config.tokenUrl !== consumed.tokenUrl) {
    // The app's token endpoint changed while the user was at the provider: the code was issued for another.
    return { outcome: "config_error", ...result };
  }
  // RFC 9207: an answer from another authorization server than the config's is refused before any token request.
  const issuer = checkCallbackIssuer(config, query.iss);
  if (!issuer.ok) {
    await recordAuditEvent({
      organizationId: context.organizationId,
      installationId: context.installationId,
      userId,
      type: "connection.failed",
      detail: { config: config.name, kind: issuer.reason },
    });
    return { outcome: "issuer_mismatch", ...result };
  }
  const code = extractValue(query, config.authCodePath);
  if (!code.ok || typeof code.value !== "string" || code.value === "") return { outcome: "no_code", ...result };

  const started = Date.now();
  const values = {
    ...context.organizationSettings,
    ...(await loadUserState(context)).values,
    redirect_uri: consumed.redirectUri,
    callback_url: getCallbackUrl(),
    state,
    auth_code: code.value,
  };
  let tokens;
  try {
    const exchange = buildCodeExchangeRequest(config, values, { codeVerifier: consumed.codeVerifier ?? undefined });
    tokens = await requestTokens(exchange, config, { send: sendThroughOutboundClient, now: () => new Date() });
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    logger.warn("code exchange request could not be built", { installationId: context.installationId, config: config.name, reason: error.message });
    return { outcome: "config_error", ...result };
  }
  if (!tokens.ok) {
    await auditFailure(context.organizationId, context.installationId, userId, config, tokens.failure, Date.now() - started);
    return { outcome: outcomeOf(tokens.failure), ...result, providerError: tokens.failure.providerError };
  }
  // RFC 6750: a token that is not a Bearer token must not be sent as one, which is what the app's APIs do.
  const headerTemplates = context.apis.filter((api) => api.oauthConfig === config.name).flatMap((api) => Object.values(api.headers));
  const tokenTypeProblem = checkTokenType(tokens.tokens.tokenType, assumesBearer(headerTemplates, config.accessTokenVariable));
  if (tokenTypeProblem) {
    logger.warn("connect refused a token type the app's APIs cannot send", { installationId: context.installationId, config: config.name });
    await recordAuditEvent({
      organizationId: context.organizationId,
      installationId: context.installationId,
      userId,
      type: "connection.failed",
      detail: { config: config.name, kind: "token_type" },
    });
    return { outcome: "token_type", ...result };
  }
  await saveConnectionTokens({
    installationId: context.installationId,
    configName: config.name,
    userId,
    variables: config,
    tokens: tokens.tokens,
    kind: "connect",
    now: new Date(),
  });
  await recordAuditEvent({
    organizationId: context.organizationId,
    installationId: context.installationId,
    userId,
    type: "connection.connected",
    detail: { config: config.name, hasRefreshToken: !!tokens.tokens.refreshToken, durationMs: Date.now() - started },
  });
  return { outcome: "connected", ...result };
}

function outcomeOf(failure: TokenFailure): ConnectOutcome {
  if (failure.kind === "path_not_found") return "token_path";
  const failureClass = classifyFailure(failure);
  if (failureClass === "retryable") return "unreachable";
  if (failureClass === "config_error") return "config_error";
  return "provider_error";
}

// A refusal at the provider shows in Activity too, so an admin can tell "declined" from "never tried".
async function auditProviderAnswer(userId: string, installationId: string, configName: string, providerError: string) {
  try {
    const context = await loadInstallationContext(userId, installationId);
    await recordAuditEvent({
      organizationId: context.organizationId,
      installationId,
      userId,
      type: providerError === "access_denied" ? "connection.declined" : "connection.failed",
      detail: { config: configName, providerError: providerError.slice(0, 100) },
    });
  } catch (error) {
    // The installation went away or the user left meanwhile: the result page still tells them what happened.
    logger.warn("could not record the provider's answer", { installationId, error: error instanceof Error ? error.message : String(error) });
  }
}

async function auditFailure(
  organizationId: string,
  installationId: string,
  userId: string,
  config: OAuthConfigDefinition,
  failure: TokenFailure,
  durationMs: number,
) {
  logger.warn("code exchange failed", { installationId, config: config.name, kind: failure.kind, status: failure.status });
  await recordAuditEvent({
    organizationId,
    installationId,
    userId,
    type: "connection.failed",
    detail: { config: config.name, kind: failure.kind, providerError: failure.providerError ?? null, durationMs },
  });
}
