import { randomUUID } from "node:crypto";
import type { Keyring } from "@/lib/crypto";
import { getKeyring } from "@/lib/keys";
import { getPrisma } from "./client";
import type { Prisma } from "./generated/client";
import { invalidateSettingScope, invalidatingTransaction } from "./invalidation";

/**
 * Answered settings of an installation. Organization-level values have `userId` null; user-level ones
 * (the OAuth tokens among them) belong to one user. A secret value is stored as an encryption envelope
 * bound to its own row id, so a ciphertext copied onto another row does not decrypt.
 */

type Db = Prisma.TransactionClient;

export const settingValueAad = (rowId: string) => `setting_value:${rowId}`;

export interface SettingValueWrite {
  key: string;
  value: string;
  isSecret: boolean;
}

/**
 * Writes values for one scope (organization when `userId` is null). Inside the caller's transaction if
 * given, and then announcing the change is the caller's part; alone, it announces the change itself.
 */
export async function writeSettingValues(
  installationId: string,
  userId: string | null,
  values: SettingValueWrite[],
  options: { tx?: Db; keyring?: Keyring } = {},
): Promise<void> {
  const keyring = options.keyring ?? (await getKeyring());
  const write = async (tx: Db) => {
    for (const { key, value, isSecret } of values) {
      const existing = await tx.settingValue.findFirst({ where: { installationId, userId, key }, select: { id: true } });
      const id = existing?.id ?? randomUUID();
      const stored = isSecret ? keyring.encrypt(value, settingValueAad(id)) : value;
      if (existing) await tx.settingValue.update({ where: { id }, data: { value: stored, isEncrypted: isSecret } });
      else await tx.settingValue.create({ data: { id, installationId, userId, key, value: stored, isEncrypted: isSecret } });
    }
  };
  if (options.tx) await write(options.tx);
  else {
    await invalidatingTransaction(async (tx, invalidate) => {
      await write(tx);
      invalidateSettingScope(invalidate, installationId, userId);
    });
  }
}

/** Reads and decrypts the values of one scope as a key → value map. */
export async function readSettingValues(
  installationId: string,
  userId: string | null,
  options: { tx?: Db; keys?: string[] } = {},
): Promise<Record<string, string>> {
  const db = options.tx ?? (await getPrisma());
  const rows = await db.settingValue.findMany({
    where: { installationId, userId, ...(options.keys ? { key: { in: options.keys } } : {}) },
    select: { id: true, key: true, value: true, isEncrypted: true },
  });
  const keyring = await getKeyring();
  return Object.fromEntries(
    rows.map((row) => [row.key, row.isEncrypted ? keyring.decrypt(row.value, settingValueAad(row.id)) : row.value]),
  );
}

/** Which keys of one scope have a stored value, without decrypting anything. */
export async function listStoredKeys(installationId: string, userId: string | null): Promise<string[]> {
  const prisma = await getPrisma();
  const rows = await prisma.settingValue.findMany({ where: { installationId, userId }, select: { key: true } });
  return rows.map((row) => row.key);
}

/** Which keys of one scope have a stored value, and whether it was stored as a secret; nothing is decrypted. */
export async function listStoredEntries(installationId: string, userId: string | null): Promise<{ key: string; isEncrypted: boolean }[]> {
  const prisma = await getPrisma();
  return prisma.settingValue.findMany({ where: { installationId, userId }, select: { key: true, isEncrypted: true } });
}

/** Deletes values of one scope; like writeSettingValues, it announces the change unless given the caller's transaction. */
export async function deleteSettingValues(installationId: string, userId: string | null, keys: string[], tx?: Db): Promise<void> {
  if (tx) {
    await tx.settingValue.deleteMany({ where: { installationId, userId, key: { in: keys } } });
    return;
  }
  await invalidatingTransaction(async (own, invalidate) => {
    await own.settingValue.deleteMany({ where: { installationId, userId, key: { in: keys } } });
    invalidateSettingScope(invalidate, installationId, userId);
  });
}
