import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateEncryptionKey, parseEncryptionKey } from "./encryption-key";

describe("encryption keys", () => {
  it("parses what generateEncryptionKey produces into 32 bytes", () => {
    const text = generateEncryptionKey();
    const key = parseEncryptionKey(text);
    expect(key).toHaveLength(32);
    expect(key.toString("base64")).toBe(text);
    expect(generateEncryptionKey()).not.toBe(text);
  });

  it("accepts base64url and surrounding whitespace", () => {
    const key = randomBytes(32);
    expect(parseEncryptionKey(key.toString("base64url")).equals(key)).toBe(true);
    expect(parseEncryptionKey(`  ${key.toString("base64")}\n`).equals(key)).toBe(true);
  });

  it("refuses anything that is not exactly 32 bytes of base64, without echoing it", () => {
    const wrongSize = [randomBytes(16), randomBytes(31), randomBytes(33), randomBytes(64)].map((b) => b.toString("base64"));
    for (const text of wrongSize) {
      expect(() => parseEncryptionKey(text)).toThrow(/32/);
    }
    const notBase64 = ["", "   ", "not base64 at all!", `${randomBytes(32).toString("base64")}$`, "a".repeat(45)];
    for (const text of [...wrongSize, ...notBase64]) {
      let message = "";
      try {
        parseEncryptionKey(text);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/encryption key/);
      if (text.trim()) expect(message).not.toContain(text.trim());
    }
  });
});
