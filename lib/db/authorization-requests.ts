import { randomUUID } from "node:crypto";
import { getKeyring } from "@/lib/keys";
import { getPrisma } from "./client";

/**
 * One-time authorization attempts, found by the hash of their `state` (the state itself is never
 * stored). The PKCE verifier is encrypted and bound to the row.
 */

export const verifierAad = (id: string) => `authorization_request:${id}:code_verifier`;

export interface AuthorizationRequestRecord {
  id: string;
  userId: string;
  installationId: string;
  configName: string;
  tokenUrl: string;
  redirectUri: string;
  returnTo: string | null;
  expiresAt: Date;
  usedAt: Date | null;
}

export async function createAuthorizationRequest(input: {
  stateHash: string;
  userId: string;
  installationId: string;
  configName: string;
  codeVerifier: string | null;
  tokenUrl: string;
  redirectUri: string;
  returnTo: string | null;
  expiresAt: Date;
}): Promise<void> {
  const prisma = await getPrisma();
  const keyring = await getKeyring();
  const id = randomUUID();
  const { codeVerifier, ...rest } = input;
  await prisma.authorizationRequest.create({
    data: { id, ...rest, codeVerifierCiphertext: codeVerifier ? keyring.encrypt(codeVerifier, verifierAad(id)) : null },
  });
}

const requestSelect = {
  id: true,
  userId: true,
  installationId: true,
  configName: true,
  tokenUrl: true,
  redirectUri: true,
  returnTo: true,
  expiresAt: true,
  usedAt: true,
} as const;

/** Looks a request up without consuming it, to tell an expired link from a reused or unknown one. */
export async function findAuthorizationRequest(stateHash: string): Promise<AuthorizationRequestRecord | null> {
  const prisma = await getPrisma();
  return prisma.authorizationRequest.findUnique({ where: { stateHash }, select: requestSelect });
}

/**
 * Consumes a request atomically: succeeds for exactly one caller, and only while the request is unused
 * and unexpired. Returns it with its decrypted verifier, or null.
 */
export async function consumeAuthorizationRequest(
  stateHash: string,
  userId: string,
): Promise<(AuthorizationRequestRecord & { codeVerifier: string | null }) | null> {
  const prisma = await getPrisma();
  const consumed = await prisma.authorizationRequest.updateMany({
    where: { stateHash, userId, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  if (consumed.count !== 1) return null;
  const row = await prisma.authorizationRequest.findUniqueOrThrow({
    where: { stateHash },
    select: { ...requestSelect, codeVerifierCiphertext: true },
  });
  const keyring = await getKeyring();
  const { codeVerifierCiphertext, ...request } = row;
  return { ...request, codeVerifier: codeVerifierCiphertext ? keyring.decrypt(codeVerifierCiphertext, verifierAad(row.id)) : null };
}

/** Removes requests that expired more than a day ago; they can only be told apart from unknown ones for that long. */
export async function deleteStaleAuthorizationRequests(): Promise<void> {
  const prisma = await getPrisma();
  await prisma.authorizationRequest.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - 86_400_000) } } });
}
