import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { buildAuthorizeUrl, readScopes } from "./authorize-url";
import { SEED_OAUTH_CONFIG } from "./seed-config.fixture";

const values = { client_id: "acme client", redirect_uri: "http://localhost:3000/v1/dev_oauth/callback", state: "st8" };

describe("buildAuthorizeUrl", () => {
  it("renders the seed's link URL with encoded values", () => {
    expect(buildAuthorizeUrl(SEED_OAUTH_CONFIG, values)).toBe(
      "https://acme.example/authorize?client_id=acme%20client&response_type=code&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fv1%2Fdev_oauth%2Fcallback&state=st8&scope=contacts.read",
    );
  });

  it("appends the S256 challenge when PKCE is on", () => {
    const url = new URL(buildAuthorizeUrl({ ...SEED_OAUTH_CONFIG, pkce: true }, values, { codeChallenge: "ch-1" }));
    expect(url.searchParams.get("code_challenge")).toBe("ch-1");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toBe("st8");
  });

  it("leaves the challenge where the template puts it", () => {
    const config = { linkUrl: "https://p.example/auth?pkce={{code_challenge}}&m=S256", pkce: true };
    expect(buildAuthorizeUrl(config, {}, { codeChallenge: "ch-2" })).toBe("https://p.example/auth?pkce=ch-2&m=S256");
  });

  it("appends before a fragment and to a URL without a query", () => {
    expect(buildAuthorizeUrl({ linkUrl: "https://p.example/auth#frag", pkce: true }, {}, { codeChallenge: "c" })).toBe(
      "https://p.example/auth?code_challenge=c&code_challenge_method=S256#frag",
    );
    expect(buildAuthorizeUrl({ linkUrl: "https://p.example/auth?", pkce: true }, {}, { codeChallenge: "c" })).toBe(
      "https://p.example/auth?code_challenge=c&code_challenge_method=S256",
    );
  });

  it("refuses to build a PKCE URL without a challenge", () => {
    expect(() => buildAuthorizeUrl({ linkUrl: "https://p.example/auth", pkce: true }, {})).toThrow(/code challenge/);
  });

  it("keeps every value intact through URL parsing", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (state, redirect) => {
        const url = new URL(
          buildAuthorizeUrl({ ...SEED_OAUTH_CONFIG, pkce: true }, { ...values, state, redirect_uri: redirect }, { codeChallenge: "c" }),
        );
        expect(url.searchParams.get("state")).toBe(state);
        expect(url.searchParams.get("redirect_uri")).toBe(redirect);
        expect(url.searchParams.get("code_challenge")).toBe("c");
      }),
    );
  });
});

describe("readScopes", () => {
  it.each([
    ["https://p.example/a?scope=read%20write", ["read", "write"]],
    ["https://p.example/a?scope=read+write", ["read", "write"]],
    ["https://p.example/a?scope=read,write,read", ["read", "write"]],
    ["https://p.example/a?scope=read%2Bwrite", ["read", "write"]],
    ["https://p.example/a", []],
    ["not a url", []],
  ])("reads the scopes of %s", (url, scopes) => {
    expect(readScopes(url)).toEqual(scopes);
  });
});
