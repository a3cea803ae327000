import { randomUUID } from "node:crypto";
import type { Keyring } from "@/lib/crypto";
import { getKeyring } from "@/lib/keys";
import type { ApiDefinition, AppDefinition, OAuthConfigDefinition, Setting } from "@/lib/schemas/app-definition";
import { getPrisma } from "./client";
import { invalidatingTransaction } from "./invalidation";
import type { Prisma } from "./generated/client";

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

export const bodyAad = (configId: string, field: "requestBody" | "refreshTokenBody") => `oauth_config:${configId}:${field}`;

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

async function writeParts(tx: Prisma.TransactionClient, keyring: Keyring, appId: string, definition: AppDefinition) {
  for (const [position, setting] of definition.settings.entries()) {
    const data = { position, label: setting.label, level: setting.level, secret: setting.secret, required: setting.required };
    await tx.appSetting.upsert({
      where: { appId_key: { appId, key: setting.key } },
      create: { appId, key: setting.key, ...data },
      update: data,
    });
  }
  for (const [position, config] of definition.oauthConfigs.entries()) {
    const existing = await tx.oAuthConfig.findUnique({ where: { appId_name: { appId, name: config.name } }, select: { id: true } });
    const id = existing?.id ?? randomUUID();
    const data = {
      position,
      linkUrl: config.linkUrl,
      authCodePath: config.authCodePath,
      accessTokenPath: config.accessTokenPath,
      refreshTokenPath: config.refreshTokenPath,
      expiresInPath: config.expiresInPath ?? null,
      accessTokenVariable: config.accessTokenVariable,
      refreshTokenVariable: config.refreshTokenVariable,
      tokenUrl: config.tokenUrl,
      requestBodyCiphertext: keyring.encrypt(config.requestBody, bodyAad(id, "requestBody")),
      requestFormat: config.requestFormat ?? "form",
      clientAuthentication: config.clientAuthentication ?? "body",
      refreshTokenUrl: config.refreshTokenUrl ?? null,
      refreshBodyCiphertext: config.refreshTokenBody ? keyring.encrypt(config.refreshTokenBody, bodyAad(id, "refreshTokenBody")) : null,
      pkce: config.pkce ?? false,
      logoUrl: config.logoUrl ?? null,
    };
    if (existing) await tx.oAuthConfig.update({ where: { id }, data });
    else await tx.oAuthConfig.create({ data: { id, appId, name: config.name, ...data } });
  }
  for (const [position, api] of definition.apis.entries()) {
    const data = {
      position,
      method: api.method,
      url: api.url,
      headers: api.headers,
      body: api.body ?? null,
      oauthConfigName: api.oauthConfig ?? null,
    };
    await tx.api.upsert({ where: { appId_name: { appId, name: api.name } }, create: { appId, name: api.name, ...data }, update: data });
  }
}

const fullInclude = {
  settings: { orderBy: { position: "asc" } },
  oauthConfigs: { orderBy: { position: "asc" } },
  apis: { orderBy: { position: "asc" } },
} as const;

type FullApp = Prisma.AppGetPayload<{ include: typeof fullInclude }>;

/** An app with its whole definition, body templates decrypted. */
export async function findApp(appId: string): Promise<AppRecord | null> {
  const prisma = await getPrisma();
  const app = await prisma.app.findUnique({ where: { id: appId }, include: fullInclude });
  if (!app) return null;
  return { id: app.id, organizationId: app.organizationId, published: app.published, definition: toDefinition(app, await getKeyring()) };
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
    settings: app.settings.map(
      (row): Setting => ({ key: row.key, label: row.label, level: row.level, secret: row.secret, required: row.required }),
    ),
    oauthConfigs: app.oauthConfigs.map(
      (row): OAuthConfigDefinition => ({
        name: row.name,
        linkUrl: row.linkUrl,
        authCodePath: row.authCodePath,
        accessTokenPath: row.accessTokenPath,
        refreshTokenPath: row.refreshTokenPath,
        expiresInPath: row.expiresInPath ?? undefined,
        accessTokenVariable: row.accessTokenVariable,
        refreshTokenVariable: row.refreshTokenVariable,
        tokenUrl: row.tokenUrl,
        requestBody: keyring.decrypt(row.requestBodyCiphertext, bodyAad(row.id, "requestBody")),
        requestFormat: row.requestFormat as OAuthConfigDefinition["requestFormat"],
        clientAuthentication: row.clientAuthentication as OAuthConfigDefinition["clientAuthentication"],
        refreshTokenUrl: row.refreshTokenUrl ?? undefined,
        refreshTokenBody: row.refreshBodyCiphertext
          ? keyring.decrypt(row.refreshBodyCiphertext, bodyAad(row.id, "refreshTokenBody"))
          : undefined,
        pkce: row.pkce,
        logoUrl: row.logoUrl ?? undefined,
      }),
    ),
    apis: app.apis.map(
      (row): ApiDefinition => ({
        name: row.name,
        method: row.method as ApiDefinition["method"],
        url: row.url,
        headers: row.headers as Record<string, string>,
        body: row.body,
        oauthConfig: row.oauthConfigName ?? undefined,
      }),
    ),
  };
}

export async function publishApp(appId: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.app.update({ where: { id: appId }, data: { published: true, publishedAt: new Date() } });
}

/** The apps of the organizations where the user is an owner or admin. */
export async function listAppsAdministeredBy(userId: string): Promise<AppSummary[]> {
  const prisma = await getPrisma();
  const apps = await prisma.app.findMany({
    where: { organization: { memberships: { some: { userId, role: { in: ["owner", "admin"] } } } } },
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

export interface StoreApp {
  id: string;
  name: string;
  description: string | null;
  logoUrl: string | null;
  publisher: string;
}

export interface StoreAppDetails extends StoreApp {
  /** The prompts an installer answers: the organization-level settings. */
  organizationSettings: Setting[];
  /** Public facts of each OAuth config; never its body templates. */
  oauthConfigs: { name: string; logoUrl: string | null; linkUrl: string }[];
  apis: { name: string; method: string }[];
}

/** Published apps for the store, newest first, optionally filtered by a search text. */
export async function listPublishedApps(search?: string): Promise<StoreApp[]> {
  const prisma = await getPrisma();
  const text = search?.trim();
  const apps = await prisma.app.findMany({
    where: {
      published: true,
      ...(text
        ? { OR: [{ name: { contains: text, mode: "insensitive" } }, { description: { contains: text, mode: "insensitive" } }] }
        : {}),
    },
    select: {
      id: true,
      name: true,
      description: true,
      organization: { select: { name: true } },
      oauthConfigs: { select: { logoUrl: true }, orderBy: { position: "asc" }, take: 1 },
    },
    orderBy: { publishedAt: "desc" },
  });
  return apps.map((app) => ({
    id: app.id,
    name: app.name,
    description: app.description,
    logoUrl: app.oauthConfigs[0]?.logoUrl ?? null,
    publisher: app.organization.name,
  }));
}

/** A published app as the store shows it. */
export async function findPublishedApp(appId: string): Promise<StoreAppDetails | null> {
  const prisma = await getPrisma();
  const app = await prisma.app.findFirst({
    where: { id: appId, published: true },
    select: {
      id: true,
      name: true,
      description: true,
      organization: { select: { name: true } },
      settings: { orderBy: { position: "asc" } },
      oauthConfigs: { select: { name: true, logoUrl: true, linkUrl: true }, orderBy: { position: "asc" } },
      apis: { select: { name: true, method: true }, orderBy: { position: "asc" } },
    },
  });
  if (!app) return null;
  return {
    id: app.id,
    name: app.name,
    description: app.description,
    logoUrl: app.oauthConfigs[0]?.logoUrl ?? null,
    publisher: app.organization.name,
    organizationSettings: app.settings
      .filter((setting) => setting.level === "organization")
      .map((row) => ({ key: row.key, label: row.label, level: row.level, secret: row.secret, required: row.required })),
    oauthConfigs: app.oauthConfigs,
    apis: app.apis,
  };
}
