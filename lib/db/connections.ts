import { getKeyring } from "@/lib/keys";
import { getPrisma } from "./client";
import type { ConnectionStatus } from "./generated/enums";
import { deleteSettingValues, readSettingValues, writeSettingValues } from "./setting-values";

/**
 * A user's connection to one OAuth config of an installation. The tokens themselves are user-level
 * setting values (always encrypted); the connection row carries the metadata, a version that changes
 * with every token write, and the refresh lease that admits one refresh at a time across instances.
 */

export type { ConnectionStatus } from "./generated/enums";

export interface ConnectionRecord {
  id: string;
  installationId: string;
  configName: string;
  userId: string;
  status: ConnectionStatus;
  expiresAt: Date | null;
  connectedAt: Date;
  lastRefreshedAt: Date | null;
  lastError: string | null;
  version: number;
}

const connectionSelect = {
  id: true,
  installationId: true,
  configName: true,
  userId: true,
  status: true,
  expiresAt: true,
  connectedAt: true,
  lastRefreshedAt: true,
  lastError: true,
  version: true,
} as const;

export interface TokenVariables {
  accessTokenVariable: string;
  refreshTokenVariable: string;
}

export async function findConnection(installationId: string, configName: string, userId: string): Promise<ConnectionRecord | null> {
  const prisma = await getPrisma();
  return prisma.connection.findUnique({
    where: { installationId_configName_userId: { installationId, configName, userId } },
    select: connectionSelect,
  });
}

export async function findConnectionById(id: string): Promise<ConnectionRecord | null> {
  const prisma = await getPrisma();
  return prisma.connection.findUnique({ where: { id }, select: connectionSelect });
}

export async function listUserConnections(installationId: string, userId: string): Promise<ConnectionRecord[]> {
  const prisma = await getPrisma();
  return prisma.connection.findMany({ where: { installationId, userId }, select: connectionSelect });
}

/** The user's current tokens of a connection, decrypted. */
export async function readConnectionTokens(
  connection: Pick<ConnectionRecord, "installationId" | "userId">,
  variables: TokenVariables,
): Promise<{ accessToken: string | null; refreshToken: string | null }> {
  const values = await readSettingValues(connection.installationId, connection.userId, {
    keys: [variables.accessTokenVariable, variables.refreshTokenVariable],
  });
  return { accessToken: values[variables.accessTokenVariable] ?? null, refreshToken: values[variables.refreshTokenVariable] ?? null };
}

export interface StoredTokens {
  accessToken: string;
  /** null keeps the stored refresh token (a provider that does not rotate). */
  refreshToken: string | null;
  expiresAt: Date | null;
}

/**
 * Stores tokens and the connection's metadata in one transaction. `kind: "connect"` (re)creates the
 * connection; `kind: "refresh"` updates it and releases the caller's lease. Returns the new version.
 */
export async function saveConnectionTokens(input: {
  installationId: string;
  configName: string;
  userId: string;
  variables: TokenVariables;
  tokens: StoredTokens;
  kind: "connect" | "refresh";
  now: Date;
}): Promise<ConnectionRecord> {
  const prisma = await getPrisma();
  const keyring = await getKeyring();
  const { installationId, configName, userId, variables, tokens, now } = input;
  return prisma.$transaction(async (tx) => {
    const values = [{ key: variables.accessTokenVariable, value: tokens.accessToken, isSecret: true }];
    if (tokens.refreshToken) values.push({ key: variables.refreshTokenVariable, value: tokens.refreshToken, isSecret: true });
    else if (input.kind === "connect") await deleteSettingValues(installationId, userId, [variables.refreshTokenVariable], tx);
    await writeSettingValues(installationId, userId, values, { tx, keyring });
    const where = { installationId_configName_userId: { installationId, configName, userId } };
    if (input.kind === "connect") {
      return tx.connection.upsert({
        where,
        create: { installationId, configName, userId, status: "connected", expiresAt: tokens.expiresAt, connectedAt: now, version: 1 },
        update: {
          status: "connected",
          expiresAt: tokens.expiresAt,
          connectedAt: now,
          lastRefreshedAt: null,
          lastError: null,
          version: { increment: 1 },
          leaseOwner: null,
          leaseExpiresAt: null,
        },
        select: connectionSelect,
      });
    }
    return tx.connection.update({
      where,
      data: {
        status: "connected",
        expiresAt: tokens.expiresAt,
        lastRefreshedAt: now,
        lastError: null,
        version: { increment: 1 },
        leaseOwner: null,
        leaseExpiresAt: null,
      },
      select: connectionSelect,
    });
  });
}

/** Marks the grant dead: the user must authorize again. Releases any lease. */
export async function markNeedsReauth(connectionId: string, reason: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.connection.update({
    where: { id: connectionId },
    data: { status: "needs_reauth", lastError: reason, leaseOwner: null, leaseExpiresAt: null },
  });
}

/** Records why the last refresh failed without changing the status (a retryable or configuration error). */
export async function recordRefreshError(connectionId: string, owner: string, reason: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.connection.updateMany({
    where: { id: connectionId, leaseOwner: owner },
    data: { lastError: reason, leaseOwner: null, leaseExpiresAt: null },
  });
}

/**
 * Takes the refresh lease when it is free or its holder's time is up (a crashed holder blocks no longer
 * than `leaseMs`). Compare-and-set in one statement, so exactly one caller across every instance wins.
 */
export async function tryAcquireRefreshLease(connectionId: string, owner: string, leaseMs: number): Promise<boolean> {
  const prisma = await getPrisma();
  const updated = await prisma.$executeRaw`
    UPDATE "Connection"
    SET "leaseOwner" = ${owner}, "leaseExpiresAt" = now() + make_interval(secs => ${leaseMs / 1000}::float8)
    WHERE "id" = ${connectionId} AND ("leaseOwner" IS NULL OR "leaseExpiresAt" < now())`;
  return updated === 1;
}

/** Extends the caller's lease before another slow attempt; false when the lease is no longer the caller's. */
export async function renewRefreshLease(connectionId: string, owner: string, leaseMs: number): Promise<boolean> {
  const prisma = await getPrisma();
  const updated = await prisma.$executeRaw`
    UPDATE "Connection"
    SET "leaseExpiresAt" = now() + make_interval(secs => ${leaseMs / 1000}::float8)
    WHERE "id" = ${connectionId} AND "leaseOwner" = ${owner}`;
  return updated === 1;
}

export async function releaseRefreshLease(connectionId: string, owner: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.connection.updateMany({ where: { id: connectionId, leaseOwner: owner }, data: { leaseOwner: null, leaseExpiresAt: null } });
}

/** Forgets a user's connection and its tokens. */
export async function deleteConnection(
  connection: Pick<ConnectionRecord, "installationId" | "configName" | "userId">,
  variables: TokenVariables,
): Promise<void> {
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    await deleteSettingValues(
      connection.installationId,
      connection.userId,
      [variables.accessTokenVariable, variables.refreshTokenVariable],
      tx,
    );
    await tx.connection.deleteMany({
      where: { installationId: connection.installationId, configName: connection.configName, userId: connection.userId },
    });
  });
}
