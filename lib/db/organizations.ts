import { notFound } from "@/lib/errors";
import { recordAuditEvent } from "./audit";
import { getPrisma } from "./client";
import { invalidatingTransaction } from "./invalidation";

export interface OrganizationRecord {
  id: string;
  name: string;
  createdAt: Date;
}

export async function findOrganization(id: string): Promise<OrganizationRecord | null> {
  const prisma = await getPrisma();
  return prisma.organization.findUnique({ where: { id }, select: { id: true, name: true, createdAt: true } });
}

/** A new organization owned by `userId`, who is now looking at it. */
export async function createOwnedOrganization(userId: string, name: string): Promise<string> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const organization = await tx.organization.create({ data: { name }, select: { id: true } });
    await tx.membership.create({ data: { userId, organizationId: organization.id, role: "owner" } });
    await tx.user.update({ where: { id: userId }, data: { currentOrganizationId: organization.id } });
    await recordAuditEvent({ organizationId: organization.id, userId, type: "organization.created", detail: { name } }, { tx });
    return organization.id;
  });
}

export async function renameOrganization(input: { organizationId: string; name: string; actorId: string }): Promise<void> {
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    const before = await tx.organization.findUnique({ where: { id: input.organizationId }, select: { name: true } });
    if (!before) throw notFound("Organization not found");
    if (before.name === input.name) return;
    await tx.organization.update({ where: { id: input.organizationId }, data: { name: input.name } });
    await recordAuditEvent(
      { organizationId: input.organizationId, userId: input.actorId, type: "organization.renamed", detail: { from: before.name, to: input.name } },
      { tx },
    );
  });
}

/** The installations that go when an organization goes: its own, and every installation of its apps elsewhere. */
export async function listInstallationsAffectedByOrganization(organizationId: string): Promise<string[]> {
  const prisma = await getPrisma();
  const rows = await prisma.installation.findMany({
    where: { OR: [{ organizationId }, { app: { organizationId } }] },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

export async function listConnectionsOfInstallations(installationIds: string[]) {
  const prisma = await getPrisma();
  return prisma.connection.findMany({
    where: { installationId: { in: installationIds } },
    select: { id: true, installationId: true, configName: true, userId: true },
  });
}

/**
 * Deletes an organization. The schema cascades to its memberships, invitations, installations (with every
 * member's tokens), its apps (with their installations in other organizations) and its audit trail.
 */
export async function deleteOrganization(organizationId: string): Promise<void> {
  await invalidatingTransaction(async (tx, invalidate) => {
    // Its members, its installations and its apps' installations elsewhere all go with it.
    invalidate("organization", organizationId);
    const { count } = await tx.organization.deleteMany({ where: { id: organizationId } });
    if (count === 0) throw notFound("Organization not found");
  });
}

export async function findCurrentOrganizationId(userId: string): Promise<string | null> {
  const prisma = await getPrisma();
  const row = await prisma.user.findUnique({ where: { id: userId }, select: { currentOrganizationId: true } });
  return row?.currentOrganizationId ?? null;
}

export async function setCurrentOrganization(userId: string, organizationId: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.user.update({ where: { id: userId }, data: { currentOrganizationId: organizationId } });
}
