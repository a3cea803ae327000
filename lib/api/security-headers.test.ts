import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, nonceOf, securityHeaders } from "./security-headers";

describe("security headers", () => {
  it("allow scripts only by this response's nonce, and no framing", () => {
    const nonce = newNonce();
    expect(nonce).not.toBe(newNonce());
    const csp = contentSecurityPolicy(nonce, { isDev: false, isHttps: false });
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("upgrade-insecure-requests");
  });

  it("add HSTS only when APP_URL is https", () => {
    expect(securityHeaders("n", { isDev: false, isHttps: true })["Strict-Transport-Security"]).toMatch(/^max-age=\d+/);
    expect(securityHeaders("n", { isDev: false, isHttps: false })["Strict-Transport-Security"]).toBeUndefined();
  });

  it("read back the nonce a page puts on its own inline script", () => {
    for (let i = 0; i < 20; i += 1) {
      const nonce = newNonce();
      expect(nonceOf(contentSecurityPolicy(nonce, { isDev: false, isHttps: false }))).toBe(nonce);
    }
    expect(nonceOf("default-src 'self'")).toBeNull();
    expect(nonceOf(undefined)).toBeNull();
  });
});
