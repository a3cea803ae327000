import { createHmac } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createKeyring, generateEncryptionKey, parseEncryptionKey, type Keyring } from "@/lib/crypto";
import { ConfigurationError, getEnv } from "@/lib/env";

/**
 * Where the encryption key comes from: `ENCRYPTION_KEY`, or on the embedded default a key generated
 * once into the data folder. With `DATABASE_URL` the key must be given, since every instance needs the
 * same one and a generated key would live on one machine only.
 */

const KEY_FILE = "encryption.key";

let cachedKeyring: Keyring | undefined;
let cachedKey: Buffer | undefined;

/** Finds (or, on the embedded default, creates) the current key; the launcher calls this at start. */
export async function ensureEncryptionKey(): Promise<Buffer> {
  if (cachedKey) return cachedKey;
  const env = getEnv();
  if (env.ENCRYPTION_KEY) {
    cachedKey = parseEncryptionKey(env.ENCRYPTION_KEY);
    return cachedKey;
  }
  if (!env.isEmbedded) {
    throw new ConfigurationError(
      "ENCRYPTION_KEY is required with DATABASE_URL: every instance must share it. Make one with: " +
        "node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"",
    );
  }
  const file = path.join(env.DATA_DIR, KEY_FILE);
  const existing = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (existing) {
    cachedKey = parseEncryptionKey(existing.trim());
    return cachedKey;
  }
  await mkdir(env.DATA_DIR, { recursive: true });
  const generated = generateEncryptionKey();
  // `wx` fails if another process wrote the file first; then read theirs.
  await writeFile(file, `${generated}\n`, { flag: "wx", mode: 0o600 }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  await chmod(file, 0o600);
  cachedKey = parseEncryptionKey((await readFile(file, "utf8")).trim());
  return cachedKey;
}

/** The keyring that encrypts tokens and secret settings at rest. */
export async function getKeyring(): Promise<Keyring> {
  if (cachedKeyring) return cachedKeyring;
  const current = await ensureEncryptionKey();
  const previous = getEnv().PREVIOUS_ENCRYPTION_KEYS.map(parseEncryptionKey);
  cachedKeyring = createKeyring({ current, previous });
  return cachedKeyring;
}

/** The sign-in session secret, derived from the encryption key so there is one secret to manage. */
export async function getSessionSecret(): Promise<string> {
  const key = await ensureEncryptionKey();
  return createHmac("sha256", key).update("gatehouse session secret v1").digest("base64url");
}

/** Forgets cached keys; for tests that switch configuration. */
export function resetKeysForTesting(): void {
  cachedKey = undefined;
  cachedKeyring = undefined;
}
