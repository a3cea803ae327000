import { randomBytes } from "node:crypto";
import { findUserById, type Role } from "@/lib/db/accounts";
import {
  consumeInvitation,
  createInvitationRecord,
  deleteInvitation,
  findInvitationByTokenHash,
  listPendingInvitations,
  type InvitationRecord,
} from "@/lib/db/invitations";
import { findMember, listMembers } from "@/lib/db/memberships";
import { findOrganization } from "@/lib/db/organizations";
import { hashToken } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { AppError, conflict, forbidden, notFound } from "@/lib/errors";
import type { CreateInvitation } from "@/lib/schemas/organizations";
import { assignableRoles, requirePermission } from "./access";
import { getMailSender } from "./mail";

export type { InvitationRecord } from "@/lib/db/invitations";

/**
 * Invitations: a one-use link valid for seven days, for one email address. The token is in the link
 * only; the database keeps its hash, logs never see it.
 */

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const TOKEN_PREFIX = "gh_inv_";

/** Services take the time as an option so tests can move the clock. */
interface Clock {
  now?: Date;
}

export const inviteUrl = (token: string) => `${getEnv().APP_URL}/invite/${encodeURIComponent(token)}`;

export async function createInvitation(
  actorId: string,
  organizationId: string,
  input: CreateInvitation,
  { now = new Date() }: Clock = {},
): Promise<{ id: string; inviteUrl: string; expiresAt: string }> {
  const actorRole = await requirePermission(actorId, organizationId, "member.invite");
  if (!assignableRoles(actorRole).includes(input.role)) throw forbidden();
  const organization = await findOrganization(organizationId);
  if (!organization) throw notFound("Organization not found");
  const members = await listMembers(organizationId);
  if (members.some((member) => member.email === input.email)) throw conflict(`${input.email} is already a member of this organization`);

  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const id = await createInvitationRecord({
    organizationId,
    email: input.email,
    role: input.role,
    tokenHash: hashToken(token),
    invitedById: actorId,
    expiresAt,
  });
  const url = inviteUrl(token);
  await getMailSender().sendInvitation({ invitationId: id, to: input.email, organizationName: organization.name, role: input.role, inviteUrl: url, expiresAt });
  return { id, inviteUrl: url, expiresAt: expiresAt.toISOString() };
}

export async function listInvitations(actorId: string, organizationId: string, { now = new Date() }: Clock = {}): Promise<InvitationRecord[]> {
  await requirePermission(actorId, organizationId, "member.invite");
  return listPendingInvitations(organizationId, now);
}

export async function revokeInvitation(actorId: string, organizationId: string, invitationId: string): Promise<void> {
  await requirePermission(actorId, organizationId, "member.invite");
  if (!(await deleteInvitation({ organizationId, invitationId, actorId }))) throw notFound("Invitation not found");
}

export type InvitationStatus = "pending" | "accepted" | "expired";

export interface InvitationPreview {
  organizationId: string;
  organizationName: string;
  email: string;
  role: Role;
  expiresAt: Date;
  status: InvitationStatus;
}

/** What the invitation page shows to whoever holds the link; null for a link that matches nothing. */
export async function previewInvitation(token: string, { now = new Date() }: Clock = {}): Promise<InvitationPreview | null> {
  const invitation = await findInvitationByTokenHash(hashToken(token));
  if (!invitation) return null;
  return {
    organizationId: invitation.organizationId,
    organizationName: invitation.organizationName,
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    status: statusOf(invitation, now),
  };
}

function statusOf(invitation: InvitationRecord, now: Date): InvitationStatus {
  if (invitation.acceptedAt) return "accepted";
  return invitation.expiresAt.getTime() <= now.getTime() ? "expired" : "pending";
}

/** Joins the organization with the invitation's role, once, for the account with the invited email only. */
export async function acceptInvitation(
  userId: string,
  token: string,
  { now = new Date() }: Clock = {},
): Promise<{ organizationId: string; role: Role }> {
  const invitation = await findInvitationByTokenHash(hashToken(token));
  if (!invitation) throw notFound("This invitation link is not valid");
  const status = statusOf(invitation, now);
  if (status === "accepted") throw new AppError("conflict", "This invitation has already been used");
  if (status === "expired") throw new AppError("conflict", "This invitation has expired; ask for a new one");
  const user = await findUserById(userId);
  if (!user || user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    throw forbidden(`This invitation is for ${invitation.email}; sign in with that email to accept it`);
  }
  if (await findMember(invitation.organizationId, userId)) throw conflict("You are already a member of this organization");
  if (!(await consumeInvitation({ invitationId: invitation.id, userId, now }))) {
    throw new AppError("conflict", "This invitation has already been used or has expired");
  }
  return { organizationId: invitation.organizationId, role: invitation.role };
}
