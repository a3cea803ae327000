export { createKeyring, deriveKeyId, DecryptionError } from "./keyring";
export type { DecryptionFailure, Keyring, KeyringOptions } from "./keyring";
export { generateEncryptionKey, parseEncryptionKey } from "./encryption-key";
export { hashPassword, verifyPassword } from "./password";
export { hashToken } from "./token-hash";
