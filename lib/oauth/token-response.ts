import type { OAuthConfig } from "./config";
import { extractValue, isRecord } from "./extract";
import { decodeForm } from "./form-encoding";
import { readHeader, type HttpResponse } from "./http-send";
import { parseRetryAfter } from "./retry-after";
import { readGrantedScopes } from "./token-signals";

export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  /** null when the provider gave no usable lifetime. */
  expiresAt: Date | null;
  /** The granted scopes, space-separated, when the provider said. */
  scope?: string;
  /** The response's token_type, when it gave one. */
  tokenType?: string;
}

export type TokenFailureKind =
  | "invalid_grant"
  | "invalid_client"
  | "provider_error"
  | "bad_response"
  | "path_not_found"
  | "network"
  | "rate_limited"
  | "server_error";

export interface TokenFailure {
  kind: TokenFailureKind;
  status?: number;
  /** The provider's OAuth error code, never its description (which may echo what was sent). */
  providerError?: string;
  retryAfterMs?: number;
  /** Safe to log and to show: it never holds a token, a secret or a code. */
  message: string;
}

export type TokenResult = { ok: true; tokens: TokenSet } | { ok: false; failure: TokenFailure };

export type TokenPaths = Pick<OAuthConfig, "accessTokenPath" | "refreshTokenPath" | "expiresInPath" | "scopePath">;

export interface ParseTokenResponseOptions {
  now: Date;
  maxBytes?: number;
}

export const DEFAULT_MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;
/** A longer `expires_in` is taken for a provider bug rather than trusted. */
export const MAX_EXPIRES_IN_SECONDS = 10 * 365 * 24 * 60 * 60;

// Providers that predate or bend RFC 6749 §5.2 name the same conditions differently.
const FAILURE_KIND_BY_ERROR = new Map<string, TokenFailureKind>([
  ["invalid_grant", "invalid_grant"],
  ["bad_verification_code", "invalid_grant"], // GitHub
  ["bad_refresh_token", "invalid_grant"], // GitHub
  ["invalid_code", "invalid_grant"], // Slack
  ["invalid_refresh_token", "invalid_grant"], // Slack
  ["invalid_client", "invalid_client"],
  ["unauthorized_client", "invalid_client"],
  ["incorrect_client_credentials", "invalid_client"], // GitHub
  ["invalid_client_id", "invalid_client"], // Slack
  ["bad_client_secret", "invalid_client"], // Slack
  ["server_error", "server_error"],
  ["temporarily_unavailable", "server_error"],
  ["slow_down", "rate_limited"],
  ["ratelimited", "rate_limited"], // Slack
]);

// An error code is an identifier; anything else in that field is not repeated.
const SAFE_ERROR_CODE = /^[A-Za-z0-9_.:-]{1,64}$/;

type ResponseBody =
  | { kind: "fields"; fields: Record<string, unknown> }
  | { kind: "empty" | "html" | "unreadable" };

/** Turns a token endpoint's response into tokens or a classified, secret-free failure. */
export function parseTokenResponse(
  response: HttpResponse,
  paths: TokenPaths,
  { now, maxBytes = DEFAULT_MAX_TOKEN_RESPONSE_BYTES }: ParseTokenResponseOptions,
): TokenResult {
  const { status } = response;
  if (Buffer.byteLength(response.body, "utf8") > maxBytes) {
    return failed({ kind: "bad_response", status, message: `The token endpoint's response is larger than ${maxBytes} bytes` });
  }
  const body = readBody(response.body);
  const retryAfterMs = parseRetryAfter(readHeader(response.headers, "retry-after"), now);

  if (status === 429) {
    return failed({
      kind: "rate_limited",
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      message: "The token endpoint is rate limiting requests (HTTP 429)",
    });
  }
  const isErrorBody = body.kind === "fields" && (Boolean(body.fields.error) || body.fields.ok === false);
  if (status < 200 || status >= 300 || isErrorBody) {
    return failed(errorFailure(status, body, retryAfterMs));
  }
  if (body.kind !== "fields") {
    const what = { empty: "an empty body", html: "an HTML page", unreadable: "a body that is neither a JSON object nor form fields" };
    return failed({ kind: "bad_response", status, message: `The token endpoint answered HTTP ${status} with ${what[body.kind]}` });
  }
  return readTokens(body.fields, paths, status, now);
}

function failed(failure: TokenFailure): TokenResult {
  return { ok: false, failure };
}

// Judged by the body, not the Content-Type: providers label form fields as text/plain, JSON as text/html, and so on.
function readBody(raw: string): ResponseBody {
  const text = raw.trim();
  if (text === "") return { kind: "empty" };
  if (text.startsWith("<")) return { kind: "html" };
  if (text.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(text);
      return isRecord(parsed) ? { kind: "fields", fields: parsed } : { kind: "unreadable" };
    } catch {
      return { kind: "unreadable" };
    }
  }
  if (/^[^\s=&]+=[^\s&]*(?:&[^\s=&]+=[^\s&]*)*$/.test(text)) return { kind: "fields", fields: decodeForm(text) };
  return { kind: "unreadable" };
}

function errorFailure(status: number, body: ResponseBody, retryAfterMs: number | undefined): TokenFailure {
  const rawCode = body.kind === "fields" ? body.fields.error : undefined;
  const providerError = typeof rawCode === "string" && SAFE_ERROR_CODE.test(rawCode) ? rawCode : undefined;
  let kind = (providerError && FAILURE_KIND_BY_ERROR.get(providerError)) || "provider_error";
  if (kind === "provider_error" && status >= 500) kind = "server_error";
  // RFC 6749 §5.2 lets a server answer a failed client authentication with a bare 401.
  else if (kind === "provider_error" && status === 401 && !providerError) kind = "invalid_client";

  const what = providerError ? `"${providerError}"` : "an error";
  const page = body.kind === "html" ? " with an HTML page" : "";
  const isRetryable = kind === "server_error" || kind === "rate_limited";
  return {
    kind,
    status,
    ...(providerError === undefined ? {} : { providerError }),
    ...(isRetryable && retryAfterMs !== undefined ? { retryAfterMs } : {}),
    message: `The token endpoint answered ${what} (HTTP ${status})${page}`,
  };
}

function readTokens(fields: Record<string, unknown>, paths: TokenPaths, status: number, now: Date): TokenResult {
  const accessToken = readPath(fields, paths.accessTokenPath, "accessTokenPath", status, { isRequired: true });
  if (!accessToken.ok) return accessToken;
  if (typeof accessToken.value !== "string" || accessToken.value === "") {
    return failed({ kind: "bad_response", status, message: `The access token at ${paths.accessTokenPath} is not a non-empty string` });
  }

  const refreshToken = readPath(fields, paths.refreshTokenPath, "refreshTokenPath", status);
  if (!refreshToken.ok) return refreshToken;
  if (refreshToken.value !== undefined && refreshToken.value !== null && typeof refreshToken.value !== "string") {
    return failed({ kind: "bad_response", status, message: `The refresh token at ${paths.refreshTokenPath} is not a string` });
  }

  let expiresAt: Date | null = null;
  if (paths.expiresInPath) {
    const expiresIn = readPath(fields, paths.expiresInPath, "expiresInPath", status);
    if (!expiresIn.ok) return expiresIn;
    const seconds = readLifetimeSeconds(expiresIn.value);
    if (seconds === "invalid") {
      return failed({
        kind: "bad_response",
        status,
        message: `The lifetime at ${paths.expiresInPath} is not a number of seconds between 0 and ${MAX_EXPIRES_IN_SECONDS}`,
      });
    }
    if (seconds !== null) expiresAt = new Date(now.getTime() + Math.round(seconds * 1000));
  }

  return {
    ok: true,
    tokens: {
      accessToken: accessToken.value,
      refreshToken: refreshToken.value || null,
      expiresAt,
      ...grantedScope(fields, paths.scopePath),
      ...(typeof fields.token_type === "string" ? { tokenType: fields.token_type } : {}),
    },
  };
}

/** The granted scope, read at `scopePath` (default `$.scope`), space- or comma-separated or a list. */
function grantedScope(fields: Record<string, unknown>, scopePath: string | null | undefined): { scope?: string } {
  const found = extractValue(fields, scopePath || "$.scope");
  const scopes = found.ok ? readGrantedScopes(found.value) : null;
  return scopes ? { scope: scopes.join(" ") } : {};
}

/** A path's value, undefined when it matches nothing, or a failure for a required value or an invalid path. */
function readPath(
  fields: Record<string, unknown>,
  path: string,
  field: string,
  status: number,
  { isRequired = false } = {},
): { ok: true; value: unknown } | { ok: false; failure: TokenFailure } {
  const extracted = extractValue(fields, path);
  if (extracted.ok) return extracted;
  if (extracted.error.code === "path_not_found" && !isRequired) return { ok: true, value: undefined };
  return { ok: false, failure: { kind: "path_not_found", status, message: `${field}: ${extracted.error.message}` } };
}

function readLifetimeSeconds(value: unknown): number | null | "invalid" {
  if (value === undefined || value === null) return null;
  const seconds =
    typeof value === "number" ? value : typeof value === "string" && /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_EXPIRES_IN_SECONDS) return "invalid";
  // Some providers send 0 for a token that does not expire; taken literally, it would be refreshed forever.
  return seconds === 0 ? null : seconds;
}
