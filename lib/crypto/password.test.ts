import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

describe("passwords", () => {
  it("stores scrypt parameters, a random salt and the hash, and verifies the right password", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(stored).not.toContain("correct horse");
    await expect(verifyPassword("correct horse battery staple", stored)).resolves.toBe(true);
  });

  it("refuses a wrong password", async () => {
    const stored = await hashPassword("s3cret-password");
    await expect(verifyPassword("s3cret-passwore", stored)).resolves.toBe(false);
    await expect(verifyPassword("", stored)).resolves.toBe(false);
  });

  it("salts every hash", async () => {
    const [first, second] = await Promise.all([hashPassword("same"), hashPassword("same")]);
    expect(first).not.toBe(second);
  });

  it("treats compatibility forms of the same characters as one password", async () => {
    const stored = await hashPassword("ｐａｓｓ");
    await expect(verifyPassword("pass", stored)).resolves.toBe(true);
  });

  it("never verifies against a malformed or tampered hash", async () => {
    const stored = await hashPassword("password");
    const parts = stored.split("$");
    const hash = Buffer.from(parts[5]!, "base64");
    hash[0]! ^= 1;
    const tampered = [...parts.slice(0, 5), hash.toString("base64")].join("$");
    const malformed = [
      "",
      "password",
      stored.replace("scrypt$", "bcrypt$"),
      stored.replace("$32768$", "$30000$"),
      stored.replace("$32768$", "$1073741824$"),
      stored.split("$").slice(0, 5).join("$"),
      tampered,
    ];
    for (const candidate of malformed) {
      await expect(verifyPassword("password", candidate)).resolves.toBe(false);
    }
  });
});
