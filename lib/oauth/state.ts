import { createHash, randomBytes } from "node:crypto";

/** A fresh OAuth `state`: 256 random bits, base64url. */
export function createState(): string {
  return randomBytes(32).toString("base64url");
}

/** The form a state is stored in, so that a database read does not reveal a usable state. */
export function hashState(state: string): string {
  return createHash("sha256").update(state, "utf8").digest("hex");
}
