import { createHash, randomBytes } from "node:crypto";

/** PKCE with the S256 method (RFC 7636). */

/** A fresh code verifier: 32 random bytes, base64url (43 characters, as RFC 7636 §4.1 recommends). */
export function createCodeVerifier(): string {
  return randomBytes(32).toString("base64url");
}

/** BASE64URL(SHA256(ASCII(verifier))), RFC 7636 §4.2. */
export function computeCodeChallenge(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}
