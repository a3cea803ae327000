import { listMemberships, type OrganizationMembership, type Role } from "@/lib/db/accounts";
import { pageAuditEvents, type AuditEventPage } from "@/lib/db/audit";
import {
  createOwnedOrganization,
  deleteOrganization as deleteOrganizationRecord,
  findCurrentOrganizationId,
  findOrganization,
  listConnectionsOfInstallations,
  listInstallationsAffectedByOrganization,
  renameOrganization as renameOrganizationRecord,
  setCurrentOrganization,
} from "@/lib/db/organizations";
import { notFound, validationFailed } from "@/lib/errors";
import { activityQuerySchema, type ActivityQuery } from "@/lib/schemas/organizations";
import { allowedActions, can, requireMembership, requirePermission, type Action } from "./access";
import { revokeConnectionsAtProvider } from "./revocation";

/** A new organization; the caller owns it and now looks at it. */
export async function createOrganization(userId: string, name: string): Promise<{ id: string }> {
  return { id: await createOwnedOrganization(userId, name) };
}

export async function renameOrganization(actorId: string, organizationId: string, name: string): Promise<{ id: string; name: string }> {
  await requirePermission(actorId, organizationId, "organization.rename");
  await renameOrganizationRecord({ organizationId, name, actorId });
  return { id: organizationId, name };
}

/**
 * Deletes an organization (owner only, with its name typed again): its installations go with every
 * member's tokens, and its apps leave the store, taking their installations elsewhere with them.
 */
export async function deleteOrganization(actorId: string, organizationId: string, confirm: string): Promise<void> {
  await requirePermission(actorId, organizationId, "organization.delete");
  const organization = await findOrganization(organizationId);
  if (!organization) throw notFound("Organization not found");
  if (confirm.trim() !== organization.name) {
    throw validationFailed([{ path: "confirm", message: `Type the organization's name, ${organization.name}, to confirm` }]);
  }
  const installationIds = await listInstallationsAffectedByOrganization(organizationId);
  await revokeConnectionsAtProvider(await listConnectionsOfInstallations(installationIds), { actorId, cause: "organization_deleted" });
  await deleteOrganizationRecord(organizationId);
}

export interface OrganizationContext {
  organizations: OrganizationMembership[];
  /** The organization the pages show, or null for a user who belongs to none. */
  current: OrganizationMembership | null;
  /** What the user may do in the current organization. */
  actions: Action[];
}

/** The user's organizations and the one they are looking at (their choice, else the first they joined). */
export async function getOrganizationContext(userId: string): Promise<OrganizationContext> {
  const [organizations, currentId] = await Promise.all([listMemberships(userId), findCurrentOrganizationId(userId)]);
  const current = organizations.find((organization) => organization.id === currentId) ?? organizations[0] ?? null;
  return { organizations, current, actions: allowedActions(current?.role) };
}

/** Makes an organization the one the pages show; a non-member gets a 404. */
export async function selectOrganization(userId: string, organizationId: string): Promise<{ id: string }> {
  await requireMembership(userId, organizationId);
  await setCurrentOrganization(userId, organizationId);
  return { id: organizationId };
}

export interface OrganizationPage {
  organization: { id: string; name: string };
  role: Role;
  actions: Action[];
}

/** An organization as its pages show it to one member; null for anyone else. */
export async function findOrganizationPage(userId: string, organizationId: string): Promise<OrganizationPage | null> {
  const membership = (await listMemberships(userId)).find((organization) => organization.id === organizationId);
  if (!membership) return null;
  return { organization: { id: membership.id, name: membership.name }, role: membership.role, actions: allowedActions(membership.role) };
}

const CATEGORY_PREFIX: Record<NonNullable<ActivityQuery["category"]>, string> = {
  member: "member.",
  invitation: "invitation.",
  installation: "installation.",
  connection: "connection.",
  app: "app.",
  organization: "organization.",
};

/**
 * The organization's audit log, newest first, one page at a time. Owners and admins see everything;
 * a member sees only their own connection events.
 */
export async function listActivity(actorId: string, organizationId: string, query: ActivityQuery): Promise<AuditEventPage> {
  const role = await requirePermission(actorId, organizationId, "member.list");
  const filter = {
    organizationId,
    installationId: query.installationId,
    type: query.type,
    typePrefix: query.category ? CATEGORY_PREFIX[query.category] : undefined,
    userId: query.userId,
    before: query.before,
    limit: query.limit ?? 50,
  };
  if (can(role, "audit.viewAll")) return pageAuditEvents(filter);
  if (query.userId && query.userId !== actorId) return { events: [], nextCursor: null };
  if (query.type && !query.type.startsWith("connection.")) return { events: [], nextCursor: null };
  if (query.category && query.category !== "connection") return { events: [], nextCursor: null };
  return pageAuditEvents({ ...filter, userId: actorId, typePrefix: "connection." });
}

/** One line of the Activity page: dates as strings and the actor as a name, ready for the page to print. */
export interface ActivityEvent {
  id: string;
  type: string;
  createdAt: string;
  actor: string | null;
  detail: Record<string, unknown>;
}

export interface ActivityPage extends OrganizationPage {
  /** The category the page is filtered by, `""` for all. */
  category: string;
  seesEverything: boolean;
  events: ActivityEvent[];
  nextCursor: string | null;
}

/**
 * The Activity page of an organization for one member, from its URL's query (a bad query shows the first
 * page unfiltered); null for anyone else. It reads through `listActivity`, so a member sees exactly what the
 * API shows them: their own connection events.
 */
export async function findActivityPage(
  userId: string,
  organizationId: string,
  searchParams: Record<string, string | string[] | undefined>,
): Promise<ActivityPage | null> {
  const page = await findOrganizationPage(userId, organizationId);
  if (!page) return null;
  const text = (value: string | string[] | undefined) => (typeof value === "string" && value ? value : undefined);
  const parsed = activityQuerySchema.safeParse({ category: text(searchParams.category), before: text(searchParams.before) });
  const query = parsed.success ? parsed.data : {};
  const activity = await listActivity(userId, organizationId, { ...query, limit: 50 });
  return {
    ...page,
    category: query.category ?? "",
    seesEverything: page.actions.includes("audit.viewAll"),
    nextCursor: activity.nextCursor,
    events: activity.events.map((event) => ({
      id: event.id,
      type: event.type,
      createdAt: event.createdAt.toISOString(),
      actor: event.user ? event.user.name || event.user.email : null,
      detail: event.detail,
    })),
  };
}
