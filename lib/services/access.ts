import { findMembershipRole, type Role } from "@/lib/db/accounts";
import { forbidden, notFound } from "@/lib/errors";

export const ADMIN_ROLES: readonly Role[] = ["owner", "admin"];

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

export const isAdminRole = (role: Role | null | undefined): boolean => !!role && ADMIN_ROLES.includes(role);
