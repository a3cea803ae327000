import { findMembershipRole, type Role } from "@/lib/db/accounts";
import { forbidden, notFound } from "@/lib/errors";

/**
 * Who may do what in an organization: one table of actions × roles, and the only place a role is
 * compared with anything. Services enforce it with `requirePermission` (or `can` on a role they already
 * hold); pages pass `allowedActions(role)` to their client components, which hide what the role cannot
 * do. Client code imports only the types from here.
 */
export const PERMISSIONS = {
  "app.create": ["owner", "admin"],
  "app.edit": ["owner", "admin"],
  "app.publish": ["owner", "admin"],
  "installation.install": ["owner", "admin"],
  "installation.configure": ["owner", "admin"],
  "installation.upgrade": ["owner", "admin"],
  "installation.uninstall": ["owner", "admin"],
  "connection.use": ["owner", "admin", "member"],
  "member.list": ["owner", "admin", "member"],
  "member.invite": ["owner", "admin"],
  "member.add": ["owner", "admin"],
  "member.remove": ["owner", "admin"],
  "member.changeRole": ["owner", "admin"],
  "organization.rename": ["owner"],
  "organization.delete": ["owner"],
  "audit.viewAll": ["owner", "admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, action: Action): boolean {
  return !!role && (PERMISSIONS[action] as readonly Role[]).includes(role);
}

/** The roles that may take an action, for a query that must filter by it in the database. */
export function rolesAllowedTo(action: Action): readonly Role[] {
  return PERMISSIONS[action];
}

/** The actions a role may take, for the UI to show only those. */
export function allowedActions(role: Role | null | undefined): Action[] {
  return (Object.keys(PERMISSIONS) as Action[]).filter((action) => can(role, action));
}

/** The roles an actor may give, or take away from, another member: an admin moves people between member and admin only. */
export function assignableRoles(actorRole: Role): Role[] {
  if (actorRole === "owner") return ["owner", "admin", "member"];
  if (actorRole === "admin") return ["admin", "member"];
  return [];
}

/**
 * Checks that the user belongs to the organization and answers their role. A non-member gets a 404: the
 * organization's resources do not exist for them.
 */
export async function requireMembership(userId: string, organizationId: string, what = "Organization not found"): Promise<Role> {
  const role = await findMembershipRole(userId, organizationId);
  if (!role) throw notFound(what);
  return role;
}

/** Checks that the user may take an action in the organization: 404 for a non-member, 403 for a member whose role may not. */
export async function requirePermission(
  userId: string,
  organizationId: string,
  action: Action,
  what = "Organization not found",
): Promise<Role> {
  const role = await requireMembership(userId, organizationId, what);
  if (!can(role, action)) throw forbidden();
  return role;
}
