import type { Role } from "@/lib/db/accounts";
import { changeMembershipRole, deleteMembership, findMember, lastOwner, listMemberConnections, listMembers, type MemberRecord } from "@/lib/db/memberships";
import { forbidden, notFound } from "@/lib/errors";
import { assignableRoles, requirePermission } from "./access";
import { revokeConnectionsAtProvider } from "./revocation";

export type { MemberRecord } from "@/lib/db/memberships";

/** `[{userId, email, name, role}]`, for any member of the organization. */
export async function listOrganizationMembers(actorId: string, organizationId: string): Promise<MemberRecord[]> {
  await requirePermission(actorId, organizationId, "member.list");
  return listMembers(organizationId);
}

/** An owner gives any role; an admin moves people between member and admin and never touches an owner. */
export async function changeMemberRole(actorId: string, organizationId: string, userId: string, role: Role) {
  const actorRole = await requirePermission(actorId, organizationId, "member.changeRole");
  const target = await findMember(organizationId, userId);
  if (!target) throw notFound("Member not found");
  const allowed = assignableRoles(actorRole);
  if (!allowed.includes(target.role) || !allowed.includes(role)) {
    throw forbidden("An admin can only switch people between member and admin; ask an owner");
  }
  await changeMembershipRole({ organizationId, userId, role, actorId });
  return { userId, role };
}

/**
 * Removes a member, or lets a member leave. Owners remove anyone, admins remove admins and members.
 * The member's connections in the organization are revoked at the provider (when that exists) and
 * deleted with their tokens; their audit events stay.
 */
export async function removeMember(actorId: string, organizationId: string, userId: string): Promise<void> {
  if (actorId !== userId) {
    const actorRole = await requirePermission(actorId, organizationId, "member.remove");
    const target = await findMember(organizationId, userId);
    if (!target) throw notFound("Member not found");
    if (!assignableRoles(actorRole).includes(target.role)) throw forbidden("Only an owner can remove an owner");
  } else {
    await requirePermission(actorId, organizationId, "member.list");
  }
  const target = await findMember(organizationId, userId);
  if (!target) throw notFound("Member not found");
  if (target.role === "owner" && (await listMembers(organizationId)).filter((member) => member.role === "owner").length <= 1) {
    // Checked again in the removal's transaction; this early answer keeps a refused removal from revoking anything.
    throw lastOwner("This is the organization's last owner: make someone else an owner first, or delete the organization");
  }
  // Best effort and before the local delete, while the tokens still exist to be revoked.
  await revokeConnectionsAtProvider(await listMemberConnections(organizationId, userId), { actorId, cause: actorId === userId ? "member_left" : "member_removed" });
  await deleteMembership({ organizationId, userId, actorId });
}
