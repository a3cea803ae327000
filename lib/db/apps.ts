import { randomUUID } from "node:crypto";
import type { Keyring } from "@/lib/crypto";
import { getKeyring } from "@/lib/keys";
import { OAUTH_CONFIG_DEFAULTS, type ApiDefinition, type AppDefinition, type OAuthConfigDefinition, type Setting } from "@/lib/schemas/app-definition";
import type { Role } from "./accounts";
import { getPrisma } from "./client";
import { invalidatingTransaction } from "./invalidation";
import { Prisma } from "./generated/client";

/**
 * Apps and their definitions. The two OAuth body templates may hold the developer's own client secret,
 * so they are stored encrypted, each bound to its config row and field; they are decrypted only here and
 * leave this module only inside a full definition, which the services show to the owning admins alone.
 */

export interface AppSummary {
  id: string;
  organizationId: string;
  organizationName: string;
  name: string;
  description: string | null;
  published: boolean;
  updatedAt: Date;
}

export interface AppRecord {
  id: string;
  organizationId: string;
  published: boolean;
  definition: AppDefinition;
}

export const bodyAad = (configId: string, field: "requestBody" | "refreshTokenBody" | "revokeBody") => `oauth_config:${configId}:${field}`;

export async function createApp(organizationId: string, definition: AppDefinition): Promise<string> {
  const prisma = await getPrisma();
  const keyring = await getKeyring();
  return prisma.$transaction(async (tx) => {
    const app = await tx.app.create({
      data: { organizationId, name: definition.name, description: definition.description ?? null },
      select: { id: true },
    });
    await writeParts(tx, keyring, app.id, definition);
    return app.id;
  });
}

/** Replaces an app's definition. Parts are matched by key or name, so their rows (and ids) survive edits. */
export async function replaceAppDefinition(appId: string, definition: AppDefinition): Promise<void> {
  const keyring = await getKeyring();
  await invalidatingTransaction(async (tx, invalidate) => {
    invalidate("app", appId);
    await tx.app.update({
      where: { id: appId },
      data: { name: definition.name, description: definition.description ?? null, definitionVersion: { increment: 1 } },
    });
    await tx.appSetting.deleteMany({ where: { appId, key: { notIn: definition.settings.map((s) => s.key) } } });
    await tx.oAuthConfig.deleteMany({ where: { appId, name: { notIn: definition.oauthConfigs.map((c) => c.name) } } });
    await tx.api.deleteMany({ where: { appId, name: { notIn: definition.apis.map((a) => a.name) } } });
    await writeParts(tx, keyring, appId, definition);
  });
}

/**
 * The row ↔ definition mapping, driven by one list per part: a field named here is a column of the same
 * name (or the column given), copied as is, with null in the row for "not set". Adding a definition field
 * means adding it to the schema, to its migration column, and here.
 */
const SETTING_COLUMNS = ["label", "level", "secret", "required"] as const satisfies readonly (keyof Setting)[];
const CONFIG_COLUMNS = [
  "linkUrl",
  "authCodePath",
  "accessTokenPath",
  "refreshTokenPath",
  "expiresInPath",
  "accessTokenVariable",
  "refreshTokenVariable",
  "tokenUrl",
  "requestFormat",
  "clientAuthentication",
  "refreshTokenUrl",
  "pkce",
  "logoUrl",
  "revokeUrl",
  "issuer",
  "requireIss",
  "scopePath",
] as const satisfies readonly (keyof OAuthConfigDefinition)[];
/** The body templates, stored encrypted in these columns. */
export const ENCRYPTED_CONFIG_FIELDS = {
  requestBody: "requestBodyCiphertext",
  refreshTokenBody: "refreshBodyCiphertext",
  revokeBody: "revokeBodyCiphertext",
} as const satisfies Partial<Record<keyof OAuthConfigDefinition, string>>;
const API_COLUMNS = {
  method: "method",
  url: "url",
  headers: "headers",
  body: "body",
  oauthConfig: "oauthConfigName",
  expiredStatuses: "expiredStatuses",
  expiredBodyPath: "expiredBodyPath",
  expiredBodyValue: "expiredBodyValue",
} as const satisfies Partial<
  Record<keyof ApiDefinition, string>
>;

const JSON_API_COLUMNS = new Set<string>(["expiredStatuses"]);

type Row = Record<string, unknown>;
type Db = Prisma.TransactionClient;

function toColumns(part: Row, fields: readonly string[], defaults: Row = {}): Row {
  return Object.fromEntries(fields.map((field) => [field, part[field] ?? defaults[field] ?? null]));
}

function fromColumns(row: Row, fields: readonly string[]): Row {
  return Object.fromEntries(fields.flatMap((field) => (row[field] == null ? [] : [[field, row[field]]])));
}

async function writeParts(tx: Db, keyring: Keyring, appId: string, definition: AppDefinition) {
  for (const [position, setting] of definition.settings.entries()) {
    const data = { position, ...toColumns(setting, SETTING_COLUMNS) } as Prisma.AppSettingUncheckedUpdateInput;
    await tx.appSetting.upsert({
      where: { appId_key: { appId, key: setting.key } },
      create: { appId, key: setting.key, ...data } as Prisma.AppSettingUncheckedCreateInput,
      update: data,
    });
  }
  for (const [position, config] of definition.oauthConfigs.entries()) {
    const existing = await tx.oAuthConfig.findUnique({ where: { appId_name: { appId, name: config.name } }, select: { id: true } });
    const id = existing?.id ?? randomUUID();
    const encrypted = Object.fromEntries(
      Object.entries(ENCRYPTED_CONFIG_FIELDS).map(([field, column]) => {
        const value = config[field as keyof typeof ENCRYPTED_CONFIG_FIELDS];
        return [column, value ? keyring.encrypt(value, bodyAad(id, field as keyof typeof ENCRYPTED_CONFIG_FIELDS)) : null];
      }),
    );
    const data = { position, ...toColumns(config, CONFIG_COLUMNS, OAUTH_CONFIG_DEFAULTS), ...encrypted } as Prisma.OAuthConfigUncheckedUpdateInput;
    if (existing) await tx.oAuthConfig.update({ where: { id }, data });
    else await tx.oAuthConfig.create({ data: { id, appId, name: config.name, ...data } as Prisma.OAuthConfigUncheckedCreateInput });
  }
  for (const [position, api] of definition.apis.entries()) {
    const data = {
      position,
      ...Object.fromEntries(
        Object.entries(API_COLUMNS).map(([field, column]) => {
          const value = api[field as keyof ApiDefinition] ?? null;
          // A JSON column says "not set" with the database's NULL, which Prisma spells DbNull.
          return [column, value === null && JSON_API_COLUMNS.has(column) ? Prisma.DbNull : value];
        }),
      ),
    } as Prisma.ApiUncheckedUpdateInput;
    await tx.api.upsert({
      where: { appId_name: { appId, name: api.name } },
      create: { appId, name: api.name, ...data } as Prisma.ApiUncheckedCreateInput,
      update: data,
    });
  }
}

const fullInclude = {
  settings: { orderBy: { position: "asc" } },
  oauthConfigs: { orderBy: { position: "asc" } },
  apis: { orderBy: { position: "asc" } },
} as const;

type FullApp = Prisma.AppGetPayload<{ include: typeof fullInclude }>;

/** An app with its whole draft definition, body templates decrypted. */
export async function findApp(appId: string): Promise<AppRecord | null> {
  const app = await readDraft(await getPrisma(), appId);
  if (!app) return null;
  return { id: app.id, organizationId: app.organizationId, published: app.published, definition: toDefinition(app, await getKeyring()) };
}

async function readDraft(db: Db, appId: string): Promise<FullApp | null> {
  return db.app.findUnique({ where: { id: appId }, include: fullInclude });
}

/** The draft definition read through any database handle, for the start-up step that freezes legacy apps. */
export async function readDraftDefinition(db: Db, appId: string, keyring: Keyring): Promise<AppDefinition | null> {
  const app = await readDraft(db, appId);
  return app && toDefinition(app, keyring);
}

/** The owning organization of an app, for permission checks before anything is decrypted. */
export async function findAppOwner(appId: string): Promise<{ organizationId: string; published: boolean } | null> {
  const prisma = await getPrisma();
  return prisma.app.findUnique({ where: { id: appId }, select: { organizationId: true, published: true } });
}

function toDefinition(app: FullApp, keyring: Keyring): AppDefinition {
  return {
    schemaVersion: 1,
    name: app.name,
    description: app.description ?? undefined,
    settings: app.settings.map((row) => ({ key: row.key, ...fromColumns(row, SETTING_COLUMNS) }) as Setting),
    oauthConfigs: app.oauthConfigs.map((row) => {
      const decrypted = Object.entries(ENCRYPTED_CONFIG_FIELDS).flatMap(([field, column]) => {
        const envelope = (row as Row)[column] as string | null;
        return envelope ? [[field, keyring.decrypt(envelope, bodyAad(row.id, field as keyof typeof ENCRYPTED_CONFIG_FIELDS))]] : [];
      });
      return { name: row.name, ...fromColumns(row, CONFIG_COLUMNS), ...Object.fromEntries(decrypted) } as OAuthConfigDefinition;
    }),
    apis: app.apis.map((row) => {
      const api = Object.fromEntries(
        Object.entries(API_COLUMNS).flatMap(([field, column]) => ((row as Row)[column] == null ? [] : [[field, (row as Row)[column]]])),
      );
      // The contract spells an API without a body as `body: null`.
      return { name: row.name, body: null, ...api } as ApiDefinition;
    }),
  };
}

/** The apps of the organizations where the user holds one of `roles` (the caller says which, from the permission table). */
export async function listAppsOfMemberWithRole(userId: string, roles: readonly Role[]): Promise<AppSummary[]> {
  const prisma = await getPrisma();
  const apps = await prisma.app.findMany({
    where: { organization: { memberships: { some: { userId, role: { in: [...roles] } } } } },
    include: { organization: { select: { name: true } } },
    orderBy: { updatedAt: "desc" },
  });
  return apps.map((app) => ({
    id: app.id,
    organizationId: app.organizationId,
    organizationName: app.organization.name,
    name: app.name,
    description: app.description,
    published: app.published,
    updatedAt: app.updatedAt,
  }));
}

