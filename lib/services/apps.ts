import { canonicalJson, findLatestAppVersion, listAppVersions, listPublishedApps, publishDraft } from "@/lib/db/app-versions";
import { createApp, findApp, findAppOwner, listAppsAdministeredBy, replaceAppDefinition, type AppRecord } from "@/lib/db/apps";
import { notFound, validationFailed, zodIssues } from "@/lib/errors";
import { createAppDefinitionSchema, type AppDefinition } from "@/lib/schemas/app-definition";
import { ADMIN_ROLES, requireOrganizationRole } from "./access";
import { describeUrlPolicyProblem } from "./outbound";

/** Validates an app definition as the server does: the schema, the cross-field rules and the URL policy. */
export function parseAppDefinition(input: unknown): AppDefinition {
  const result = createAppDefinitionSchema({ checkUrl: describeUrlPolicyProblem }).safeParse(input);
  if (!result.success) throw validationFailed(zodIssues(result.error));
  return result.data;
}

export async function createAppInOrganization(actorId: string, organizationId: string, input: unknown): Promise<string> {
  await requireOrganizationRole(actorId, organizationId, ADMIN_ROLES);
  return createApp(organizationId, parseAppDefinition(input));
}

export interface EditableApp extends AppRecord {
  /** The latest published version, or null before the first publish. */
  version: number | null;
  /** Whether the draft says something the latest version does not (always true before the first publish). */
  draftChanged: boolean;
}

/**
 * An app with its whole draft definition, for the owning organization's owners and admins only: the
 * templates may hold the developer's own client secret. Members of that organization get 403, everyone
 * else 404.
 */
export async function getAppForEditing(actorId: string, appId: string): Promise<EditableApp> {
  await requireAppAdmin(actorId, appId);
  const [app, latest] = await Promise.all([findApp(appId), findLatestAppVersion(appId)]);
  if (!app) throw notFound("App not found");
  return {
    ...app,
    version: latest?.version ?? null,
    draftChanged: !latest || canonicalJson(latest.definition) !== canonicalJson(app.definition),
  };
}

/** Edits the draft. Installations run published versions, so nothing they do changes until a publish and their upgrade. */
export async function updateAppDefinition(actorId: string, appId: string, input: unknown): Promise<void> {
  await requireAppAdmin(actorId, appId);
  await replaceAppDefinition(appId, parseAppDefinition(input));
}

/** Freezes the draft as the next version (or answers the latest one when the draft says the same). */
export async function publishAppToStore(actorId: string, appId: string): Promise<{ version: number }> {
  await requireAppAdmin(actorId, appId);
  const { version } = await publishDraft(appId, actorId);
  return { version };
}

/** One entry of `GET /api/v1/apps/{appId}/versions`. */
export interface AppVersionEntry {
  version: number;
  publishedAt: string;
  /** Who published it, or null when unknown (frozen at migration, or the account was deleted). */
  publishedBy: { name: string | null; email: string } | null;
}

/** The app's versions, newest first, with who published each, for the owning organization's owners and admins. */
export async function listVersionsOfApp(actorId: string, appId: string): Promise<AppVersionEntry[]> {
  await requireAppAdmin(actorId, appId);
  return (await listAppVersions(appId)).map((row) => ({ ...row, publishedAt: row.publishedAt.toISOString() }));
}

export const listMyApps = listAppsAdministeredBy;
export const listStoreApps = listPublishedApps;

async function requireAppAdmin(actorId: string, appId: string): Promise<void> {
  const owner = await findAppOwner(appId);
  if (!owner) throw notFound("App not found");
  await requireOrganizationRole(actorId, owner.organizationId, ADMIN_ROLES, "App not found");
}
