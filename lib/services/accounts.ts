import { randomBytes } from "node:crypto";
import { hashPassword, hashToken, verifyPassword } from "@/lib/crypto";
import {
  addMembership,
  bumpSessionVersion,
  createAccessTokenRecord,
  createUserWithOrganization,
  deleteAccessToken,
  findCredentials,
  findPasswordHash,
  findSessionUser,
  findUserById,
  findAccessToken,
  listAccessTokens,
  listMemberships,
  MissingPasswordError,
  replacePasswordHash,
  touchAccessToken,
  type AccessTokenOwner,
  type OrganizationMembership,
  type UserProfile,
} from "@/lib/db/accounts";
import { defineHotCache } from "@/lib/db/hot-cache";
import { AppError, notFound, validationFailed } from "@/lib/errors";
import { getEnv } from "@/lib/env";
import type { AddMember, ChangePassword, CreateToken, SignUp } from "@/lib/schemas/accounts";
import { requirePermission } from "./access";
import { getOrganizationContext } from "./organizations";

const ACCESS_TOKEN_PREFIX = "gh_pat_";
export const DEFAULT_TOKEN_EXPIRY_DAYS = 90;
// The scheme prefix plus four random characters: enough to tell tokens apart, far too little to guess one.
const VISIBLE_PREFIX_LENGTH = ACCESS_TOKEN_PREFIX.length + 4;
const DAY_MS = 24 * 60 * 60 * 1000;

// Compared against when the email is unknown, so that a wrong email costs as long as a wrong password.
let decoyHash: Promise<string> | undefined;

/** Creates an account and the organization it owns. */
export async function signUp(input: SignUp): Promise<{ userId: string; organizationId: string }> {
  if (!getEnv().ALLOW_SIGNUP) throw new AppError("forbidden", "Sign-up is closed on this Gatehouse");
  return createUserWithOrganization({
    email: input.email,
    name: input.name || null,
    passwordHash: await hashPassword(input.password),
    organizationName: input.organization,
  });
}

/** The user whose email and password these are, with the session version a new session carries; or null. */
export async function verifyCredentials(
  email: string,
  password: string,
): Promise<(UserProfile & { sessionVersion: number }) | null> {
  const credentials = await findCredentials(email);
  if (!credentials) {
    decoyHash ??= hashPassword(randomBytes(16).toString("hex"));
    await verifyPassword(password, await decoyHash);
    return null;
  }
  if (!(await verifyPassword(password, credentials.passwordHash))) return null;
  const user = await findUserById(credentials.id);
  return user ? { ...user, sessionVersion: credentials.sessionVersion } : null;
}

export interface IssuedToken {
  id: string;
  /** Shown this once: only its hash is kept. */
  token: string;
  expiresAt: Date | null;
}

/** Issues a personal access token; `expiresInDays` null means never, undefined the default 90 days. */
export async function issuePersonalAccessToken(userId: string, input: CreateToken, now = new Date()): Promise<IssuedToken> {
  const token = ACCESS_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const days = input.expiresInDays === undefined ? DEFAULT_TOKEN_EXPIRY_DAYS : input.expiresInDays;
  const record = await createAccessTokenRecord({
    userId,
    name: input.name,
    tokenHash: hashToken(token),
    prefix: token.slice(0, VISIBLE_PREFIX_LENGTH),
    expiresAt: days === null ? null : new Date(now.getTime() + days * DAY_MS),
  });
  return { id: record.id, token, expiresAt: record.expiresAt };
}

/** A token with the default expiry, for callers that only need the secret (scripts and tests). */
export async function createPersonalAccessToken(userId: string, name: string): Promise<string> {
  return (await issuePersonalAccessToken(userId, { name })).token;
}

export const listPersonalAccessTokens = listAccessTokens;

/** Revokes one of the caller's tokens; another user's token is a 404, like one that does not exist. */
export async function revokePersonalAccessToken(userId: string, tokenId: string): Promise<void> {
  if (!(await deleteAccessToken(userId, tokenId))) throw notFound("Token not found");
}

/**
 * Live tokens by their hash, for the invoke hot path (a script calls with one token again and again). A
 * revocation announces `access-token` from its transaction, which clears this cache on every instance
 * at once (see lib/db/invalidation.ts); expiry is checked on every call; unknown tokens are not cached,
 * so guessing cannot fill it.
 */
const accessTokens = defineHotCache<AccessTokenOwner>("access-tokens", { "access-token": "all" });

/** Tokens' "last used" is coarse on purpose: one write a minute per token keeps the hot path read-only. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The hot path's first try: the owner of a live token that is cached and was marked used within the minute,
 * read without waiting on anything. Anything else is undefined, and `authenticateAccessToken` decides.
 */
export function peekAccessTokenUser(token: string, now = Date.now()): UserProfile | undefined {
  if (!token.startsWith(ACCESS_TOKEN_PREFIX)) return undefined;
  const found = accessTokens.get(hashToken(token));
  if (!found || (found.expiresAt && found.expiresAt.getTime() <= now)) return undefined;
  if (!found.lastUsedAt || now - found.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) return undefined;
  return found.user;
}

export async function authenticateAccessToken(token: string, now = new Date()): Promise<UserProfile | null> {
  if (!token.startsWith(ACCESS_TOKEN_PREFIX)) return null;
  const tokenHash = hashToken(token);
  let found = accessTokens.get(tokenHash) ?? null;
  if (!found) {
    found = await findAccessToken(tokenHash);
    if (found) accessTokens.set(tokenHash, found);
  }
  if (!found || (found.expiresAt && found.expiresAt.getTime() <= now.getTime())) return null;
  if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    found.lastUsedAt = now;
    await touchAccessToken(found.id, now);
  }
  return found.user;
}

/**
 * The user a sign-in session names, when its session version is still current. Read on every request
 * (the same primary-key read that loads the profile), so a password change or "sign out everywhere"
 * refuses older sessions on every instance at once.
 */
export async function authenticateSession(userId: string, sessionVersion: number): Promise<UserProfile | null> {
  return findSessionUser(userId, sessionVersion);
}

/** Changes the password after checking the current one, and ends every session of the user. */
export async function changePassword(userId: string, input: ChangePassword): Promise<void> {
  const storedHash = await findPasswordHash(userId);
  if (!storedHash) throw notFound("User not found");
  if (!(await verifyPassword(input.currentPassword, storedHash))) {
    throw validationFailed([{ path: "currentPassword", message: "The current password is not correct" }]);
  }
  if (input.currentPassword === input.newPassword) {
    throw validationFailed([{ path: "newPassword", message: "Choose a password different from the current one" }]);
  }
  const replaced = await replacePasswordHash(userId, storedHash, await hashPassword(input.newPassword));
  if (!replaced) throw new AppError("conflict", "The password was changed meanwhile; try again");
}

/** Ends every sign-in session of the user, on every instance. Personal access tokens are not affected. */
export async function signOutEverywhere(userId: string): Promise<void> {
  await bumpSessionVersion(userId);
}

export interface Profile extends UserProfile {
  organizations: OrganizationMembership[];
}

export async function getProfile(userId: string): Promise<Profile> {
  const user = await findUserById(userId);
  if (!user) throw notFound("User not found");
  return { ...user, organizations: await listMemberships(userId) };
}

export interface DashboardPage {
  profile: Profile;
  /** Whether the organization the user is looking at lets them build apps (not whether any organization does). */
  canBuild: boolean;
}

export async function findDashboardPage(userId: string): Promise<DashboardPage> {
  // The organization context lists the memberships the profile needs: read them once.
  const [user, { organizations, actions }] = await Promise.all([findUserById(userId), getOrganizationContext(userId)]);
  if (!user) throw notFound("User not found");
  return { profile: { ...user, organizations }, canBuild: actions.includes("app.create") };
}

/** Adds a member to an organization (owners and admins only), creating the account when the email is new. */
export async function addOrganizationMember(actorId: string, organizationId: string, input: AddMember) {
  await requirePermission(actorId, organizationId, "member.add");
  try {
    return await addMembership({
      organizationId,
      actorId,
      email: input.email,
      role: input.role,
      newUser: input.password
        ? { passwordHash: await hashPassword(input.password), name: input.name || null }
        : undefined,
    });
  } catch (error) {
    if (error instanceof MissingPasswordError) {
      throw validationFailed([{ path: "password", message: "This email has no account yet; give a password to create one" }]);
    }
    throw error;
  }
}
