import { findMembershipRole, type Role } from "@/lib/db/accounts";
import { forbidden, notFound } from "@/lib/errors";

/**
 * Who may do what in an organization: one table of actions × roles. Services enforce it with
 * `requirePermission`; pages pass `allowedActions(role)` to their client components, which hide what the
 * role cannot do. Client code imports only the types from here.
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
  "member.remove": ["owner", "admin"],
  "member.changeRole": ["owner", "admin"],
  "organization.rename": ["owner"],
  "organization.delete": ["owner"],
  "audit.viewAll": ["owner", "admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export const ADMIN_ROLES: readonly Role[] = ["owner", "admin"];

export function can(role: Role | null | undefined, action: Action): boolean {
  return !!role && (PERMISSIONS[action] as readonly Role[]).includes(role);
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
 * Checks that the user belongs to the organization with one of `roles`. A non-member gets a 404 (the
 * organization's resources do not exist for them); a member without the role gets a 403.
 */
export async function requireOrganizationRole(
  userId: string,
  organizationId: string,
  roles?: readonly Role[],
  what = "Organization not found",
): Promise<Role> {
  const role = await findMembershipRole(userId, organizationId);
  if (!role) throw notFound(what);
  if (roles && !roles.includes(role)) throw forbidden();
  return role;
}

/** The same check by action: 404 for a non-member, 403 for a member whose role may not take it. */
export async function requirePermission(
  userId: string,
  organizationId: string,
  action: Action,
  what = "Organization not found",
): Promise<Role> {
  return requireOrganizationRole(userId, organizationId, PERMISSIONS[action], what);
}

export const isAdminRole = (role: Role | null | undefined): boolean => !!role && ADMIN_ROLES.includes(role);
