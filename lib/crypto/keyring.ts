import { createCipheriv, createDecipheriv, createHmac, randomBytes, type CipherGCM, type DecipherGCM } from "node:crypto";

const ENVELOPE_VERSION = "gh1";
const ALGORITHM = "aes-256-gcm";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_PATTERN = /^[0-9a-f]{8}$/;
const BASE64URL_PATTERN = /^[A-Za-z0-9_-]+$/;
// In `u` mode a surrogate pair is one code point, so this matches only unpaired halves.
const LONE_SURROGATE = /\p{Cs}/u;

export type DecryptionFailure = "malformed" | "unknown_key" | "authentication_failed";

/** Raised for any envelope that cannot be opened; the message never carries key material or plaintext. */
export class DecryptionError extends Error {
  readonly reason: DecryptionFailure;

  constructor(reason: DecryptionFailure, message: string) {
    super(message);
    this.name = "DecryptionError";
    this.reason = reason;
  }
}

export type KeyringOptions = {
  /** The key new values are written under: 32 bytes. */
  current: Buffer;
  /** Retired keys that values may still be stored under, kept until everything is re-encrypted. */
  previous?: Buffer[];
};

export type Keyring = {
  /** The id stored in envelopes written under the current key. */
  readonly currentKeyId: string;
  /** Encrypts with the current key, binding `associatedData` (the owning row and purpose, e.g. `setting_value:<rowId>`). */
  encrypt(plaintext: string, associatedData: string): string;
  /** Opens an envelope written under any key in the ring; throws DecryptionError otherwise. */
  decrypt(envelope: string, associatedData: string): string;
  /** Whether the envelope was written under a key other than the current one (including keys no longer in the ring). */
  needsReencryption(envelope: string): boolean;
  /** Decrypts and encrypts again under the current key with a fresh IV. */
  reencrypt(envelope: string, associatedData: string): string;
};

type ParsedEnvelope = { keyId: string; iv: Buffer; ciphertext: Buffer; tag: Buffer };

/** Derives the public id of a key, so envelopes can name their key without revealing it. */
export function deriveKeyId(key: Buffer): string {
  return createHmac("sha256", key).update("gatehouse key id").digest("hex").slice(0, 8);
}

/** Builds the AES-256-GCM envelope keyring from the current key and any retired ones. */
export function createKeyring({ current, previous = [] }: KeyringOptions): Keyring {
  const keys = new Map<string, Buffer>();
  for (const key of [current, ...previous]) {
    if (key.length !== KEY_BYTES) {
      throw new TypeError(`Encryption keys must be exactly ${KEY_BYTES} bytes (got ${key.length})`);
    }
    const keyId = deriveKeyId(key);
    const known = keys.get(keyId);
    // Two different keys sharing a 32-bit id would make envelopes ambiguous; refuse rather than guess.
    if (known && !known.equals(key)) throw new Error(`Two encryption keys share the key id ${keyId}; generate a new key`);
    keys.set(keyId, key);
  }
  const currentKeyId = deriveKeyId(current);

  function encrypt(plaintext: string, associatedData: string): string {
    // UTF-8 would silently turn an unpaired surrogate into U+FFFD, so the value would not round-trip.
    if (LONE_SURROGATE.test(plaintext)) throw new TypeError("Cannot encrypt a string that is not well-formed Unicode");
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, current, iv, { authTagLength: TAG_BYTES }) as CipherGCM;
    cipher.setAAD(buildAad(currentKeyId, associatedData));
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return `${ENVELOPE_VERSION}.${currentKeyId}.${iv.toString("base64url")}.${ciphertext.toString("base64url")}`;
  }

  function decrypt(envelope: string, associatedData: string): string {
    const parsed = parseEnvelope(envelope);
    const key = keys.get(parsed.keyId);
    if (!key) throw new DecryptionError("unknown_key", `Cannot decrypt: no key with id ${parsed.keyId} is configured`);
    const decipher = createDecipheriv(ALGORITHM, key, parsed.iv, { authTagLength: TAG_BYTES }) as DecipherGCM;
    decipher.setAAD(buildAad(parsed.keyId, associatedData));
    decipher.setAuthTag(parsed.tag);
    try {
      return Buffer.concat([decipher.update(parsed.ciphertext), decipher.final()]).toString("utf8");
    } catch {
      throw new DecryptionError(
        "authentication_failed",
        "Cannot decrypt: the value was tampered with or belongs to another record",
      );
    }
  }

  return {
    currentKeyId,
    encrypt,
    decrypt,
    needsReencryption: (envelope) => parseEnvelope(envelope).keyId !== currentKeyId,
    reencrypt: (envelope, associatedData) => encrypt(decrypt(envelope, associatedData), associatedData),
  };
}

// The version and key id are authenticated too, so a future format cannot be downgraded into this one.
function buildAad(keyId: string, associatedData: string): Buffer {
  return Buffer.from(`${ENVELOPE_VERSION}.${keyId}\u0000${associatedData}`, "utf8");
}

function parseEnvelope(envelope: string): ParsedEnvelope {
  const parts = envelope.split(".");
  if (parts.length !== 4) throw malformed();
  const [version, keyId, ivText, bodyText] = parts as [string, string, string, string];
  if (version !== ENVELOPE_VERSION || !KEY_ID_PATTERN.test(keyId)) throw malformed();
  const iv = decodeBase64url(ivText);
  const body = decodeBase64url(bodyText);
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw malformed();
  return {
    keyId,
    iv,
    ciphertext: body.subarray(0, body.length - TAG_BYTES),
    tag: body.subarray(body.length - TAG_BYTES),
  };
}

// Node's decoder ignores stray characters and padding bits; requiring the canonical form means every
// change to the envelope text is either refused here or caught by the authentication tag.
function decodeBase64url(text: string): Buffer {
  if (!BASE64URL_PATTERN.test(text)) throw malformed();
  const bytes = Buffer.from(text, "base64url");
  if (bytes.toString("base64url") !== text) throw malformed();
  return bytes;
}

function malformed(): DecryptionError {
  return new DecryptionError("malformed", "Cannot decrypt: the value is not a valid encrypted envelope");
}
