import { hash } from "node:crypto";

/** SHA-256 hex of a high-entropy token (personal access tokens, OAuth state), for storage and lookup by equality. */
export function hashToken(token: string): string {
  // The one-shot form: every call with a personal access token hashes it, and a Hash object per call showed in the invoke path's profile.
  return hash("sha256", token, "hex");
}
