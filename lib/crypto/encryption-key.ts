import { randomBytes } from "node:crypto";

const KEY_BYTES = 32;
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;

/** Decodes a base64 (or base64url) encryption key, refusing anything but exactly 32 bytes; the message never echoes the value. */
export function parseEncryptionKey(base64: string): Buffer {
  const text = base64.trim();
  const hint = "it must be 32 random bytes encoded as base64, for example the output of `openssl rand -base64 32`";
  if (text === "" || !BASE64_PATTERN.test(text) || text.length % 4 === 1) {
    throw new Error(`The encryption key is not valid base64: ${hint}`);
  }
  const key = Buffer.from(text, text.includes("-") || text.includes("_") ? "base64url" : "base64");
  if (key.length !== KEY_BYTES) {
    throw new Error(`The encryption key decodes to ${key.length} bytes, not ${KEY_BYTES}: ${hint}`);
  }
  return key;
}

/** Returns a new random 32-byte key as base64, the format parseEncryptionKey accepts. */
export function generateEncryptionKey(): string {
  return randomBytes(KEY_BYTES).toString("base64");
}
