import { randomUUID } from "node:crypto";
import type { Keyring } from "@/lib/crypto";
import { getKeyring } from "@/lib/keys";
import { processSingleton } from "@/lib/process-singleton";
import type { AppDefinition, OAuthConfigDefinition, Setting } from "@/lib/schemas/app-definition";
import { ENCRYPTED_CONFIG_FIELDS, readDraftDefinition } from "./apps";
import { recordAuditEvent } from "./audit";
import { getPrisma, type PrismaClient } from "./client";
import { Prisma } from "./generated/client";

/**
 * Published versions of apps. Publishing freezes the draft whole into one AppVersion row that is never
 * updated; installations name the version they run. The OAuth body templates (they may hold the
 * developer's own client secret) stay encrypted inside the frozen definition, each bound to its version
 * row, config and field, so an envelope moved elsewhere does not decrypt.
 */

export interface AppVersionRecord {
  appId: string;
  version: number;
  publishedAt: Date;
  definition: AppDefinition;
}

export interface AppVersionSummary {
  version: number;
  publishedAt: Date;
  /** Who published it; null for a version frozen at migration or whose publisher's account is gone. */
  publishedBy: { name: string | null; email: string } | null;
}

type EncryptedField = keyof typeof ENCRYPTED_CONFIG_FIELDS;
const encryptedFields = () => Object.keys(ENCRYPTED_CONFIG_FIELDS) as EncryptedField[];
const versionBodyAad = (versionId: string, configName: string, field: EncryptedField) => `app_version:${versionId}:${configName}:${field}`;

function seal(definition: AppDefinition, versionId: string, keyring: Keyring): Prisma.InputJsonValue {
  const oauthConfigs = definition.oauthConfigs.map((config) => {
    const sealed: Record<string, unknown> = { ...config };
    for (const field of encryptedFields()) {
      const value = config[field];
      if (value) sealed[field] = keyring.encrypt(value, versionBodyAad(versionId, config.name, field));
    }
    return sealed;
  });
  return JSON.parse(JSON.stringify({ ...definition, oauthConfigs })) as Prisma.InputJsonValue;
}

function open(stored: unknown, versionId: string, keyring: Keyring): AppDefinition {
  const definition = stored as AppDefinition;
  const oauthConfigs = definition.oauthConfigs.map((config) => {
    const opened: Record<string, unknown> = { ...config };
    for (const field of encryptedFields()) {
      const envelope = config[field];
      if (envelope) opened[field] = keyring.decrypt(envelope, versionBodyAad(versionId, config.name, field));
    }
    return opened as OAuthConfigDefinition;
  });
  return { ...definition, oauthConfigs };
}

/**
 * A frozen definition's JSON text with each envelope inside re-encrypted under the current key (key
 * rotation), or the same text when none needed it.
 */
export function rotateSealedDefinition(text: string, versionId: string, keyring: Keyring): string {
  const stored = JSON.parse(text) as { oauthConfigs?: Record<string, unknown>[] };
  let changed = false;
  for (const config of stored.oauthConfigs ?? []) {
    for (const field of encryptedFields()) {
      const envelope = config[field];
      if (typeof envelope !== "string" || !keyring.needsReencryption(envelope)) continue;
      config[field] = keyring.reencrypt(envelope, versionBodyAad(versionId, String(config.name), field));
      changed = true;
    }
  }
  return changed ? JSON.stringify(stored) : text;
}

/** JSON with sorted keys and no undefined members, to tell whether two definitions say the same thing. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) =>
    member && typeof member === "object" && !Array.isArray(member)
      ? Object.fromEntries(Object.entries(member).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : member,
  );
}

async function insertVersion(
  db: Prisma.TransactionClient,
  keyring: Keyring,
  input: { appId: string; version: number; definition: AppDefinition; publishedById: string | null; publishedAt?: Date },
): Promise<void> {
  const id = randomUUID();
  await db.appVersion.create({
    data: {
      id,
      appId: input.appId,
      version: input.version,
      name: input.definition.name,
      description: input.definition.description ?? null,
      definition: seal(input.definition, id, keyring),
      publishedById: input.publishedById,
      ...(input.publishedAt ? { publishedAt: input.publishedAt } : {}),
    },
  });
}

/**
 * Freezes the app's draft as its next version and lists the app in the store. A draft that says the same
 * as the latest version publishes nothing new: installers would be asked to review an empty change.
 * A new version commits together with its `app.published` event in the publishing organization.
 */
export async function publishDraft(appId: string, publishedById: string): Promise<{ version: number; created: boolean }> {
  const prisma = await getPrisma();
  const keyring = await getKeyring();
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await prisma.$transaction(async (tx) => {
        const definition = await readDraftDefinition(tx, appId, keyring);
        if (!definition) throw new Error(`App ${appId} vanished while publishing`);
        const latest = await tx.appVersion.findFirst({ where: { appId }, orderBy: { version: "desc" }, select: { id: true, version: true, definition: true } });
        const app = await tx.app.update({ where: { id: appId }, data: { published: true, publishedAt: new Date() }, select: { organizationId: true } });
        if (latest && canonicalJson(open(latest.definition, latest.id, keyring)) === canonicalJson(definition)) {
          return { version: latest.version, created: false };
        }
        const version = (latest?.version ?? 0) + 1;
        await insertVersion(tx, keyring, { appId, version, definition, publishedById });
        await recordAuditEvent(
          { organizationId: app.organizationId, userId: publishedById, type: "app.published", detail: { appId, appName: definition.name, version } },
          { tx },
        );
        return { version, created: true };
      });
    } catch (error) {
      // Two publishes at once: the loser takes the next number.
      const raced = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
      if (!raced || attempt >= 3) throw error;
    }
  }
}

// Versions never change, so a loaded one stays valid for the life of the process.
const MAX_CACHED_VERSIONS = 1000;
const cache = processSingleton("app-versions", () => new Map<string, Promise<AppVersionRecord | null>>());

/** One version of an app with its definition decrypted; cached by (app, version). Server-side only. */
export function findAppVersion(appId: string, version: number): Promise<AppVersionRecord | null> {
  const key = `${appId}:${version}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const loading = readAppVersion(appId, version).then((record) => {
    if (!record) cache.delete(key);
    return record;
  });
  loading.catch(() => cache.delete(key));
  if (cache.size >= MAX_CACHED_VERSIONS) cache.clear();
  cache.set(key, loading);
  return loading;
}

/** One version read from the database, not the cache (findAppVersion is what the product uses). */
export async function readAppVersion(appId: string, version: number): Promise<AppVersionRecord | null> {
  const prisma = await getPrisma();
  const row = await prisma.appVersion.findUnique({ where: { appId_version: { appId, version } } });
  if (!row) return null;
  return { appId, version, publishedAt: row.publishedAt, definition: open(row.definition, row.id, await getKeyring()) };
}

/** The number of an app's latest version, or null when it was never published. */
export async function findLatestVersionNumber(appId: string): Promise<number | null> {
  const prisma = await getPrisma();
  const row = await prisma.appVersion.findFirst({ where: { appId }, orderBy: { version: "desc" }, select: { version: true } });
  return row?.version ?? null;
}

/** The app's latest version, or null when it was never published. */
export async function findLatestAppVersion(appId: string): Promise<AppVersionRecord | null> {
  const version = await findLatestVersionNumber(appId);
  return version === null ? null : findAppVersion(appId, version);
}

export async function listAppVersions(appId: string): Promise<AppVersionSummary[]> {
  const prisma = await getPrisma();
  return prisma.appVersion.findMany({
    where: { appId },
    orderBy: { version: "desc" },
    select: { version: true, publishedAt: true, publishedBy: { select: { name: true, email: true } } },
  });
}

/**
 * The start-up step that follows the SQL migration which introduced versions: every app that is published,
 * or installed somewhere, and has no version yet gets its current definition frozen as version 1 (which
 * its installations already name). Idempotent, and a no-op once every such app has a version, so it
 * needs the encryption key only when there is something to freeze.
 */
export async function freezeLegacyApps(prisma: PrismaClient, loadKeyring: () => Promise<Keyring>): Promise<number> {
  const legacy = await prisma.app.findMany({
    where: { versions: { none: {} }, OR: [{ published: true }, { installations: { some: {} } }] },
    select: { id: true, publishedAt: true },
  });
  if (legacy.length === 0) return 0;
  const keyring = await loadKeyring();
  let frozen = 0;
  for (const app of legacy) {
    try {
      await prisma.$transaction(async (tx) => {
        const definition = await readDraftDefinition(tx, app.id, keyring);
        if (!definition) return;
        await insertVersion(tx, keyring, { appId: app.id, version: 1, definition, publishedById: null, publishedAt: app.publishedAt ?? undefined });
        frozen += 1;
      });
    } catch (error) {
      // Another instance starting at the same time froze it first.
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    }
  }
  return frozen;
}

export interface StoreApp {
  id: string;
  name: string;
  description: string | null;
  logoUrl: string | null;
  publisher: string;
}

export interface StoreAppDetails extends StoreApp {
  /** The latest published version, which an installation will run. */
  version: number;
  /** The prompts an installer answers: the organization-level settings. */
  organizationSettings: Setting[];
  /** Public facts of each OAuth config; never its body templates. */
  oauthConfigs: { name: string; logoUrl: string | null; linkUrl: string }[];
  apis: { name: string; method: string }[];
  /** The whole latest definition, templates decrypted: server-side only, for what the store derives from it. */
  definition: AppDefinition;
}

/** The store reads each app's latest version, never its draft; the JSON's plain fields need no key. */
const latestVersionSelect = { orderBy: { version: "desc" }, take: 1, select: { version: true, name: true, description: true, definition: true, publishedAt: true } } as const;

/** Published apps for the store as their latest versions describe them, newest first, optionally filtered by a search text. */
export async function listPublishedApps(search?: string): Promise<StoreApp[]> {
  const prisma = await getPrisma();
  const text = search?.trim().toLowerCase();
  const apps = await prisma.app.findMany({
    where: { published: true, versions: { some: {} } },
    select: { id: true, organization: { select: { name: true } }, versions: latestVersionSelect },
  });
  return apps
    .flatMap((app) => {
      const latest = app.versions[0];
      if (!latest) return [];
      const definition = latest.definition as unknown as AppDefinition;
      return [
        {
          id: app.id,
          name: latest.name,
          description: latest.description,
          logoUrl: definition.oauthConfigs[0]?.logoUrl ?? null,
          publisher: app.organization.name,
          publishedAt: latest.publishedAt,
        },
      ];
    })
    .filter((app) => !text || app.name.toLowerCase().includes(text) || (app.description ?? "").toLowerCase().includes(text))
    .sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime())
    .map(({ publishedAt: _publishedAt, ...app }) => app);
}

/** A published app as the store shows it: its latest version. */
export async function findPublishedApp(appId: string): Promise<StoreAppDetails | null> {
  const prisma = await getPrisma();
  const app = await prisma.app.findFirst({ where: { id: appId, published: true }, select: { id: true, organization: { select: { name: true } } } });
  const latest = app && (await findLatestAppVersion(appId));
  if (!app || !latest) return null;
  const { definition } = latest;
  return {
    id: app.id,
    name: definition.name,
    description: definition.description ?? null,
    logoUrl: definition.oauthConfigs[0]?.logoUrl ?? null,
    publisher: app.organization.name,
    version: latest.version,
    organizationSettings: definition.settings.filter((setting) => setting.level === "organization"),
    oauthConfigs: definition.oauthConfigs.map((config) => ({ name: config.name, logoUrl: config.logoUrl ?? null, linkUrl: config.linkUrl })),
    apis: definition.apis.map((api) => ({ name: api.name, method: api.method })),
    definition,
  };
}
