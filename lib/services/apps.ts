import { canonicalJson, findLatestAppVersion, listAppVersions, listPublishedApps, publishDraft } from "@/lib/db/app-versions";
import { createApp, findApp, findAppOwner, listAppsOfMemberWithRole, replaceAppDefinition, type AppRecord, type AppSummary } from "@/lib/db/apps";
import { notFound, validationFailed, zodIssues } from "@/lib/errors";
import { createAppDefinitionSchema, type AppDefinition } from "@/lib/schemas/app-definition";
import { requirePermission, rolesAllowedTo, type Action } from "./access";
import { describeUrlPolicyProblem } from "./outbound";

/** Validates an app definition as the server does: the schema, the cross-field rules and the URL policy. */
export function parseAppDefinition(input: unknown): AppDefinition {
  const result = createAppDefinitionSchema({ checkUrl: describeUrlPolicyProblem }).safeParse(input);
  if (!result.success) throw validationFailed(zodIssues(result.error));
  return result.data;
}

export async function createAppInOrganization(actorId: string, organizationId: string, input: unknown): Promise<string> {
  await requirePermission(actorId, organizationId, "app.create");
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
  await requireAppPermission(actorId, appId, "app.edit");
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
  await requireAppPermission(actorId, appId, "app.edit");
  await replaceAppDefinition(appId, parseAppDefinition(input));
}

/** Freezes the draft as the next version (or answers the latest one when the draft says the same). */
export async function publishAppToStore(actorId: string, appId: string): Promise<{ version: number }> {
  await requireAppPermission(actorId, appId, "app.publish");
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
  await requireAppPermission(actorId, appId, "app.edit");
  return (await listAppVersions(appId)).map((row) => ({ ...row, publishedAt: row.publishedAt.toISOString() }));
}

/** The apps the user may edit, in every organization where their role allows it. */
export function listMyApps(userId: string): Promise<AppSummary[]> {
  return listAppsOfMemberWithRole(userId, rolesAllowedTo("app.edit"));
}

export const listStoreApps = listPublishedApps;

/** The owning organization decides; anyone outside it gets the same 404 as for an app that does not exist. */
async function requireAppPermission(actorId: string, appId: string, action: Action): Promise<void> {
  const owner = await findAppOwner(appId);
  if (!owner) throw notFound("App not found");
  await requirePermission(actorId, owner.organizationId, action, "App not found");
}
