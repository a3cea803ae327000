import { PageHeader } from "@/components/layout/app-shell";
import { OrganizationActivity } from "@/components/organizations/organization-activity";
import { OrganizationTabs } from "@/components/organizations/organization-tabs";
import { orNotFound, requirePageUser } from "@/lib/auth/page-guard";
import { activityQuerySchema } from "@/lib/schemas/organizations";
import { can } from "@/lib/services/access";
import { findOrganizationPage, listActivity } from "@/lib/services/organizations";

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
  const page = await orNotFound(findOrganizationPage(user.id, orgId));
  const raw = await searchParams;
  const parsed = activityQuerySchema.safeParse({
    category: typeof raw.category === "string" && raw.category ? raw.category : undefined,
    before: typeof raw.before === "string" && raw.before ? raw.before : undefined,
  });
  const query = parsed.success ? parsed.data : {};
  const activity = await listActivity(user.id, orgId, { ...query, limit: 50 });
  return (
    <>
      <PageHeader title={page.organization.name} description="Who did what in this organization." />
      <OrganizationTabs organizationId={orgId} active="activity" actions={page.actions} />
      <OrganizationActivity
        organizationId={orgId}
        category={query.category ?? ""}
        nextCursor={activity.nextCursor}
        seesEverything={can(page.role, "audit.viewAll")}
        events={activity.events.map((event) => ({
          id: event.id,
          type: event.type,
          createdAt: event.createdAt.toISOString(),
          actor: event.user ? event.user.name || event.user.email : null,
          detail: event.detail,
        }))}
      />
    </>
  );
}
