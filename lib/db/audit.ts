import { getPrisma } from "./client";
import type { Prisma } from "./generated/client";

/**
 * The audit trail of an organization: who did what to which installation. `detail` is a small object
 * that names things (keys, configs, outcomes) and never carries a value, a token or a secret, because
 * owners and admins read the whole trail (and members their own connection events).
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

// Events keep the order they were written in, even several within one millisecond or one transaction
// (where the database's now() is the same for all): ties would otherwise fall back on the random id.
let lastCreatedAt = 0;
function nextCreatedAt(): Date {
  const now = Date.now();
  lastCreatedAt = now > lastCreatedAt ? now : lastCreatedAt + 1;
  return new Date(lastCreatedAt);
}

/** Records one event, inside the caller's transaction when given so it commits with the change it describes. */
export async function recordAuditEvent(event: AuditEventInput, options: { tx?: Db } = {}): Promise<void> {
  const db = options.tx ?? (await getPrisma());
  await db.auditEvent.create({
    data: {
      createdAt: nextCreatedAt(),
      organizationId: event.organizationId,
      installationId: event.installationId ?? null,
      userId: event.userId ?? null,
      type: event.type,
      detail: event.detail as Prisma.InputJsonObject,
    },
  });
}

export interface AuditFilter {
  organizationId: string;
  installationId?: string;
  userId?: string;
  type?: string;
  /** Only types starting with this, such as `connection.` or `member.`. */
  typePrefix?: string;
  limit?: number;
}

function auditWhere(filter: AuditFilter): Prisma.AuditEventWhereInput {
  return {
    organizationId: filter.organizationId,
    ...(filter.installationId ? { installationId: filter.installationId } : {}),
    ...(filter.userId ? { userId: filter.userId } : {}),
    ...(filter.type ? { type: filter.type } : filter.typePrefix ? { type: { startsWith: filter.typePrefix } } : {}),
  };
}

/** An organization's events, newest first, optionally narrowed to one installation, user or type. */
export async function listAuditEvents(filter: AuditFilter): Promise<AuditEventRecord[]> {
  return (await pageAuditEvents(filter)).events;
}

export interface AuditEventPage {
  events: (AuditEventRecord & { installationId: string | null })[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/**
 * One page of events, newest first. `before` is the id of the last event of the previous page: the page
 * continues strictly after it in (createdAt, id) order, so events written meanwhile never shift a page.
 */
export async function pageAuditEvents(filter: AuditFilter & { before?: string }): Promise<AuditEventPage> {
  const prisma = await getPrisma();
  const take = Math.min(Math.max(filter.limit ?? 50, 1), 500);
  const where = auditWhere(filter);
  if (filter.before) {
    const anchor = await prisma.auditEvent.findFirst({
      where: { id: filter.before, organizationId: filter.organizationId },
      select: { createdAt: true, id: true },
    });
    if (!anchor) return { events: [], nextCursor: null };
    where.OR = [{ createdAt: { lt: anchor.createdAt } }, { createdAt: anchor.createdAt, id: { lt: anchor.id } }];
  }
  const rows = await prisma.auditEvent.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: take + 1 });
  const events = rows.slice(0, take);
  // AuditEvent keeps userId without a foreign key, so events outlive the accounts they mention.
  const userIds = [...new Set(events.flatMap((event) => (event.userId ? [event.userId] : [])))];
  const users = userIds.length
    ? await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true, name: true } })
    : [];
  const usersById = new Map(users.map((user) => [user.id, user]));
  return {
    events: events.map((event) => ({
      id: event.id,
      type: event.type,
      detail: (event.detail ?? {}) as Record<string, unknown>,
      createdAt: event.createdAt,
      installationId: event.installationId,
      user: (event.userId && usersById.get(event.userId)) || null,
    })),
    nextCursor: rows.length > take ? events[events.length - 1]!.id : null,
  };
}
