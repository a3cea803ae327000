import type { TokenFailure, TokenSet } from "./token-response";

/** Rules for keeping tokens fresh (DESIGN.md, "Refresh"), free of clocks and storage. */

// Lives in its own module so that token-response, which reads the header, does not import this one back.
export { parseRetryAfter } from "./retry-after";

export type FailureClass = "needs_reauth" | "config_error" | "retryable" | "fatal";

export const DEFAULT_REFRESH_MARGIN_MS = 60_000;

/** The tokens to store after a refresh: a rotated refresh token replaces the old one, a missing one keeps it. */
export function mergeRefreshedTokens(previous: TokenSet, fresh: TokenSet): TokenSet {
  const scope = fresh.scope ?? previous.scope;
  return {
    accessToken: fresh.accessToken,
    refreshToken: fresh.refreshToken ?? previous.refreshToken,
    expiresAt: fresh.expiresAt,
    ...(scope === undefined ? {} : { scope }),
  };
}

/** What a failed token request means for the connection. */
export function classifyFailure(failure: Pick<TokenFailure, "kind">): FailureClass {
  switch (failure.kind) {
    case "invalid_grant":
      return "needs_reauth";
    case "invalid_client":
    case "path_not_found":
      return "config_error";
    case "network":
    case "server_error":
    case "rate_limited":
      return "retryable";
    case "provider_error":
    case "bad_response":
      return "fatal";
  }
}

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** From the provider's Retry-After; never waited less than, even beyond capMs. */
  retryAfterMs?: number;
}

/** The wait before retry number `attempt` (1 for the first retry): capped exponential backoff. */
export function backoffDelay(attempt: number, { baseMs, capMs, retryAfterMs }: BackoffOptions): number {
  const exponential = Math.min(capMs, baseMs * 2 ** (Math.max(1, attempt) - 1));
  return Math.max(exponential, retryAfterMs ?? 0);
}

/** Whether a token should be refreshed before use; an unknown expiry never is (it waits for a 401). */
export function isExpiringSoon(expiresAt: Date | null, now: Date, marginMs = DEFAULT_REFRESH_MARGIN_MS): boolean {
  return expiresAt !== null && expiresAt.getTime() - now.getTime() <= marginMs;
}

/** The refresh margin for a token of this lifetime: at most half of it, so a short-lived token is not always "expiring". */
export function refreshMarginFor(expiresInSeconds: number | null): number {
  if (expiresInSeconds === null) return DEFAULT_REFRESH_MARGIN_MS;
  return Math.min(DEFAULT_REFRESH_MARGIN_MS, (expiresInSeconds * 1000) / 2);
}
