import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createKeyring, DecryptionError, deriveKeyId } from "./keyring";

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const aad = "setting_value:row_1";

function expectDecryptionError(run: () => unknown, reason?: DecryptionError["reason"]) {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DecryptionError);
  if (reason) expect((caught as DecryptionError).reason).toBe(reason);
  return caught as DecryptionError;
}

describe("keyring", () => {
  it("round-trips any well-formed unicode string under any associated data", () => {
    const ring = createKeyring({ current: keyA });
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (plaintext, associatedData) => {
        expect(ring.decrypt(ring.encrypt(plaintext, associatedData), associatedData)).toBe(plaintext);
      }),
    );
  });

  it("writes a versioned envelope naming the key by a derived id, never the key itself", () => {
    const ring = createKeyring({ current: keyA });
    const envelope = ring.encrypt("token", aad);
    expect(envelope).toMatch(/^gh1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(envelope.split(".")[1]).toBe(ring.currentKeyId);
    expect(ring.currentKeyId).toBe(deriveKeyId(keyA));
    expect(keyA.toString("hex")).not.toContain(ring.currentKeyId);
    expect(deriveKeyId(keyB)).not.toBe(ring.currentKeyId);
  });

  it("uses a fresh IV for every value, even the same plaintext", () => {
    const ring = createKeyring({ current: keyA });
    const envelopes = Array.from({ length: 50 }, () => ring.encrypt("same plaintext", aad));
    const ivs = new Set(envelopes.map((envelope) => envelope.split(".")[2]));
    expect(ivs.size).toBe(envelopes.length);
    expect(new Set(envelopes).size).toBe(envelopes.length);
  });

  it("detects a flipped bit anywhere in the IV, ciphertext or tag", () => {
    const ring = createKeyring({ current: keyA });
    const envelope = ring.encrypt("refresh-token-value", aad);
    const [version, keyId, ivText, bodyText] = envelope.split(".") as [string, string, string, string];
    const bytes = Buffer.concat([Buffer.from(ivText, "base64url"), Buffer.from(bodyText, "base64url")]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length * 8 - 1 }), (bit) => {
        const flipped = Buffer.from(bytes);
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        const tampered = [
          version,
          keyId,
          flipped.subarray(0, 12).toString("base64url"),
          flipped.subarray(12).toString("base64url"),
        ].join(".");
        expectDecryptionError(() => ring.decrypt(tampered, aad), "authentication_failed");
      }),
      { numRuns: 300 },
    );
  });

  it("refuses any single-character change to the envelope text", () => {
    const ring = createKeyring({ current: keyA });
    const envelope = ring.encrypt("x", aad);
    const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.=+/ ";
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: envelope.length - 1 }),
        fc.constantFrom(...alphabet),
        (index, replacement) => {
          fc.pre(envelope[index] !== replacement);
          const changed = envelope.slice(0, index) + replacement + envelope.slice(index + 1);
          expectDecryptionError(() => ring.decrypt(changed, aad));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("refuses a value copied onto another row (associated data mismatch)", () => {
    const ring = createKeyring({ current: keyA });
    const envelope = ring.encrypt("secret", "setting_value:row_1");
    const error = expectDecryptionError(() => ring.decrypt(envelope, "setting_value:row_2"), "authentication_failed");
    expect(error.message).not.toContain("secret");
    expectDecryptionError(() => ring.decrypt(envelope, "authorization_request:row_1"), "authentication_failed");
  });

  it("decrypts values written under a previous key and re-encrypts them under the current one", () => {
    const before = createKeyring({ current: keyA });
    const old = before.encrypt("access-token", aad);
    expect(before.needsReencryption(old)).toBe(false);

    const rotated = createKeyring({ current: keyB, previous: [keyA] });
    expect(rotated.decrypt(old, aad)).toBe("access-token");
    expect(rotated.needsReencryption(old)).toBe(true);

    const moved = rotated.reencrypt(old, aad);
    expect(moved.split(".")[1]).toBe(deriveKeyId(keyB));
    expect(rotated.needsReencryption(moved)).toBe(false);

    const retired = createKeyring({ current: keyB });
    expect(retired.decrypt(moved, aad)).toBe("access-token");
    const error = expectDecryptionError(() => retired.decrypt(old, aad), "unknown_key");
    expect(error.message).toContain(deriveKeyId(keyA));
    expect(retired.needsReencryption(old)).toBe(true);
  });

  it("refuses malformed envelopes with a DecryptionError", () => {
    const ring = createKeyring({ current: keyA });
    const good = ring.encrypt("value", aad);
    const [, keyId, iv, body] = good.split(".") as [string, string, string, string];
    const malformed = [
      "",
      "gh1",
      "plain text token",
      `gh2.${keyId}.${iv}.${body}`,
      // A key id is lowercase hex; one with an uppercase letter in it (even when the id is all digits).
      `gh1.A${keyId.slice(1)}.${iv}.${body}`,
      `gh1.${keyId}.${iv}.${body}.extra`,
      `gh1.${keyId}.${iv}`,
      `gh1.${keyId}..${body}`,
      `gh1.${keyId}.${iv}.`,
      `gh1.${keyId}.${iv}=.${body}`,
      `gh1.${keyId}.${iv.slice(4)}.${body}`,
      `gh1.${keyId}.${iv}.${Buffer.alloc(15).toString("base64url")}`,
      `gh1.${keyId}.${iv}.${body.replace(/.$/, "!")}`,
    ];
    for (const envelope of malformed) {
      expectDecryptionError(() => ring.decrypt(envelope, aad), "malformed");
      expectDecryptionError(() => ring.needsReencryption(envelope), "malformed");
    }
  });

  it("keeps key material and plaintext out of error messages", () => {
    const ring = createKeyring({ current: keyA });
    const envelope = ring.encrypt("plaintext-marker", aad);
    const error = expectDecryptionError(() => ring.decrypt(envelope, "other"));
    for (const leaked of ["plaintext-marker", keyA.toString("hex"), keyA.toString("base64"), envelope]) {
      expect(error.message).not.toContain(leaked);
      expect(String(error.stack)).not.toContain(leaked);
    }
  });

  it("refuses keys that are not 32 bytes and strings it could not round-trip", () => {
    expect(() => createKeyring({ current: randomBytes(16) })).toThrow(/32 bytes/);
    expect(() => createKeyring({ current: keyA, previous: [randomBytes(31)] })).toThrow(/32 bytes/);
    expect(() => createKeyring({ current: keyA }).encrypt("bad \ud800 half", aad)).toThrow(TypeError);
  });
});
