import { conflict } from "@/lib/errors";
import { recordAuditEvent } from "./audit";
import { getPrisma } from "./client";
import { Prisma } from "./generated/client";
import type { Role } from "./generated/enums";
import { invalidatingTransaction, membershipId } from "./invalidation";

export type { Role } from "./generated/enums";

/** A user as the rest of the code sees one: never with the password hash. */
export interface UserProfile {
  id: string;
  email: string;
  name: string | null;
}

export interface OrganizationMembership {
  id: string;
  name: string;
  role: Role;
}

const profileSelect = { id: true, email: true, name: true } as const;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** Creates a user who owns a new organization, in one transaction. */
export async function createUserWithOrganization(input: {
  email: string;
  name: string | null;
  passwordHash: string;
  organizationName: string;
}): Promise<{ userId: string; organizationId: string }> {
  const prisma = await getPrisma();
  try {
    return await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash: input.passwordHash },
      });
      const organization = await tx.organization.create({ data: { name: input.organizationName } });
      await tx.membership.create({ data: { userId: user.id, organizationId: organization.id, role: "owner" } });
      return { userId: user.id, organizationId: organization.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("An account with this email already exists");
    throw error;
  }
}

/** The stored password hash for an email, for sign-in only. */
export async function findCredentials(email: string): Promise<{ id: string; passwordHash: string; sessionVersion: number } | null> {
  const prisma = await getPrisma();
  return prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, sessionVersion: true } });
}

export async function findUserById(id: string): Promise<UserProfile | null> {
  const prisma = await getPrisma();
  return prisma.user.findUnique({ where: { id }, select: profileSelect });
}

export async function listMemberships(userId: string): Promise<OrganizationMembership[]> {
  const prisma = await getPrisma();
  const rows = await prisma.membership.findMany({
    where: { userId },
    include: { organization: { select: { id: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => ({ id: row.organization.id, name: row.organization.name, role: row.role }));
}

export async function findMembershipRole(userId: string, organizationId: string): Promise<Role | null> {
  const prisma = await getPrisma();
  const row = await prisma.membership.findUnique({
    where: { userId_organizationId: { userId, organizationId } },
    select: { role: true },
  });
  return row?.role ?? null;
}

/**
 * Adds a user to an organization, creating the user when the email is new (`newUser` then carries the
 * password hash to use). Refuses a user who is already a member.
 */
export async function addMembership(input: {
  organizationId: string;
  email: string;
  role: Role;
  newUser?: { passwordHash: string; name: string | null };
  /** Who added them, for the audit trail. */
  actorId?: string;
}): Promise<{ userId: string; createdUser: boolean }> {
  try {
    return await invalidatingTransaction(async (tx, invalidate) => {
      let user = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
      const createdUser = !user;
      if (!user) {
        if (!input.newUser) throw new MissingPasswordError();
        user = await tx.user.create({
          data: { email: input.email, name: input.newUser.name, passwordHash: input.newUser.passwordHash },
          select: { id: true },
        });
      }
      await tx.membership.create({
        data: { userId: user.id, organizationId: input.organizationId, role: input.role },
      });
      invalidate("membership", membershipId(input.organizationId, user.id));
      await recordAuditEvent(
        {
          organizationId: input.organizationId,
          userId: input.actorId ?? null,
          type: "member.added",
          detail: { memberId: user.id, email: input.email, role: input.role },
        },
        { tx },
      );
      return { userId: user.id, createdUser };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("This user is already a member of the organization");
    throw error;
  }
}

/** Thrown by addMembership when the email is new and no password was given for the new account. */
export class MissingPasswordError extends Error {}

export async function userExists(email: string): Promise<boolean> {
  const prisma = await getPrisma();
  return (await prisma.user.count({ where: { email } })) > 0;
}

export async function countUsers(): Promise<number> {
  const prisma = await getPrisma();
  return prisma.user.count();
}

export interface AccessTokenSummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
}

export async function createAccessTokenRecord(input: {
  userId: string;
  name: string;
  tokenHash: string;
  prefix: string;
  expiresAt: Date | null;
}): Promise<{ id: string; expiresAt: Date | null }> {
  const prisma = await getPrisma();
  return prisma.personalAccessToken.create({ data: input, select: { id: true, expiresAt: true } });
}

export async function listAccessTokens(userId: string): Promise<AccessTokenSummary[]> {
  const prisma = await getPrisma();
  return prisma.personalAccessToken.findMany({
    where: { userId },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, expiresAt: true },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
}

/** Deletes one of the user's tokens, on every instance's caches at once; false when the user has no token with that id. */
export async function deleteAccessToken(userId: string, id: string): Promise<boolean> {
  return invalidatingTransaction(async (tx, invalidate) => {
    const { count } = await tx.personalAccessToken.deleteMany({ where: { id, userId } });
    if (count > 0) invalidate("access-token", id);
    return count > 0;
  });
}

export interface AccessTokenOwner {
  id: string;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  user: UserProfile;
}

/** A personal access token found by its hash, with its owner; expired ones too (the caller decides). */
export async function findAccessToken(tokenHash: string): Promise<AccessTokenOwner | null> {
  const prisma = await getPrisma();
  return prisma.personalAccessToken.findUnique({
    where: { tokenHash },
    select: { id: true, lastUsedAt: true, expiresAt: true, user: { select: profileSelect } },
  });
}

/** Records when a token was last used. */
export async function touchAccessToken(id: string, now: Date): Promise<void> {
  const prisma = await getPrisma();
  await prisma.personalAccessToken.updateMany({ where: { id }, data: { lastUsedAt: now } });
}

/** The user a session names, or null when the user is gone or the session's version is no longer current. */
export async function findSessionUser(id: string, sessionVersion: number): Promise<UserProfile | null> {
  const prisma = await getPrisma();
  const row = await prisma.user.findUnique({ where: { id }, select: { ...profileSelect, sessionVersion: true } });
  if (!row || row.sessionVersion !== sessionVersion) return null;
  const { sessionVersion: _current, ...profile } = row;
  return profile;
}

export async function findSessionVersion(id: string): Promise<number | null> {
  const prisma = await getPrisma();
  const row = await prisma.user.findUnique({ where: { id }, select: { sessionVersion: true } });
  return row?.sessionVersion ?? null;
}

export async function findPasswordHash(id: string): Promise<string | null> {
  const prisma = await getPrisma();
  const row = await prisma.user.findUnique({ where: { id }, select: { passwordHash: true } });
  return row?.passwordHash ?? null;
}

/**
 * Stores a new password hash and ends every session, in one statement. `expectedHash` makes it a
 * compare-and-set, so two concurrent changes cannot both pass the current-password check. False when
 * the stored hash was no longer `expectedHash`.
 */
export async function replacePasswordHash(id: string, expectedHash: string, passwordHash: string): Promise<boolean> {
  const prisma = await getPrisma();
  const { count } = await prisma.user.updateMany({
    where: { id, passwordHash: expectedHash },
    data: { passwordHash, sessionVersion: { increment: 1 } },
  });
  return count > 0;
}

/** Ends every session of the user: sessions carrying an older version are refused from now on. */
export async function bumpSessionVersion(id: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.user.updateMany({ where: { id }, data: { sessionVersion: { increment: 1 } } });
}
