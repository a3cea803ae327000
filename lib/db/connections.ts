import { randomUUID } from "node:crypto";
import { getEnv } from "@/lib/env";
import { getKeyring } from "@/lib/keys";
import { logger } from "@/lib/logger";
import { processSingleton } from "@/lib/process-singleton";
import { getPrisma } from "./client";
import type { ConnectionStatus } from "./generated/enums";
import { invalidatingTransaction, userStateId } from "./invalidation";
import { deleteSettingValues, readSettingValues, writeSettingValues } from "./setting-values";

/**
 * A user's connection to one OAuth config of an installation. The tokens themselves are user-level
 * setting values (always encrypted); the connection row carries the metadata, a version that changes
 * with every token write, and the refresh lease that admits one refresh at a time across instances.
 * Every write here announces `user-state:<installationId>:<userId>` (see invalidation.ts).
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
  /** The scopes the provider said it granted, space-separated; null when it did not say. */
  scopes: string | null;
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
  scopes: true,
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

/** A user's own state in one installation: their connections and their user-level values, tokens among them. */
export interface UserState {
  connections: ConnectionRecord[];
  /** Decrypted: server-side only. */
  values: Record<string, string>;
}

/**
 * The one way tokens are read. The connections are read before the values: a token write and its version
 * bump commit together, so the tokens read are at least as new as the versions, and a caller that reports
 * a failed request's version never causes a refresh that someone else has already made.
 */
export async function readUserState(installationId: string, userId: string): Promise<UserState> {
  const prisma = await getPrisma();
  const connections = await prisma.connection.findMany({ where: { installationId, userId }, select: connectionSelect });
  return { connections, values: await readSettingValues(installationId, userId) };
}

export interface StoredTokens {
  accessToken: string;
  /** null keeps the stored refresh token (a provider that does not rotate). */
  refreshToken: string | null;
  expiresAt: Date | null;
  /** The granted scopes, space-separated; undefined keeps what is stored (a refresh that did not say). */
  scope?: string | null;
}

interface TokenWrite {
  installationId: string;
  configName: string;
  userId: string;
  variables: TokenVariables;
  tokens: StoredTokens;
  now: Date;
}

/** The result of a fenced write: it applied only if the writer still held the lease on the version it read. */
export type FencedWrite<T> = { won: true; value: T } | { won: false };

/**
 * Stores tokens and the connection's metadata in one transaction. `kind: "connect"` (re)creates the
 * connection. `kind: "refresh"` is fenced: it applies only while `lease` is still the connection's lease
 * and its version is still `seenVersion`, and then bumps the version and releases the lease in the same
 * transaction; otherwise nothing is written and it reports that it lost.
 */
export async function saveConnectionTokens(input: TokenWrite & { kind: "connect" }): Promise<ConnectionRecord>;
export async function saveConnectionTokens(
  input: TokenWrite & { kind: "refresh"; lease: RefreshLease; seenVersion: number },
): Promise<FencedWrite<ConnectionRecord>>;
export async function saveConnectionTokens(
  input: TokenWrite & ({ kind: "connect" } | { kind: "refresh"; lease: RefreshLease; seenVersion: number }),
): Promise<ConnectionRecord | FencedWrite<ConnectionRecord>> {
  const keyring = await getKeyring();
  const { installationId, configName, userId, variables, tokens, now } = input;
  const where = { installationId_configName_userId: { installationId, configName, userId } };
  const values = [{ key: variables.accessTokenVariable, value: tokens.accessToken, isSecret: true }];
  if (tokens.refreshToken) values.push({ key: variables.refreshTokenVariable, value: tokens.refreshToken, isSecret: true });

  if (input.kind === "connect") {
    return invalidatingTransaction(async (tx, invalidate) => {
      if (!tokens.refreshToken) await deleteSettingValues(installationId, userId, [variables.refreshTokenVariable], tx);
      await writeSettingValues(installationId, userId, values, { tx, keyring });
      invalidate("user-state", userStateId(installationId, userId));
      return tx.connection.upsert({
        where,
        create: { installationId, configName, userId, status: "connected", expiresAt: tokens.expiresAt, scopes: tokens.scope ?? null, connectedAt: now, version: 1 },
        update: {
          status: "connected",
          expiresAt: tokens.expiresAt,
          scopes: tokens.scope ?? null,
          connectedAt: now,
          lastRefreshedAt: null,
          lastError: null,
          version: { increment: 1 },
          leaseOwner: null,
          leaseExpiresAt: null,
        },
        select: connectionSelect,
      });
    });
  }

  const { lease, seenVersion } = input;
  return invalidatingTransaction(async (tx, invalidate): Promise<FencedWrite<ConnectionRecord>> => {
    // The compare-and-set comes first: its row lock holds off every other writer until the commit.
    const { count } = await tx.connection.updateMany({
      where: { id: lease.connectionId, leaseOwner: lease.owner, version: seenVersion, installationId, configName, userId },
      data: {
        status: "connected",
        expiresAt: tokens.expiresAt,
        ...(tokens.scope === undefined ? {} : { scopes: tokens.scope }),
        lastRefreshedAt: now,
        lastError: null,
        version: { increment: 1 },
        leaseOwner: null,
        leaseExpiresAt: null,
      },
    });
    if (count === 0) return { won: false };
    await writeSettingValues(installationId, userId, values, { tx, keyring });
    invalidate("user-state", userStateId(installationId, userId));
    leaseReleased.add(lease);
    return { won: true, value: await tx.connection.findUniqueOrThrow({ where, select: connectionSelect }) };
  });
}

/**
 * Marks the grant dead (the user must authorize again) and releases the lease, only while the caller
 * still holds the lease on the version it read. True when it applied.
 */
export function markNeedsReauth(lease: RefreshLease, seenVersion: number, reason: string): Promise<boolean> {
  return fencedUpdate(lease, seenVersion, { status: "needs_reauth", lastError: reason });
}

/** Records why the last refresh failed without changing the status (a retryable or configuration error); fenced likewise. */
export function recordRefreshError(lease: RefreshLease, seenVersion: number, reason: string): Promise<boolean> {
  return fencedUpdate(lease, seenVersion, { lastError: reason });
}

async function fencedUpdate(
  lease: RefreshLease,
  seenVersion: number,
  data: { status?: ConnectionStatus; lastError: string },
): Promise<boolean> {
  return invalidatingTransaction(async (tx, invalidate) => {
    const updated = await tx.connection.updateManyAndReturn({
      where: { id: lease.connectionId, leaseOwner: lease.owner, version: seenVersion },
      data: { ...data, leaseOwner: null, leaseExpiresAt: null },
      select: { installationId: true, userId: true },
    });
    const row = updated[0];
    if (!row) return false;
    invalidate("user-state", userStateId(row.installationId, row.userId));
    leaseReleased.add(lease);
    return true;
  });
}

/** The refresh lease its holder carries: every fenced write names it. */
export interface RefreshLease {
  readonly connectionId: string;
  readonly owner: string;
  /** Extends the lease before another slow attempt; false when it is no longer the holder's. */
  renew(): Promise<boolean>;
}

export type LeaseOutcome<T> = { acquired: true; value: T } | { acquired: false };

// Identifies this process among lease holders (each lease adds a random part of its own).
const processId = processSingleton("process-id", () => randomUUID());
// Leases that a winning fenced write has already released, so releasing them again costs no round trip.
const leaseReleased = new WeakSet<RefreshLease>();

/**
 * Runs `refresh` while holding the connection's refresh lease, which admits one refresher at a time
 * across every instance. The lease is taken by compare-and-set when it is free or its holder's time is up
 * (a crashed holder blocks no longer than `leaseMs`), and released afterwards, whatever happened.
 * `{ acquired: false }` means someone else holds it now.
 */
export async function withRefreshLease<T>(
  connectionId: string,
  refresh: (lease: RefreshLease) => Promise<T>,
  { leaseMs = getEnv().REFRESH_LEASE_MS }: { leaseMs?: number } = {},
): Promise<LeaseOutcome<T>> {
  const prisma = await getPrisma();
  const owner = `${processId}:${randomUUID()}`;
  const seconds = leaseMs / 1000;
  const acquired = await prisma.$executeRaw`
    UPDATE "Connection"
    SET "leaseOwner" = ${owner}, "leaseExpiresAt" = now() + make_interval(secs => ${seconds}::float8)
    WHERE "id" = ${connectionId} AND ("leaseOwner" IS NULL OR "leaseExpiresAt" < now())`;
  if (acquired !== 1) return { acquired: false };
  const lease: RefreshLease = {
    connectionId,
    owner,
    async renew() {
      const renewed = await prisma.$executeRaw`
        UPDATE "Connection"
        SET "leaseExpiresAt" = now() + make_interval(secs => ${seconds}::float8)
        WHERE "id" = ${connectionId} AND "leaseOwner" = ${owner}`;
      return renewed === 1;
    },
  };
  try {
    return { acquired: true, value: await refresh(lease) };
  } finally {
    if (!leaseReleased.has(lease)) {
      // A release that fails leaves the lease to expire on its own, which every waiter already allows for.
      await prisma.connection
        .updateMany({ where: { id: connectionId, leaseOwner: owner }, data: { leaseOwner: null, leaseExpiresAt: null } })
        .catch((error: unknown) => logger.warn("refresh lease not released", { error: error instanceof Error ? error.message : String(error) }));
    }
  }
}

/** Forgets a user's connection and its tokens. */
export async function deleteConnection(
  connection: Pick<ConnectionRecord, "installationId" | "configName" | "userId">,
  variables: TokenVariables,
): Promise<void> {
  await invalidatingTransaction(async (tx, invalidate) => {
    await deleteSettingValues(
      connection.installationId,
      connection.userId,
      [variables.accessTokenVariable, variables.refreshTokenVariable],
      tx,
    );
    await tx.connection.deleteMany({
      where: { installationId: connection.installationId, configName: connection.configName, userId: connection.userId },
    });
    invalidate("user-state", userStateId(connection.installationId, connection.userId));
  });
}
