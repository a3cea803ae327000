import { describe, expect, it } from "vitest";

import type { HttpSend } from "./http-send";
import { requestTokens } from "./request-tokens";
import { SEED_OAUTH_CONFIG } from "./seed-config.fixture";
import { buildRefreshRequest } from "./token-request";

const request = buildRefreshRequest(SEED_OAUTH_CONFIG, { refresh_token: "rt-1" });

describe("requestTokens", () => {
  it("dates the expiry from when the answer arrived", async () => {
    let clock = new Date("2030-01-01T00:00:00.000Z");
    const send: HttpSend = async () => {
      clock = new Date("2030-01-01T00:00:10.000Z");
      return { status: 200, headers: {}, body: '{"access_token":"at","expires_in":60}' };
    };
    const result = await requestTokens(request, SEED_OAUTH_CONFIG, { send, now: () => clock });
    expect(result).toEqual({ ok: true, tokens: { accessToken: "at", refreshToken: null, expiresAt: new Date("2030-01-01T00:01:10.000Z") } });
  });

  it("hands a network failure back without parsing anything", async () => {
    const result = await requestTokens(request, SEED_OAUTH_CONFIG, {
      send: async () => {
        throw new Error("socket hang up");
      },
      now: () => new Date(),
    });
    expect(result).toEqual({ ok: false, failure: { kind: "network", message: "Could not reach the token endpoint: socket hang up" } });
  });

  it("applies the size cap", async () => {
    const send: HttpSend = async () => ({ status: 200, headers: {}, body: JSON.stringify({ access_token: "x".repeat(64) }) });
    const result = await requestTokens(request, SEED_OAUTH_CONFIG, { send, now: () => new Date(), maxBytes: 32 });
    expect(result.ok).toBe(false);
  });
});
