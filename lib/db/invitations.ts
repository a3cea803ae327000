import { conflict } from "@/lib/errors";
import { recordAuditEvent } from "./audit";
import { getPrisma } from "./client";
import { Prisma } from "./generated/client";
import type { Role } from "./generated/enums";
import { invalidatingTransaction, membershipId } from "./invalidation";

/** Invitations to join an organization. Only the hash of a link's token is stored. */

export interface InvitationRecord {
  id: string;
  organizationId: string;
  organizationName: string;
  email: string;
  role: Role;
  expiresAt: Date;
  acceptedAt: Date | null;
  createdAt: Date;
  invitedBy: { id: string; email: string; name: string | null } | null;
}

const select = {
  id: true,
  organizationId: true,
  email: true,
  role: true,
  expiresAt: true,
  acceptedAt: true,
  createdAt: true,
  invitedById: true,
  organization: { select: { name: true } },
} as const;

type Row = Prisma.InvitationGetPayload<{ select: typeof select }>;

async function toRecords(rows: Row[]): Promise<InvitationRecord[]> {
  const prisma = await getPrisma();
  const ids = [...new Set(rows.flatMap((row) => (row.invitedById ? [row.invitedById] : [])))];
  const users = ids.length ? await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true, name: true } }) : [];
  const byId = new Map(users.map((user) => [user.id, user]));
  return rows.map(({ organization, invitedById, ...row }) => ({
    ...row,
    organizationName: organization.name,
    invitedBy: (invitedById && byId.get(invitedById)) || null,
  }));
}

export async function createInvitationRecord(input: {
  organizationId: string;
  email: string;
  role: Role;
  tokenHash: string;
  invitedById: string;
  expiresAt: Date;
}): Promise<string> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const invitation = await tx.invitation.create({ data: input, select: { id: true } });
    await recordAuditEvent(
      {
        organizationId: input.organizationId,
        userId: input.invitedById,
        type: "invitation.created",
        detail: { invitationId: invitation.id, email: input.email, role: input.role },
      },
      { tx },
    );
    return invitation.id;
  });
}

export async function findInvitationByTokenHash(tokenHash: string): Promise<InvitationRecord | null> {
  const prisma = await getPrisma();
  const row = await prisma.invitation.findUnique({ where: { tokenHash }, select });
  return row ? (await toRecords([row]))[0]! : null;
}

/** Invitations not yet accepted nor expired at `now`, newest first. */
export async function listPendingInvitations(organizationId: string, now: Date): Promise<InvitationRecord[]> {
  const prisma = await getPrisma();
  const rows = await prisma.invitation.findMany({
    where: { organizationId, acceptedAt: null, expiresAt: { gt: now } },
    select,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  return toRecords(rows);
}

/** Deletes a pending invitation; false when there was none with that id in the organization. */
export async function deleteInvitation(input: { organizationId: string; invitationId: string; actorId: string }): Promise<boolean> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const row = await tx.invitation.findFirst({
      where: { id: input.invitationId, organizationId: input.organizationId, acceptedAt: null },
      select: { email: true, role: true },
    });
    if (!row) return false;
    await tx.invitation.delete({ where: { id: input.invitationId } });
    await recordAuditEvent(
      {
        organizationId: input.organizationId,
        userId: input.actorId,
        type: "invitation.revoked",
        detail: { invitationId: input.invitationId, email: row.email, role: row.role },
      },
      { tx },
    );
    return true;
  });
}

/**
 * Uses an invitation once: marks it accepted only if it is still unused and unexpired at `now` (so two
 * accepts racing get one winner), then adds the membership. False when the invitation was no longer usable.
 */
export async function consumeInvitation(input: { invitationId: string; userId: string; now: Date }): Promise<boolean> {
  try {
    // A new membership: the role caches (which also remember "not a member") learn it on every instance.
    return await invalidatingTransaction(async (tx, invalidate) => {
      const { count } = await tx.invitation.updateMany({
        where: { id: input.invitationId, acceptedAt: null, expiresAt: { gt: input.now } },
        data: { acceptedAt: input.now, acceptedById: input.userId },
      });
      if (count === 0) return false;
      const invitation = await tx.invitation.findUniqueOrThrow({
        where: { id: input.invitationId },
        select: { organizationId: true, role: true, email: true },
      });
      await tx.membership.create({ data: { userId: input.userId, organizationId: invitation.organizationId, role: invitation.role } });
      invalidate("membership", membershipId(invitation.organizationId, input.userId));
      await tx.user.update({ where: { id: input.userId }, data: { currentOrganizationId: invitation.organizationId } });
      await recordAuditEvent(
        {
          organizationId: invitation.organizationId,
          userId: input.userId,
          type: "invitation.accepted",
          detail: { invitationId: input.invitationId, email: invitation.email, role: invitation.role },
        },
        { tx },
      );
      await recordAuditEvent(
        {
          organizationId: invitation.organizationId,
          userId: input.userId,
          type: "member.added",
          detail: { memberId: input.userId, email: invitation.email, role: invitation.role },
        },
        { tx },
      );
      return true;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw conflict("You are already a member of this organization");
    }
    throw error;
  }
}
