import { extractValue } from "./extract";

/**
 * How an API says that the access token is dead: by default a 401, and optionally other statuses or a value
 * in the body (for example `$.error.code` equal to `token_expired`). Each triggers the same one forced
 * refresh and retry.
 */
export interface ExpiredTokenSignals {
  expiredStatuses?: number[] | null;
  expiredBodyPath?: string | null;
  expiredBodyValue?: string | null;
}

export function isExpiredTokenResponse(signals: ExpiredTokenSignals, response: { status: number; body: unknown }): boolean {
  if (response.status === 401) return true;
  if (signals.expiredStatuses?.includes(response.status)) return true;
  if (!signals.expiredBodyPath || response.status < 400) return false;
  const found = extractValue(response.body, signals.expiredBodyPath);
  if (!found.ok || found.value === undefined || found.value === null) return false;
  return signals.expiredBodyValue == null || String(found.value) === signals.expiredBodyValue;
}

/** True when a header template sends the token as `Bearer {{variable}}`. */
export function assumesBearer(headerTemplates: Iterable<string>, accessTokenVariable: string): boolean {
  const pattern = new RegExp(`\\bbearer\\s+\\{\\{\\s*${accessTokenVariable.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*\\}\\}`, "i");
  for (const template of headerTemplates) if (pattern.test(template)) return true;
  return false;
}

/**
 * RFC 6750: a token whose `token_type` is not Bearer (any case) must not be sent as a Bearer header. When the
 * app's APIs do exactly that, connecting is a configuration error rather than a silently wrong header.
 */
export function checkTokenType(tokenType: unknown, usesBearer: boolean): string | null {
  if (!usesBearer || tokenType === undefined || tokenType === null || tokenType === "") return null;
  if (typeof tokenType === "string" && tokenType.toLowerCase() === "bearer") return null;
  const shown = typeof tokenType === "string" && /^[A-Za-z0-9_.-]{1,40}$/.test(tokenType) ? `"${tokenType}"` : "a non-Bearer value";
  return `The provider issued a token of type ${shown}, but the app's APIs send it as "Bearer"; the app's developer must change the Authorization header`;
}

/** Splits a granted scope value as providers send it: space-separated (RFC 6749 §3.3), comma-separated, or a list. */
export function readGrantedScopes(value: unknown): string[] | null {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string" && item !== "");
  if (typeof value !== "string") return null;
  return [...new Set(value.split(/[\s,]+/).filter(Boolean))];
}
