import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createFetchSend } from "@/e2e/providers/fetch-send";
import { startOidcProvider, startResourceServer, type OidcProviderHandle, type ResourceServerHandle } from "@/e2e/providers/oidc";

import { buildAuthorizeUrl } from "./authorize-url";
import type { OAuthConfig } from "./config";
import { extractValue, queryStringToObject } from "./extract";
import { computeCodeChallenge, createCodeVerifier } from "./pkce";
import { classifyFailure, isExpiringSoon, mergeRefreshedTokens, refreshMarginFor } from "./refresh-rules";
import { requestTokens } from "./request-tokens";
import { createState } from "./state";
import type { TemplateValues } from "./template";
import { buildCodeExchangeRequest, buildRefreshRequest } from "./token-request";
import type { TokenResult, TokenSet } from "./token-response";

// Never contacted: the flow stops at the provider's redirect, as the browser would hand it to Gatehouse.
const REDIRECT_URI = "http://127.0.0.1:9/v1/dev_oauth/callback";
const send = createFetchSend({ timeoutMs: 10_000 });
const now = () => new Date();

const clients = {
  // oidc-provider takes only printable ASCII secrets (RFC 6749 Appendix A, VSCHAR), so no non-ASCII here.
  basic: { clientId: "gatehouse-basic", clientSecret: 'q"uo\\te:%+&= x', authMethod: "client_secret_basic" },
  post: { clientId: "gatehouse-post", clientSecret: 'p@ss&w=rd+%20 "x"', authMethod: "client_secret_post" },
} as const;
type ClientName = keyof typeof clients;

function configFor(provider: OidcProviderHandle, client: ClientName): OAuthConfig {
  const credentialsInBody = client === "post" ? ', "client_id": {{client_id}}, "client_secret": {{client_secret}}' : "";
  return {
    name: "oidc",
    linkUrl: `${provider.authorizationEndpoint}?response_type=code&client_id={{client_id}}&redirect_uri={{redirect_uri}}&state={{state}}&scope=openid%20contacts.read`,
    authCodePath: "$.code",
    accessTokenPath: "$.access_token",
    refreshTokenPath: "$.refresh_token",
    expiresInPath: "$.expires_in",
    accessTokenVariable: "access_token",
    refreshTokenVariable: "refresh_token",
    tokenUrl: provider.tokenEndpoint,
    requestBody: `{"grant_type": "authorization_code", "code": "{{auth_code}}", "redirect_uri": "{{redirect_uri}}"${credentialsInBody}}`,
    requestFormat: "form",
    clientAuthentication: client === "basic" ? "basic" : "body",
    pkce: true,
  };
}

function settingsFor(client: ClientName): TemplateValues {
  return { client_id: clients[client].clientId, client_secret: clients[client].clientSecret, redirect_uri: REDIRECT_URI };
}

function tokensOf(result: TokenResult): TokenSet {
  if (!result.ok) throw new Error(`expected tokens, got ${result.failure.kind}: ${result.failure.message}`);
  return result.tokens;
}

/** Runs the connect flow as Gatehouse does: authorize URL, provider sign-in, callback query, code exchange. */
async function connect(provider: OidcProviderHandle, client: ClientName, { codeVerifier = createCodeVerifier() } = {}) {
  const config = configFor(provider, client);
  const state = createState();
  const authorizeUrl = buildAuthorizeUrl(config, { ...settingsFor(client), state }, { codeChallenge: computeCodeChallenge(codeVerifier) });
  const callback = await provider.followAuthorization(authorizeUrl, { redirectUri: REDIRECT_URI });
  const query = queryStringToObject(callback.search);
  expect(query.state).toBe(state);
  const code = extractValue(query, config.authCodePath);
  if (!code.ok || typeof code.value !== "string") throw new Error(`no code in the callback: ${callback.search}`);
  return { config, code: code.value };
}

async function exchange(provider: OidcProviderHandle, client: ClientName, verifier = createCodeVerifier()): Promise<TokenResult> {
  const { config, code } = await connect(provider, client, { codeVerifier: verifier });
  const request = buildCodeExchangeRequest(config, { ...settingsFor(client), auth_code: code }, { codeVerifier: verifier });
  return requestTokens(request, config, { send, now });
}

function refresh(provider: OidcProviderHandle, client: ClientName, refreshToken: string): Promise<TokenResult> {
  const config = configFor(provider, client);
  return requestTokens(buildRefreshRequest(config, { ...settingsFor(client), refresh_token: refreshToken }), config, { send, now });
}

async function callApi(resource: ResourceServerHandle, accessToken: string): Promise<number> {
  return (await fetch(resource.url, { headers: { Authorization: `Bearer ${accessToken}` } })).status;
}

describe("against oidc-provider", () => {
  let provider: OidcProviderHandle;
  let resource: ResourceServerHandle;

  beforeAll(async () => {
    provider = await startOidcProvider({
      clients: Object.values(clients).map((client) => ({ ...client, redirectUris: [REDIRECT_URI] })),
      scopes: ["contacts.read"],
    });
    resource = await startResourceServer({ provider });
  });

  afterAll(async () => {
    await resource?.close();
    await provider?.close();
  });

  describe.each(["basic", "post"] as const)("with client_secret_%s", (client) => {
    it("exchanges a code, calls the API, and refreshes", async () => {
      const before = { ...provider.counters };
      const startedAt = Date.now();
      const tokens = tokensOf(await exchange(provider, client));
      expect(tokens.refreshToken).toEqual(expect.any(String));
      expect(tokens.scope).toBe("openid contacts.read");
      expect(tokens.expiresAt!.getTime() - startedAt).toBeGreaterThan(3_590_000);
      expect(await callApi(resource, tokens.accessToken)).toBe(200);

      const refreshed = mergeRefreshedTokens(tokens, tokensOf(await refresh(provider, client, tokens.refreshToken!)));
      expect(refreshed.accessToken).not.toBe(tokens.accessToken);
      expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
      expect(await callApi(resource, refreshed.accessToken)).toBe(200);
      expect(provider.counters.codeExchanges - before.codeExchanges).toBe(1);
      expect(provider.counters.refreshes - before.refreshes).toBe(1);
    });
  });

  it("refuses an authorization request without a PKCE challenge", async () => {
    await expect(
      provider.authorizeProgrammatically({ clientId: clients.basic.clientId, redirectUri: REDIRECT_URI, scope: "openid", state: "s" }),
    ).rejects.toThrow(/invalid_request.*PKCE/);
  });

  it("gets invalid_grant, needing a new connection, when the verifier does not match the challenge", async () => {
    const { config, code } = await connect(provider, "basic");
    const request = buildCodeExchangeRequest(config, { ...settingsFor("basic"), auth_code: code }, { codeVerifier: createCodeVerifier() });
    const result = await requestTokens(request, config, { send, now });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure).toMatchObject({ kind: "invalid_grant", status: 400, providerError: "invalid_grant" });
    expect(classifyFailure(result.failure)).toBe("needs_reauth");
  });

  it("gets invalid_client, a configuration error, for a wrong client secret", async () => {
    const { config, code } = await connect(provider, "post");
    const verifier = createCodeVerifier();
    const request = buildCodeExchangeRequest(config, { ...settingsFor("post"), client_secret: "wrong", auth_code: code }, { codeVerifier: verifier });
    const result = await requestTokens(request, config, { send, now });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(classifyFailure(result.failure)).toBe("config_error");
  });

  it("rotates the refresh token over three refreshes and refuses every old one as invalid_grant", async () => {
    const first = tokensOf(await exchange(provider, "basic"));
    const refreshTokens = [first.refreshToken!];
    for (let i = 0; i < 3; i++) {
      const next = tokensOf(await refresh(provider, "basic", refreshTokens.at(-1)!));
      expect(refreshTokens).not.toContain(next.refreshToken);
      refreshTokens.push(next.refreshToken!);
      expect(await callApi(resource, next.accessToken)).toBe(200);
    }

    for (const old of refreshTokens.slice(0, 3)) {
      const result = await refresh(provider, "basic", old);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.failure).toMatchObject({ kind: "invalid_grant", providerError: "invalid_grant" });
      expect(classifyFailure(result.failure)).toBe("needs_reauth");
      expect(result.failure.message).not.toContain(old);
    }
    // Reuse of a rotated token revokes the whole grant, the newest refresh token with it.
    expect((await refresh(provider, "basic", refreshTokens[3]!)).ok).toBe(false);
  });
});

describe("against oidc-provider with short-lived access tokens", () => {
  let provider: OidcProviderHandle;
  let resource: ResourceServerHandle;

  beforeAll(async () => {
    provider = await startOidcProvider({ clients: [{ ...clients.basic, redirectUris: [REDIRECT_URI] }], accessTokenTtlSeconds: 2 });
    resource = await startResourceServer({ provider });
  });

  afterAll(async () => {
    await resource?.close();
    await provider?.close();
  });

  it("marks the token as expiring, and a refresh brings the API back once it has expired", async () => {
    const tokens = tokensOf(await exchange(provider, "basic"));
    const margin = refreshMarginFor(2);
    expect(isExpiringSoon(tokens.expiresAt, new Date(), margin)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(isExpiringSoon(tokens.expiresAt, new Date(), margin)).toBe(true);
    expect(await callApi(resource, tokens.accessToken)).toBe(401);

    const refreshed = tokensOf(await refresh(provider, "basic", tokens.refreshToken!));
    expect(await callApi(resource, refreshed.accessToken)).toBe(200);
    expect(resource.hits).toEqual({ total: 2, authorized: 1, rejected: 1 });
  });
});
