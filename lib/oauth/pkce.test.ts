import { describe, expect, it } from "vitest";

import { computeCodeChallenge, createCodeVerifier } from "./pkce";

describe("PKCE", () => {
  it("computes the S256 challenge of RFC 7636 Appendix B", () => {
    expect(computeCodeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });

  it("creates verifiers of 43 unreserved characters that differ each time", () => {
    const verifiers = new Set(Array.from({ length: 50 }, createCodeVerifier));
    expect(verifiers.size).toBe(50);
    for (const verifier of verifiers) expect(verifier).toMatch(/^[A-Za-z0-9._~-]{43}$/);
  });
});
