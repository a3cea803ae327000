import { describe, expect, it } from "vitest";

import {
  backoffDelay,
  classifyFailure,
  DEFAULT_REFRESH_MARGIN_MS,
  isExpiringSoon,
  mergeRefreshedTokens,
  parseRetryAfter,
  refreshMarginFor,
} from "./refresh-rules";

const now = new Date("2030-01-01T00:00:00.000Z");
const later = (ms: number) => new Date(now.getTime() + ms);

describe("mergeRefreshedTokens", () => {
  const previous = { accessToken: "old-at", refreshToken: "old-rt", expiresAt: later(1000), scope: "read" };

  it("replaces the refresh token when the provider rotates it", () => {
    expect(mergeRefreshedTokens(previous, { accessToken: "new-at", refreshToken: "new-rt", expiresAt: later(5000) })).toEqual({
      accessToken: "new-at",
      refreshToken: "new-rt",
      expiresAt: later(5000),
      scope: "read",
    });
  });

  it("keeps the old refresh token when the response carries none", () => {
    expect(mergeRefreshedTokens(previous, { accessToken: "new-at", refreshToken: null, expiresAt: null, scope: "read write" })).toEqual({
      accessToken: "new-at",
      refreshToken: "old-rt",
      expiresAt: null,
      scope: "read write",
    });
  });
});

describe("classifyFailure", () => {
  it.each([
    ["invalid_grant", "needs_reauth"],
    ["invalid_client", "config_error"],
    ["path_not_found", "config_error"],
    ["network", "retryable"],
    ["server_error", "retryable"],
    ["rate_limited", "retryable"],
    ["provider_error", "fatal"],
    ["bad_response", "fatal"],
  ] as const)("classifies %s as %s", (kind, expected) => {
    expect(classifyFailure({ kind })).toBe(expected);
  });
});

describe("backoffDelay", () => {
  const options = { baseMs: 100, capMs: 1000 };

  it("doubles from the base up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6, 50].map((attempt) => backoffDelay(attempt, options))).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it("never waits less than the provider's Retry-After, even beyond the cap", () => {
    expect(backoffDelay(1, { ...options, retryAfterMs: 30_000 })).toBe(30_000);
    expect(backoffDelay(4, { ...options, retryAfterMs: 10 })).toBe(800);
  });
});

describe("parseRetryAfter", () => {
  it.each([
    ["120", 120_000],
    [" 0 ", 0],
    ["Tue, 01 Jan 2030 00:00:30 GMT", 30_000],
    ["Mon, 31 Dec 2029 23:00:00 GMT", 0],
    ["soon", undefined],
    ["-5", undefined],
    ["", undefined],
    [null, undefined],
    [undefined, undefined],
  ])("reads %j as %j ms", (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});

describe("isExpiringSoon", () => {
  it("is true within the margin and after expiry", () => {
    expect(isExpiringSoon(later(DEFAULT_REFRESH_MARGIN_MS), now)).toBe(true);
    expect(isExpiringSoon(later(-1), now)).toBe(true);
    expect(isExpiringSoon(later(DEFAULT_REFRESH_MARGIN_MS + 1), now)).toBe(false);
    expect(isExpiringSoon(later(5000), now, 1000)).toBe(false);
  });

  it("is never true for an unknown expiry", () => {
    expect(isExpiringSoon(null, now)).toBe(false);
  });
});

describe("refreshMarginFor", () => {
  it("uses the default margin for long-lived and unknown lifetimes", () => {
    expect(refreshMarginFor(3600)).toBe(DEFAULT_REFRESH_MARGIN_MS);
    expect(refreshMarginFor(null)).toBe(DEFAULT_REFRESH_MARGIN_MS);
  });

  it("lets a short-lived token spend half its life before it counts as expiring", () => {
    expect(refreshMarginFor(5)).toBe(2500);
    const issuedAt = now;
    expect(isExpiringSoon(later(5000), issuedAt, refreshMarginFor(5))).toBe(false);
    expect(isExpiringSoon(later(5000), later(2500), refreshMarginFor(5))).toBe(true);
  });
});
