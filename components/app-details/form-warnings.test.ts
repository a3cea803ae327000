import { describe, expect, it } from "vitest";
import { SEED_OAUTH_CONFIG } from "@/lib/oauth/seed-config.fixture";
import { findRedirectUriMismatch } from "./form-warnings";

const SEED_LITERAL_BODY =
  '{"grant_type": "authorization_code", "redirect_uri": "https://auth.capacity.com/v1/dev_oauth/callback", "code": "{{auth_code}}", "client_id": {{client_id}}, "client_secret": {{client_secret}}}';
const LINK = (redirectUri: string) => `https://acme.example/authorize?client_id={{client_id}}&redirect_uri=${redirectUri}&state={{state}}`;

describe("the redirect_uri warning", () => {
  it("warns when the body's fixed redirect_uri is not what the link url sends", () => {
    expect(findRedirectUriMismatch(SEED_OAUTH_CONFIG.linkUrl, SEED_LITERAL_BODY)).toBe(
      "The request body sends the fixed redirect_uri https://auth.capacity.com/v1/dev_oauth/callback, while the link url sends {{redirect_uri}}; the provider refuses the token request unless they are equal.",
    );
    expect(findRedirectUriMismatch(LINK("https%3A%2F%2Fgatehouse.example%2Fv1%2Fdev_oauth%2Fcallback"), SEED_LITERAL_BODY)).toMatch(
      /sends the redirect_uri https:\/\/auth\.capacity\.com\/v1\/dev_oauth\/callback, but the link url sends https:\/\/gatehouse\.example\/v1\/dev_oauth\/callback;/,
    );
  });

  it("says nothing when they agree, when the body uses a placeholder, or when either sends none", () => {
    expect(findRedirectUriMismatch(LINK("https%3A%2F%2Fauth.capacity.com%2Fv1%2Fdev_oauth%2Fcallback"), SEED_LITERAL_BODY)).toBeNull();
    expect(findRedirectUriMismatch(LINK("https://auth.capacity.com/v1/dev_oauth/callback"), SEED_LITERAL_BODY)).toBeNull();
    expect(findRedirectUriMismatch(SEED_OAUTH_CONFIG.linkUrl, SEED_OAUTH_CONFIG.requestBody)).toBeNull();
    expect(findRedirectUriMismatch("https://acme.example/authorize?client_id={{client_id}}&state={{state}}", SEED_LITERAL_BODY)).toBeNull();
    expect(findRedirectUriMismatch(SEED_OAUTH_CONFIG.linkUrl, '{"grant_type": "authorization_code", "code": "{{auth_code}}"}')).toBeNull();
  });

  it("reads an escaped literal and survives a half-typed body or a malformed link", () => {
    expect(findRedirectUriMismatch(LINK("https://a.example/cb"), '{"redirect_uri": "https:\\/\\/a.example\\/cb"}')).toBeNull();
    expect(findRedirectUriMismatch(LINK("https://a.example/cb"), '{"redirect_uri": "https://b.exa')).toBeNull();
    expect(findRedirectUriMismatch(LINK("%E0%A4%A"), '{"redirect_uri": "https://b.example/cb"}')).toMatch(/the link url sends %E0%A4%A;/);
  });
});
