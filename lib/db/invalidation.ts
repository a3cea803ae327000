import { getPrisma } from "./client";
import type { Prisma } from "./generated/client";
import { applyInvalidation } from "./hot-cache";
import { INVALIDATION_CHANNEL, invalidationMessage, parseInvalidationMessage } from "./invalidation-listener";

export { INVALIDATION_CHANNEL } from "./invalidation-listener";

/**
 * Cache invalidation where the writes are. A write in lib/db that changes what a hot cache holds runs in
 * `invalidatingTransaction` and names what it changed as `<kind>:<id>`. The names are announced with
 * pg_notify inside the transaction, so PostgreSQL delivers them to every instance's listener on commit
 * and never for a write that rolled back; this instance applies them itself right after the commit, so
 * its own next read already sees the write.
 *
 * The kinds (ids joined with ":"):
 * - `installation:<installationId>`  its organization-level values changed, or it was deleted
 * - `user-state:<installationId>:<userId>`  that user's values (tokens among them) or connections changed
 * - `membership:<organizationId>:<userId>`  that membership was added, changed or removed
 * - `organization:<organizationId>`  the organization itself changed (its name)
 * - `app:<appId>`  the app's definition changed
 * - `access-token:<tokenId>`  a personal access token was revoked
 * A new cache subscribes to kinds with `defineHotCache` (hot-cache.ts); a new kind needs only a name.
 */

export type Invalidate = (kind: string, id: string) => void;

/** The id of `user-state` (and the key of the caches that hold a user's state in an installation). */
export const userStateId = (installationId: string, userId: string) => `${installationId}:${userId}`;

/** The id of `membership` (and the key of the role caches). */
export const membershipId = (organizationId: string, userId: string) => `${organizationId}:${userId}`;

/** What to announce after writing setting values of one scope (the organization's when `userId` is null). */
export function invalidateSettingScope(invalidate: Invalidate, installationId: string, userId: string | null): void {
  if (userId === null) invalidate("installation", installationId);
  else invalidate("user-state", userStateId(installationId, userId));
}

/**
 * Runs `write` in a transaction. What it passes to `invalidate` is announced to every instance inside the
 * same transaction and applied to this instance's caches after the commit; nothing is announced or
 * applied when the transaction rolls back.
 */
export async function invalidatingTransaction<T>(write: (tx: Prisma.TransactionClient, invalidate: Invalidate) => Promise<T>): Promise<T> {
  const prisma = await getPrisma();
  const messages = new Set<string>();
  const result = await prisma.$transaction(async (tx) => {
    const value = await write(tx, (kind, id) => messages.add(invalidationMessage(kind, id)));
    await announce(tx, [...messages]);
    return value;
  });
  for (const message of messages) {
    const parsed = parseInvalidationMessage(message)!;
    applyInvalidation(parsed.kind, parsed.id);
  }
  return result;
}

/** Queues the messages as notifications of the caller's transaction (delivered on commit). */
async function announce(tx: Prisma.TransactionClient, messages: string[]): Promise<void> {
  if (!messages.length) return;
  const calls = messages.map((_, index) => `pg_notify('${INVALIDATION_CHANNEL}', $${index + 1})`).join(", ");
  await tx.$executeRawUnsafe(`SELECT ${calls}`, ...messages);
}
