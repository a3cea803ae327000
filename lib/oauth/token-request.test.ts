import { describe, expect, it } from "vitest";

import type { OAuthConfig } from "./config";
import { AWKWARD_SECRET, SEED_OAUTH_CONFIG } from "./seed-config.fixture";
import { TemplateError } from "./template";
import { buildCodeExchangeRequest, buildRefreshRequest, defaultRefreshBody, sendTokenRequest } from "./token-request";

const seedValues = {
  client_id: "acme-client",
  client_secret: AWKWARD_SECRET,
  redirect_uri: "http://localhost:3000/v1/dev_oauth/callback",
  auth_code: "the-auth-code",
  refresh_token: "the-refresh-token",
};

const formConfig: OAuthConfig = {
  ...SEED_OAUTH_CONFIG,
  requestFormat: "form",
  requestBody: '{"grant_type": "authorization_code", "code": "{{auth_code}}", "redirect_uri": "{{redirect_uri}}"}',
  refreshTokenUrl: null,
  refreshTokenBody: null,
};

function decodeBasic(header: string | undefined): [string, string] {
  const decoded = Buffer.from((header ?? "").replace(/^Basic /, ""), "base64").toString("utf8");
  const [id = "", secret = ""] = decoded.split(":");
  const formDecode = (text: string) => decodeURIComponent(text.replaceAll("+", " "));
  return [formDecode(id), formDecode(secret)];
}

describe("buildCodeExchangeRequest", () => {
  it("sends the seed's JSON body as rendered, with the client secret byte for byte", () => {
    const request = buildCodeExchangeRequest(SEED_OAUTH_CONFIG, seedValues);
    expect(request).toMatchObject({
      url: "https://acme.example/token",
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
    });
    expect(request.headers.Authorization).toBeUndefined();
    expect(request.body).toBe(
      `{"grant_type": "authorization_code", "redirect_uri": "http://localhost:3000/v1/dev_oauth/callback", "code": "the-auth-code", "client_id": "acme-client", "client_secret": ${JSON.stringify(AWKWARD_SECRET)}}`,
    );
    expect(JSON.parse(request.body).client_secret).toBe(AWKWARD_SECRET);
  });

  it("form-encodes the rendered object by default", () => {
    const request = buildCodeExchangeRequest({ ...formConfig, requestFormat: undefined }, seedValues);
    expect(request.headers["Content-Type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      grant_type: "authorization_code",
      code: "the-auth-code",
      redirect_uri: "http://localhost:3000/v1/dev_oauth/callback",
    });
  });

  it("authenticates with HTTP Basic built from form-encoded credentials (RFC 6749 §2.3.1)", () => {
    const request = buildCodeExchangeRequest({ ...formConfig, clientAuthentication: "basic" }, seedValues);
    const header = request.headers.Authorization;
    expect(header).toMatch(/^Basic [A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(header!.slice(6), "base64").toString("utf8")).toBe(
      `acme-client:${new URLSearchParams({ s: AWKWARD_SECRET }).toString().slice(2)}`,
    );
    expect(decodeBasic(header)).toEqual(["acme-client", AWKWARD_SECRET]);
  });

  it("refuses Basic authentication without a client secret", () => {
    const { client_secret: _, ...withoutSecret } = seedValues;
    expect(() => buildCodeExchangeRequest({ ...formConfig, clientAuthentication: "basic" }, withoutSecret)).toThrow(TemplateError);
  });

  it("adds code_verifier to a form body when PKCE is on", () => {
    const request = buildCodeExchangeRequest({ ...formConfig, pkce: true }, seedValues, { codeVerifier: "v-123" });
    expect(new URLSearchParams(request.body).get("code_verifier")).toBe("v-123");
  });

  it("adds code_verifier to a JSON body when PKCE is on", () => {
    const request = buildCodeExchangeRequest({ ...SEED_OAUTH_CONFIG, pkce: true }, seedValues, { codeVerifier: "v-123" });
    expect(JSON.parse(request.body)).toMatchObject({ code_verifier: "v-123", client_secret: AWKWARD_SECRET });
  });

  it("leaves the verifier where the template puts it", () => {
    const config = { ...formConfig, pkce: true, requestBody: '{"code": "{{auth_code}}", "pkce_verifier": "{{code_verifier}}"}' };
    const request = buildCodeExchangeRequest(config, seedValues, { codeVerifier: "v-123" });
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({ code: "the-auth-code", pkce_verifier: "v-123" });
  });

  it("refuses to exchange a PKCE code without the verifier", () => {
    expect(() => buildCodeExchangeRequest({ ...formConfig, pkce: true }, seedValues)).toThrow(/verifier/);
  });

  it("refuses a token URL that is not http(s)", () => {
    expect(() => buildCodeExchangeRequest({ ...formConfig, tokenUrl: "file:///etc/passwd" }, seedValues)).toThrow(TemplateError);
  });
});

describe("buildRefreshRequest", () => {
  it("uses the seed's refresh URL and body", () => {
    const request = buildRefreshRequest(SEED_OAUTH_CONFIG, seedValues);
    expect(request.url).toBe("https://acme.example/token");
    expect(request.body).toBe('{"refresh_token": "the-refresh-token", "grant_type": "refresh_token"}');
  });

  it("falls back to the token URL and the default body, credentials included for body authentication", () => {
    const request = buildRefreshRequest({ ...formConfig, tokenUrl: "https://p.example/oauth/token" }, seedValues);
    expect(request.url).toBe("https://p.example/oauth/token");
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      grant_type: "refresh_token",
      refresh_token: "the-refresh-token",
      client_id: "acme-client",
      client_secret: AWKWARD_SECRET,
    });
  });

  it("leaves credentials out of the default body under Basic authentication", () => {
    const config = { ...formConfig, clientAuthentication: "basic" as const, refreshTokenVariable: "rt" };
    expect(defaultRefreshBody(config)).toBe('{"grant_type":"refresh_token","refresh_token":{{rt}}}');
    const request = buildRefreshRequest(config, { ...seedValues, rt: "other-refresh" });
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({ grant_type: "refresh_token", refresh_token: "other-refresh" });
    expect(decodeBasic(request.headers.Authorization)).toEqual(["acme-client", AWKWARD_SECRET]);
  });

  it("refuses to refresh without a refresh token", () => {
    const { refresh_token: _, ...withoutRefreshToken } = seedValues;
    expect(() => buildRefreshRequest(formConfig, withoutRefreshToken)).toThrow(/refresh_token/);
  });
});

describe("sendTokenRequest", () => {
  const request = buildCodeExchangeRequest({ ...formConfig, clientAuthentication: "basic" }, seedValues);

  it("passes the response through", async () => {
    const response = { status: 200, headers: {}, body: "{}" };
    await expect(sendTokenRequest(request, async () => response)).resolves.toEqual({ ok: true, response });
  });

  it("turns a network error into a network failure without any secret of the request", async () => {
    const leaky = new TypeError("fetch failed", {
      cause: new Error(
        `connect ECONNREFUSED; sent ${request.headers.Authorization} and ${request.body} with code the-auth-code and secret ${AWKWARD_SECRET}`,
      ),
    });
    const result = await sendTokenRequest(request, async () => {
      throw leaky;
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure.kind).toBe("network");
    expect(result.failure.message).toContain("fetch failed: connect ECONNREFUSED");
    for (const secret of ["the-auth-code", AWKWARD_SECRET, request.headers.Authorization!, request.body, encodeURIComponent(AWKWARD_SECRET)]) {
      expect(result.failure.message).not.toContain(secret);
    }
  });
});
