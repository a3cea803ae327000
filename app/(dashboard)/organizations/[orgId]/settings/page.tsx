import { PageHeader } from "@/components/layout/app-shell";
import { OrganizationSettings } from "@/components/organizations/organization-settings";
import { OrganizationTabs } from "@/components/organizations/organization-tabs";
import { EmptyState } from "@/components/ui/empty-state";
import { orNotFound, requirePageUser } from "@/lib/auth/page-guard";
import { can } from "@/lib/services/access";
import { findOrganizationPage } from "@/lib/services/organizations";

export const dynamic = "force-dynamic";
export const metadata = { title: "Organization settings" };

export default async function OrganizationSettingsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const user = await requirePageUser(`/organizations/${encodeURIComponent(orgId)}/settings`);
  const page = await orNotFound(findOrganizationPage(user.id, orgId));
  return (
    <>
      <PageHeader title={page.organization.name} description={`Your role here: ${page.role}`} />
      <OrganizationTabs organizationId={orgId} active="settings" actions={page.actions} />
      {can(page.role, "organization.rename") ? (
        <OrganizationSettings organization={page.organization} actions={page.actions} />
      ) : (
        <EmptyState title="Only owners change these settings" description="Ask an owner of this organization to rename or delete it." />
      )}
    </>
  );
}
