import { PageHeader } from "@/components/layout/app-shell";
import { MembersPanel } from "@/components/organizations/members-panel";
import { OrganizationTabs } from "@/components/organizations/organization-tabs";
import { orNotFound, requirePageUser } from "@/lib/auth/page-guard";
import { assignableRoles, can } from "@/lib/services/access";
import { listInvitations } from "@/lib/services/invitations";
import { listOrganizationMembers } from "@/lib/services/members";
import { findOrganizationPage } from "@/lib/services/organizations";

export const dynamic = "force-dynamic";
export const metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const user = await requirePageUser(`/organizations/${encodeURIComponent(orgId)}/members`);
  const page = await orNotFound(findOrganizationPage(user.id, orgId));
  const [members, invitations] = await Promise.all([
    listOrganizationMembers(user.id, orgId),
    can(page.role, "member.invite") ? listInvitations(user.id, orgId) : Promise.resolve([]),
  ]);
  return (
    <>
      <PageHeader title={page.organization.name} description={`Your role here: ${page.role}`} />
      <OrganizationTabs organizationId={orgId} active="members" actions={page.actions} />
      <MembersPanel
        organization={page.organization}
        viewerId={user.id}
        members={members.map(({ userId, email, name, role }) => ({ userId, email, name, role }))}
        invitations={invitations.map((invitation) => ({
          id: invitation.id,
          email: invitation.email,
          role: invitation.role,
          expiresAt: invitation.expiresAt.toISOString(),
          invitedBy: invitation.invitedBy ? invitation.invitedBy.name || invitation.invitedBy.email : null,
        }))}
        actions={page.actions}
        assignableRoles={assignableRoles(page.role)}
      />
    </>
  );
}
