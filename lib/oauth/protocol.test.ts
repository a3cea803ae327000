import { describe, expect, it } from "vitest";
import { buildAuthorizeUrl, readScopes, withStateParameter } from "./authorize-url";
import { checkIssuerIdentifier, discoveryUrls, suggestConfigFromMetadata } from "./discovery";
import { checkCallbackIssuer } from "./issuer";
import { renderJsonTemplate } from "./json-template";
import { buildRevocationRequest, classifyRevocation } from "./revocation";
import { assumesBearer, checkTokenType, isExpiredTokenResponse, readGrantedScopes } from "./token-signals";

const credentials = { client_id: "app-1", client_secret: "s3cret-value" };

describe("revocation (RFC 7009)", () => {
  it("revokes the refresh token when there is one, with the client's credentials in a form body", () => {
    const request = buildRevocationRequest({ revokeUrl: "https://as.example/revoke" }, credentials, {
      accessToken: "at-123456",
      refreshToken: "rt-abcdef",
    });
    expect(request?.url).toBe("https://as.example/revoke");
    expect(new URLSearchParams(request!.body)).toEqual(
      new URLSearchParams({ token: "rt-abcdef", token_type_hint: "refresh_token", client_id: "app-1", client_secret: "s3cret-value" }),
    );
    expect(request?.headers["Content-Type"]).toBe("application/x-www-form-urlencoded");
  });

  it("revokes the access token when no refresh token was issued, with Basic authentication", () => {
    const request = buildRevocationRequest({ revokeUrl: "https://as.example/revoke", clientAuthentication: "basic" }, credentials, {
      accessToken: "at-123456",
      refreshToken: null,
    });
    expect(Object.fromEntries(new URLSearchParams(request!.body))).toEqual({ token: "at-123456", token_type_hint: "access_token" });
    expect(request?.headers.Authorization).toBe(`Basic ${Buffer.from("app-1:s3cret-value").toString("base64")}`);
  });

  it("renders a developer's JSON body with both tokens available", () => {
    const request = buildRevocationRequest(
      { revokeUrl: "https://as.example/revoke", requestFormat: "json", revokeBody: '{"access_token": {{access_token}}, "app": "{{client_id}}"}' },
      credentials,
      { accessToken: "at-123456", refreshToken: "rt-abcdef" },
    );
    expect(JSON.parse(request!.body)).toEqual({ access_token: "at-123456", app: "app-1" });
  });

  it("builds nothing without a revocation URL or a token", () => {
    expect(buildRevocationRequest({}, credentials, { accessToken: "at", refreshToken: "rt" })).toBeNull();
    expect(buildRevocationRequest({ revokeUrl: "https://as.example/r" }, credentials, { accessToken: null, refreshToken: null })).toBeNull();
  });

  it("reads 2xx as revoked, other statuses as refused and no answer as unreachable", () => {
    expect([classifyRevocation(200), classifyRevocation(400), classifyRevocation(503), classifyRevocation(null)]).toEqual([
      "revoked",
      "refused",
      "refused",
      "unreachable",
    ]);
  });
});

describe("issuer check (RFC 9207)", () => {
  const config = { issuer: "https://as.example" };
  it("accepts the configured issuer and refuses any other", () => {
    expect(checkCallbackIssuer(config, "https://as.example")).toEqual({ ok: true });
    expect(checkCallbackIssuer(config, "https://as.example/")).toMatchObject({ ok: false, reason: "iss_mismatch" });
    expect(checkCallbackIssuer(config, "https://evil.example")).toMatchObject({ ok: false, reason: "iss_mismatch" });
  });
  it("refuses a missing iss only when it is required", () => {
    expect(checkCallbackIssuer(config, undefined)).toEqual({ ok: true });
    expect(checkCallbackIssuer({ ...config, requireIss: true }, undefined)).toMatchObject({ ok: false, reason: "iss_missing" });
  });
});

describe("discovery", () => {
  const issuer = "https://as.example/tenant";
  const metadata = {
    issuer,
    authorization_endpoint: "https://as.example/tenant/auth",
    token_endpoint: "https://as.example/tenant/token",
    revocation_endpoint: "https://as.example/tenant/revoke",
    code_challenge_methods_supported: ["plain", "S256"],
    token_endpoint_auth_methods_supported: ["client_secret_post"],
    authorization_response_iss_parameter_supported: true,
    scopes_supported: ["openid", "email"],
  };

  it("looks in both well-known locations", () => {
    expect(discoveryUrls(issuer)).toEqual([
      "https://as.example/tenant/.well-known/openid-configuration",
      "https://as.example/.well-known/oauth-authorization-server/tenant",
    ]);
  });

  it("fills a config from the metadata", () => {
    const result = suggestConfigFromMetadata(issuer, metadata);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      tokenUrl: "https://as.example/tenant/token",
      revokeUrl: "https://as.example/tenant/revoke",
      issuer,
      requireIss: true,
      pkce: true,
      clientAuthentication: "body",
    });
    expect(result.config.linkUrl).toBe(
      "https://as.example/tenant/auth?response_type=code&client_id={{client_id}}&redirect_uri={{redirect_uri}}&scope={{scope}}&state={{state}}",
    );
    const body = renderJsonTemplate(result.config.requestBody, { ...credentials, auth_code: "c0de", redirect_uri: "https://gh.example/cb" });
    expect(body.value).toEqual({
      grant_type: "authorization_code",
      code: "c0de",
      redirect_uri: "https://gh.example/cb",
      client_id: "app-1",
      client_secret: "s3cret-value",
    });
    expect(result.scopesSupported).toEqual(["openid", "email"]);
  });

  it("prefers Basic authentication, the RFC 8414 default, and leaves PKCE off without S256", () => {
    const result = suggestConfigFromMetadata(issuer, { ...metadata, token_endpoint_auth_methods_supported: undefined, code_challenge_methods_supported: ["plain"] });
    expect(result.ok && result.config).toMatchObject({ clientAuthentication: "basic", pkce: false });
  });

  it("refuses a document that names another issuer or lacks an endpoint", () => {
    expect(suggestConfigFromMetadata(issuer, { ...metadata, issuer: "https://evil.example" })).toMatchObject({ ok: false });
    expect(suggestConfigFromMetadata(issuer, { ...metadata, token_endpoint: "not a url" })).toMatchObject({ ok: false });
    expect(suggestConfigFromMetadata(issuer, [])).toMatchObject({ ok: false });
  });

  it("checks issuer identifiers", () => {
    expect(checkIssuerIdentifier("https://as.example")).toBeNull();
    expect(checkIssuerIdentifier("https://as.example?x=1")).not.toBeNull();
    expect(checkIssuerIdentifier("ftp://as.example")).not.toBeNull();
    expect(checkIssuerIdentifier("as.example")).not.toBeNull();
  });
});

describe("link URL rules", () => {
  it("adds state when the link forgets it, and keeps a link that has it", () => {
    expect(withStateParameter("https://as.example/auth?client_id={{client_id}}")).toBe("https://as.example/auth?client_id={{client_id}}&state={{state}}");
    expect(withStateParameter("https://as.example/auth")).toBe("https://as.example/auth?state={{state}}");
    expect(withStateParameter("https://as.example/auth?s={{state}}")).toBe("https://as.example/auth?s={{state}}");
    // Found by the definition fuzz: a template that does not parse is left for its own error message.
    expect(withStateParameter("https://as.example/{{1bad}}")).toBe("https://as.example/{{1bad}}");
    expect(buildAuthorizeUrl({ linkUrl: withStateParameter("https://as.example/auth"), pkce: false }, { state: "abc" })).toBe(
      "https://as.example/auth?state=abc",
    );
  });

  it("reads scopes from scope and user_scope parameters", () => {
    expect(readScopes("https://slack.example/authorize?scope=chat:write,channels:read&user_scope=search:read")).toEqual([
      "chat:write",
      "channels:read",
      "search:read",
    ]);
  });
});

describe("token signals", () => {
  const signals = { expiredStatuses: [403], expiredBodyPath: "$.error.code", expiredBodyValue: "token_expired" };
  it("treats 401, a listed status and a matching body value as a dead token", () => {
    expect(isExpiredTokenResponse({}, { status: 401, body: "" })).toBe(true);
    expect(isExpiredTokenResponse(signals, { status: 403, body: "" })).toBe(true);
    expect(isExpiredTokenResponse(signals, { status: 400, body: { error: { code: "token_expired" } } })).toBe(true);
    expect(isExpiredTokenResponse(signals, { status: 400, body: { error: { code: "bad_input" } } })).toBe(false);
    expect(isExpiredTokenResponse(signals, { status: 200, body: { error: { code: "token_expired" } } })).toBe(false);
    expect(isExpiredTokenResponse({}, { status: 403, body: "" })).toBe(false);
  });

  it("refuses a non-Bearer token only when the APIs send it as Bearer", () => {
    expect(assumesBearer(["Bearer {{access_token}}"], "access_token")).toBe(true);
    expect(assumesBearer(["token {{access_token}}"], "access_token")).toBe(false);
    expect(checkTokenType("bearer", true)).toBeNull();
    expect(checkTokenType("MAC", false)).toBeNull();
    expect(checkTokenType(undefined, true)).toBeNull();
    expect(checkTokenType("MAC", true)).toMatch(/"MAC"/);
  });

  it("splits granted scopes sent with spaces, commas or as a list", () => {
    expect(readGrantedScopes("read write")).toEqual(["read", "write"]);
    expect(readGrantedScopes("read,write")).toEqual(["read", "write"]);
    expect(readGrantedScopes(["a", "b"])).toEqual(["a", "b"]);
    expect(readGrantedScopes(undefined)).toBeNull();
  });
});
