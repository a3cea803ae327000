import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createFetchSend } from "@/e2e/providers/fetch-send";
import { startQuirksProvider, type QuirksHandle, type QuirksProvider } from "@/e2e/providers/quirks";

import { buildAuthorizeUrl } from "./authorize-url";
import type { OAuthConfig } from "./config";
import { extractValue, queryStringToObject } from "./extract";
import { backoffDelay, classifyFailure, isExpiringSoon, mergeRefreshedTokens } from "./refresh-rules";
import { requestTokens } from "./request-tokens";
import { AWKWARD_SECRET, SEED_OAUTH_CONFIG } from "./seed-config.fixture";
import { createState } from "./state";
import type { TemplateValues } from "./template";
import { buildCodeExchangeRequest, buildRefreshRequest } from "./token-request";
import type { TokenFailure, TokenResult, TokenSet } from "./token-response";

const REDIRECT_URI = "http://localhost:3000/v1/dev_oauth/callback";
const CLIENT_ID = "gatehouse-quirks";
const settings: TemplateValues = { client_id: CLIENT_ID, client_secret: AWKWARD_SECRET, redirect_uri: REDIRECT_URI };
const send = createFetchSend({ timeoutMs: 5_000 });
const now = () => new Date();

let quirks: QuirksHandle;

beforeAll(async () => {
  quirks = await startQuirksProvider({ clientId: CLIENT_ID, clientSecret: AWKWARD_SECRET, slowDelayMs: 5_000 });
});

afterAll(async () => {
  await quirks?.close();
});

function configFor(provider: QuirksProvider | "down", overrides: Partial<OAuthConfig> = {}): OAuthConfig {
  return {
    name: provider,
    linkUrl: `${quirks.url(provider, "authorize")}?client_id={{client_id}}&redirect_uri={{redirect_uri}}&state={{state}}&response_type=code`,
    authCodePath: "$.code",
    accessTokenPath: "$.access_token",
    refreshTokenPath: "$.refresh_token",
    expiresInPath: "$.expires_in",
    accessTokenVariable: "access_token",
    refreshTokenVariable: "refresh_token",
    tokenUrl: quirks.url(provider, "token"),
    requestBody:
      '{"grant_type": "authorization_code", "code": "{{auth_code}}", "redirect_uri": "{{redirect_uri}}", "client_id": {{client_id}}, "client_secret": {{client_secret}}}',
    requestFormat: "form",
    clientAuthentication: "body",
    ...overrides,
  };
}

/** Opens the authorize URL, follows the provider's redirect and reads the code with authCodePath. */
async function authorize(config: OAuthConfig): Promise<string> {
  const state = createState();
  const response = await fetch(buildAuthorizeUrl(config, { ...settings, state }), { redirect: "manual" });
  const callback = new URL(response.headers.get("location") ?? "");
  const query = queryStringToObject(callback.search);
  expect(query.state).toBe(state);
  const code = extractValue(query, config.authCodePath);
  if (!code.ok || typeof code.value !== "string") throw new Error("no code in the callback");
  return code.value;
}

function exchangeCode(config: OAuthConfig, code: string, values: TemplateValues = settings): Promise<TokenResult> {
  return requestTokens(buildCodeExchangeRequest(config, { ...values, auth_code: code }), config, { send, now });
}

function refresh(config: OAuthConfig, refreshToken: string): Promise<TokenResult> {
  return requestTokens(buildRefreshRequest(config, { ...settings, refresh_token: refreshToken }), config, { send, now });
}

async function connect(config: OAuthConfig): Promise<TokenSet> {
  return tokensOf(await exchangeCode(config, await authorize(config)));
}

function tokensOf(result: TokenResult): TokenSet {
  if (!result.ok) throw new Error(`expected tokens, got ${result.failure.kind}: ${result.failure.message}`);
  return result.tokens;
}

function failureOf(result: TokenResult): TokenFailure {
  if (result.ok) throw new Error("expected a failure");
  return result.failure;
}

function secondsUntil(date: Date | null): number {
  return Math.round(((date?.getTime() ?? Number.NaN) - Date.now()) / 1000);
}

describe("GitHub-like provider", () => {
  const config = () => configFor("github");

  it("reads a form-encoded token response and refreshes with the rotated token", async () => {
    const before = quirks.tokenRequestCount("github");
    const tokens = await connect(config());
    expect(tokens.accessToken).toMatch(/^ghu_/);
    expect(secondsUntil(tokens.expiresAt)).toBe(28_800);
    const refreshed = mergeRefreshedTokens(tokens, tokensOf(await refresh(config(), tokens.refreshToken!)));
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    expect(quirks.tokenRequestCount("github") - before).toBe(2);
  });

  it("recognises bad_verification_code sent with HTTP 200 as a dead grant", async () => {
    const code = await authorize(config());
    tokensOf(await exchangeCode(config(), code));
    const failure = failureOf(await exchangeCode(config(), code));
    expect(failure).toMatchObject({ kind: "invalid_grant", status: 200, providerError: "bad_verification_code" });
    expect(classifyFailure(failure)).toBe("needs_reauth");
    expect(failure.message).not.toContain(code);
  });

  it("recognises incorrect_client_credentials sent with HTTP 200 as a configuration error", async () => {
    const failure = failureOf(await exchangeCode(config(), await authorize(config()), { ...settings, client_secret: "wrong" }));
    expect(failure).toMatchObject({ kind: "invalid_client", providerError: "incorrect_client_credentials" });
    expect(classifyFailure(failure)).toBe("config_error");
  });
});

describe("Slack-like provider", () => {
  const config = () =>
    configFor("slack", {
      accessTokenPath: "$.authed_user.access_token",
      refreshTokenPath: "$.authed_user.refresh_token",
      expiresInPath: "$.authed_user.expires_in",
    });

  it("reads tokens nested under authed_user", async () => {
    const tokens = await connect(config());
    expect(tokens.accessToken).toMatch(/^xoxp-/);
    expect(tokens.refreshToken).toMatch(/^rt_/);
    expect(secondsUntil(tokens.expiresAt)).toBe(43_200);
  });

  it('recognises {"ok": false, "error": "invalid_code"} sent with HTTP 200', async () => {
    const failure = failureOf(await exchangeCode(config(), "not-a-code"));
    expect(failure).toMatchObject({ kind: "invalid_grant", status: 200, providerError: "invalid_code" });
  });

  it("names the keys that are there when a path is wrong", async () => {
    const failure = failureOf(await exchangeCode({ ...config(), accessTokenPath: "$.access_token" }, await authorize(config())));
    expect(failure.kind).toBe("path_not_found");
    expect(failure.message).toContain('"authed_user"');
    expect(classifyFailure(failure)).toBe("config_error");
  });
});

describe("Notion-like provider", () => {
  const config = (overrides: Partial<OAuthConfig> = {}) =>
    configFor("notion", {
      requestFormat: "json",
      clientAuthentication: "basic",
      requestBody: '{"grant_type": "authorization_code", "code": "{{auth_code}}", "redirect_uri": "{{redirect_uri}}"}',
      ...overrides,
    });

  it("accepts a JSON body with HTTP Basic built from a secret holding ':', '%' and non-ASCII", async () => {
    const tokens = await connect(config());
    expect(tokens.accessToken).toMatch(/^secret_/);
    expect(tokens.expiresAt).toBeNull();
    expect(quirks.requests.at(-1)).toMatchObject({ provider: "notion", clientAuthentication: "basic", contentType: "application/json" });
  });

  it("answers invalid_client, a configuration error, without Basic authentication", async () => {
    const failure = failureOf(await exchangeCode(config({ clientAuthentication: "body" }), await authorize(config())));
    expect(failure).toMatchObject({ kind: "invalid_client", status: 401 });
    expect(classifyFailure(failure)).toBe("config_error");
  });
});

describe("Salesforce-like provider", () => {
  const config = () => configFor("salesforce");

  it("leaves the expiry unknown when there is no expires_in, and keeps the refresh token it does not rotate", async () => {
    const tokens = await connect(config());
    expect(tokens.expiresAt).toBeNull();
    expect(isExpiringSoon(tokens.expiresAt, new Date())).toBe(false);

    const fresh = tokensOf(await refresh(config(), tokens.refreshToken!));
    expect(fresh.refreshToken).toBeNull();
    const merged = mergeRefreshedTokens(tokens, fresh);
    expect(merged).toMatchObject({ accessToken: fresh.accessToken, refreshToken: tokens.refreshToken });
    expect((await refresh(config(), merged.refreshToken!)).ok).toBe(true);
  });
});

describe("a provider sending expires_in as a string", () => {
  it("takes the numeric string as seconds", async () => {
    const tokens = await connect(configFor("string-expiry"));
    expect(secondsUntil(tokens.expiresAt)).toBe(3600);
  });
});

describe("refresh after the user revoked access", () => {
  it.each([
    ["string-expiry", {}, "invalid_grant"],
    ["salesforce", {}, "invalid_grant"],
    ["slack", { accessTokenPath: "$.authed_user.access_token", refreshTokenPath: "$.authed_user.refresh_token" }, "invalid_refresh_token"],
  ] as const)("gets invalid_grant from %s and needs a new connection", async (provider, overrides, providerError) => {
    const config = configFor(provider, overrides);
    const tokens = await connect(config);
    quirks.revokeRefreshTokens();
    const failure = failureOf(await refresh(config, tokens.refreshToken!));
    expect(failure).toMatchObject({ kind: "invalid_grant", providerError });
    expect(classifyFailure(failure)).toBe("needs_reauth");
  });
});

describe("a provider that is down or slow", () => {
  it("takes a 503 HTML page for a retryable server error and honours its Retry-After", async () => {
    const failure = failureOf(await exchangeCode(configFor("down"), "any-code"));
    expect(failure).toMatchObject({ kind: "server_error", status: 503, retryAfterMs: 30_000 });
    expect(classifyFailure(failure)).toBe("retryable");
    expect(backoffDelay(1, { baseMs: 500, capMs: 10_000, retryAfterMs: failure.retryAfterMs })).toBe(30_000);
  });

  it("turns a time-out into a retryable network failure that holds no secret", async () => {
    const config = configFor("slow");
    const before = quirks.tokenRequestCount("slow");
    const request = buildCodeExchangeRequest(config, { ...settings, auth_code: "slow-code-123" });
    const result = await requestTokens(request, config, { send: createFetchSend({ timeoutMs: 200 }), now });
    const failure = failureOf(result);
    expect(failure.kind).toBe("network");
    expect(failure.message).toMatch(/timeout/i);
    expect(classifyFailure(failure)).toBe("retryable");
    for (const secret of [AWKWARD_SECRET, "slow-code-123", request.body]) expect(failure.message).not.toContain(secret);
    expect(quirks.tokenRequestCount("slow") - before).toBe(1);
  });
});

describe("the contract's example app against a strict provider", () => {
  const config = (): OAuthConfig => ({
    ...SEED_OAUTH_CONFIG,
    linkUrl: SEED_OAUTH_CONFIG.linkUrl.replace("https://acme.example/authorize", quirks.url("seed", "authorize")),
    tokenUrl: quirks.url("seed", "token"),
    refreshTokenUrl: quirks.url("seed", "token"),
  });

  it("sends exactly the seed body with the secret byte for byte, and the same redirect_uri as at authorize", async () => {
    const before = quirks.requests.length;
    const tokens = await connect(config());
    const seedRequests = quirks.requests.slice(before);
    expect(seedRequests.map(({ endpoint, redirectUri }) => [endpoint, redirectUri])).toEqual([
      ["authorize", REDIRECT_URI],
      ["token", REDIRECT_URI],
    ]);
    expect(seedRequests[1]?.bodyKeys).toEqual(["grant_type", "redirect_uri", "code", "client_id", "client_secret"]);
    expect(JSON.stringify(quirks.requests)).not.toContain(AWKWARD_SECRET);

    const contacts = await fetch(quirks.url("seed", "contacts"), { headers: { Authorization: `Bearer ${tokens.accessToken}` } });
    expect(contacts.status).toBe(200);
  });

  it("refreshes with the seed's refresh body, rotating the token and refusing the old one", async () => {
    const tokens = await connect(config());
    const fresh = tokensOf(await refresh(config(), tokens.refreshToken!));
    expect(fresh.refreshToken).not.toBe(tokens.refreshToken);
    const failure = failureOf(await refresh(config(), tokens.refreshToken!));
    expect(classifyFailure(failure)).toBe("needs_reauth");
  });

  it("is strict: a body with one field more is refused", async () => {
    const strict = config();
    const code = await authorize(strict);
    const failure = failureOf(await exchangeCode({ ...strict, requestBody: strict.requestBody.replace(/}$/, ', "extra": "x"}') }, code));
    expect(failure).toMatchObject({ kind: "provider_error", providerError: "invalid_request" });
  });

  it("is strict: a secret that differs by one byte is refused", async () => {
    const code = await authorize(config());
    const failure = failureOf(await exchangeCode(config(), code, { ...settings, client_secret: AWKWARD_SECRET.normalize("NFD") }));
    expect(failure.kind).toBe("invalid_client");
  });
});
