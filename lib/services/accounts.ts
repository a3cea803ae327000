import { randomBytes } from "node:crypto";
import { hashPassword, hashToken, verifyPassword } from "@/lib/crypto";
import {
  addMembership,
  createAccessTokenRecord,
  createUserWithOrganization,
  findCredentials,
  findUserById,
  findUserByTokenHash,
  listMemberships,
  MissingPasswordError,
  type OrganizationMembership,
  type UserProfile,
} from "@/lib/db/accounts";
import { AppError, notFound, validationFailed } from "@/lib/errors";
import { getEnv } from "@/lib/env";
import type { AddMember, SignUp } from "@/lib/schemas/accounts";
import { requireOrganizationRole } from "./access";
import { processSingleton } from "@/lib/process-singleton";
import { TtlCache } from "./ttl-cache";

const ACCESS_TOKEN_PREFIX = "gh_pat_";

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

/** The user whose email and password these are, or null. */
export async function verifyCredentials(email: string, password: string): Promise<UserProfile | null> {
  const credentials = await findCredentials(email);
  if (!credentials) {
    decoyHash ??= hashPassword(randomBytes(16).toString("hex"));
    await verifyPassword(password, await decoyHash);
    return null;
  }
  if (!(await verifyPassword(password, credentials.passwordHash))) return null;
  return findUserById(credentials.id);
}

/** Issues a personal access token; only its hash is kept, so this is the one time it is seen. */
export async function createPersonalAccessToken(userId: string, name: string): Promise<string> {
  const token = ACCESS_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  await createAccessTokenRecord(userId, name, hashToken(token));
  return token;
}

// Every API call by a script authenticates with its token; a short cache keeps that off the database.
const tokenOwners = processSingleton("token-owners", () => new TtlCache<UserProfile | null>(2_000));

export async function authenticateAccessToken(token: string): Promise<UserProfile | null> {
  if (!token.startsWith(ACCESS_TOKEN_PREFIX)) return null;
  const tokenHash = hashToken(token);
  return tokenOwners.getOrLoad(tokenHash, () => findUserByTokenHash(tokenHash));
}

export interface Profile extends UserProfile {
  organizations: OrganizationMembership[];
}

export async function getProfile(userId: string): Promise<Profile> {
  const user = await findUserById(userId);
  if (!user) throw notFound("User not found");
  return { ...user, organizations: await listMemberships(userId) };
}

/** Adds a member to an organization (owners and admins only), creating the account when the email is new. */
export async function addOrganizationMember(actorId: string, organizationId: string, input: AddMember) {
  await requireOrganizationRole(actorId, organizationId, ["owner", "admin"]);
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
