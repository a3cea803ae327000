import {
  createApp,
  findApp,
  findAppOwner,
  listAppsAdministeredBy,
  listPublishedApps,
  publishApp,
  replaceAppDefinition,
  type AppRecord,
} from "@/lib/db/apps";
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

/**
 * An app with its whole definition, for the owning organization's owners and admins only: the templates
 * may hold the developer's own client secret. Members of that organization get 403, everyone else 404.
 */
export async function getAppForEditing(actorId: string, appId: string): Promise<AppRecord> {
  await requireAppAdmin(actorId, appId);
  const app = await findApp(appId);
  if (!app) throw notFound("App not found");
  return app;
}

export async function updateAppDefinition(actorId: string, appId: string, input: unknown): Promise<void> {
  await requireAppAdmin(actorId, appId);
  await replaceAppDefinition(appId, parseAppDefinition(input));
}

export async function publishAppToStore(actorId: string, appId: string): Promise<void> {
  await requireAppAdmin(actorId, appId);
  await publishApp(appId);
}

export const listMyApps = listAppsAdministeredBy;
export const listStoreApps = listPublishedApps;

async function requireAppAdmin(actorId: string, appId: string): Promise<void> {
  const owner = await findAppOwner(appId);
  if (!owner) throw notFound("App not found");
  await requireOrganizationRole(actorId, owner.organizationId, ADMIN_ROLES, "App not found");
}
