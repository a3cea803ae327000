import { PageHeader } from "@/components/layout/app-shell";
import { OrganizationActivity } from "@/components/organizations/organization-activity";
import { OrganizationTabs } from "@/components/organizations/organization-tabs";
import { orNotFound, requirePageUser } from "@/lib/auth/page-guard";
import { findActivityPage } from "@/lib/services/organizations";

export const dynamic = "force-dynamic";
export const metadata = { title: "Activity" };

export default async function ActivityPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgId } = await params;
  const user = await requirePageUser(`/organizations/${encodeURIComponent(orgId)}/activity`);
  const page = await orNotFound(findActivityPage(user.id, orgId, await searchParams));
  return (
    <>
      <PageHeader title={page.organization.name} description="Who did what in this organization." />
      <OrganizationTabs organizationId={orgId} active="activity" actions={page.actions} />
      <OrganizationActivity
        organizationId={orgId}
        category={page.category}
        nextCursor={page.nextCursor}
        seesEverything={page.seesEverything}
        events={page.events}
      />
    </>
  );
}
