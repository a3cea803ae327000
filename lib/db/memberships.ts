import { AppError, notFound } from "@/lib/errors";
import { recordAuditEvent } from "./audit";
import { getPrisma } from "./client";
import { invalidatingTransaction, membershipId, userStateId } from "./invalidation";
import type { Prisma } from "./generated/client";
import type { Role } from "./generated/enums";

/**
 * The people of an organization. Role changes and removals that could leave an organization without an
 * owner are checked inside the transaction that makes them, so two owners leaving at once cannot both
 * succeed.
 */

export interface MemberRecord {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  joinedAt: Date;
}

export const lastOwner = (message: string) => new AppError("last_owner", message);

export async function listMembers(organizationId: string): Promise<MemberRecord[]> {
  const prisma = await getPrisma();
  const rows = await prisma.membership.findMany({
    where: { organizationId },
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({ userId: row.user.id, email: row.user.email, name: row.user.name, role: row.role, joinedAt: row.createdAt }));
}

export async function findMember(organizationId: string, userId: string): Promise<MemberRecord | null> {
  const prisma = await getPrisma();
  const row = await prisma.membership.findUnique({
    where: { userId_organizationId: { userId, organizationId } },
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  return row && { userId: row.user.id, email: row.user.email, name: row.user.name, role: row.role, joinedAt: row.createdAt };
}

type Tx = Prisma.TransactionClient;

// The owners' rows are locked in a fixed order, so two owners demoting or removing each other at once serialize.
async function lockOwners(tx: Tx, organizationId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ userId: string }[]>`
    SELECT "userId" FROM "Membership" WHERE "organizationId" = ${organizationId} AND "role" = 'owner'
    ORDER BY "id" FOR UPDATE`;
  return rows.map((row) => row.userId);
}

/** Changes a member's role, with its audit event; 409 `last_owner` when it would leave no owner. */
export async function changeMembershipRole(input: {
  organizationId: string;
  userId: string;
  role: Role;
  actorId: string;
}): Promise<{ from: Role; to: Role }> {
  return invalidatingTransaction(async (tx, invalidate) => {
    invalidate("membership", membershipId(input.organizationId, input.userId));
    const owners = await lockOwners(tx, input.organizationId);
    const current = await tx.membership.findUnique({
      where: { userId_organizationId: { userId: input.userId, organizationId: input.organizationId } },
      select: { id: true, role: true },
    });
    if (!current) throw notFound("Member not found");
    if (current.role === input.role) return { from: current.role, to: input.role };
    if (current.role === "owner" && owners.length <= 1) {
      throw lastOwner("This is the organization's last owner: make someone else an owner first");
    }
    await tx.membership.update({ where: { id: current.id }, data: { role: input.role } });
    await recordAuditEvent(
      {
        organizationId: input.organizationId,
        userId: input.actorId,
        type: "member.role_changed",
        detail: { memberId: input.userId, from: current.role, to: input.role },
      },
      { tx },
    );
    return { from: current.role, to: input.role };
  });
}

/**
 * Removes a member and everything of theirs in the organization's installations: connections, tokens
 * and other user-level values, pending authorizations. Their audit events stay. 409 `last_owner` when
 * it would leave no owner.
 */
export async function deleteMembership(input: {
  organizationId: string;
  userId: string;
  actorId: string;
}): Promise<{ role: Role; email: string; installationIds: string[]; connectionsDeleted: number }> {
  return invalidatingTransaction(async (tx, invalidate) => {
    invalidate("membership", membershipId(input.organizationId, input.userId));
    const owners = await lockOwners(tx, input.organizationId);
    const current = await tx.membership.findUnique({
      where: { userId_organizationId: { userId: input.userId, organizationId: input.organizationId } },
      select: { id: true, role: true, user: { select: { email: true } } },
    });
    if (!current) throw notFound("Member not found");
    if (current.role === "owner" && owners.length <= 1) {
      throw lastOwner("This is the organization's last owner: make someone else an owner first, or delete the organization");
    }
    const installations = await tx.installation.findMany({ where: { organizationId: input.organizationId }, select: { id: true } });
    const installationIds = installations.map((row) => row.id);
    for (const installationId of installationIds) invalidate("user-state", userStateId(installationId, input.userId));
    const scope = { userId: input.userId, installationId: { in: installationIds } };
    const { count: connectionsDeleted } = await tx.connection.deleteMany({ where: scope });
    await tx.settingValue.deleteMany({ where: scope });
    await tx.authorizationRequest.deleteMany({ where: scope });
    await tx.membership.delete({ where: { id: current.id } });
    await tx.user.updateMany({
      where: { id: input.userId, currentOrganizationId: input.organizationId },
      data: { currentOrganizationId: null },
    });
    const leaving = input.actorId === input.userId;
    await recordAuditEvent(
      {
        organizationId: input.organizationId,
        userId: input.actorId,
        type: leaving ? "member.left" : "member.removed",
        detail: { memberId: input.userId, email: current.user.email, role: current.role, connectionsDeleted },
      },
      { tx },
    );
    return { role: current.role, email: current.user.email, installationIds, connectionsDeleted };
  });
}

/** The connections a member holds in an organization's installations, for revoking them before removal. */
export async function listMemberConnections(organizationId: string, userId: string) {
  const prisma = await getPrisma();
  return prisma.connection.findMany({
    where: { userId, installation: { organizationId } },
    select: { id: true, installationId: true, configName: true, userId: true },
  });
}
