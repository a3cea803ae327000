import { createHash } from "node:crypto";

/** SHA-256 hex of a high-entropy token (personal access tokens, OAuth state), for storage and lookup by equality. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
