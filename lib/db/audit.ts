import { getPrisma } from "./client";
import type { Prisma } from "./generated/client";

/**
 * The audit trail of an organization: who did what to which installation. `detail` is a small object
 * that names things (keys, configs, outcomes) and never carries a value, a token or a secret, because
 * every member of the organization can read it.
 */

type Db = Prisma.TransactionClient;

export interface AuditEventInput {
  organizationId: string;
  installationId?: string | null;
  userId?: string | null;
  /** A dotted name such as `installation.created` or `connection.connected`. */
  type: string;
  detail: Record<string, unknown>;
}

export interface AuditEventRecord {
  id: string;
  type: string;
  detail: Record<string, unknown>;
  createdAt: Date;
  /** Null when the event had no actor, or the actor's account is gone. */
  user: { id: string; email: string; name: string | null } | null;
}

/** Records one event, inside the caller's transaction when given so it commits with the change it describes. */
export async function recordAuditEvent(event: AuditEventInput, options: { tx?: Db } = {}): Promise<void> {
  const db = options.tx ?? (await getPrisma());
  await db.auditEvent.create({
    data: {
      organizationId: event.organizationId,
      installationId: event.installationId ?? null,
      userId: event.userId ?? null,
      type: event.type,
      detail: event.detail as Prisma.InputJsonObject,
    },
  });
}

/** An organization's events, newest first, optionally narrowed to one installation, user or type. */
export async function listAuditEvents(filter: {
  organizationId: string;
  installationId?: string;
  userId?: string;
  type?: string;
  limit?: number;
}): Promise<AuditEventRecord[]> {
  const prisma = await getPrisma();
  const events = await prisma.auditEvent.findMany({
    where: {
      organizationId: filter.organizationId,
      ...(filter.installationId ? { installationId: filter.installationId } : {}),
      ...(filter.userId ? { userId: filter.userId } : {}),
      ...(filter.type ? { type: filter.type } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(filter.limit ?? 50, 1), 500),
  });
  // AuditEvent keeps userId without a foreign key, so events outlive the accounts they mention.
  const userIds = [...new Set(events.flatMap((event) => (event.userId ? [event.userId] : [])))];
  const users = userIds.length
    ? await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true, name: true } })
    : [];
  const usersById = new Map(users.map((user) => [user.id, user]));
  return events.map((event) => ({
    id: event.id,
    type: event.type,
    detail: (event.detail ?? {}) as Record<string, unknown>,
    createdAt: event.createdAt,
    user: (event.userId && usersById.get(event.userId)) || null,
  }));
}
