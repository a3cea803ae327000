import { AppsList } from "@/components/apps/apps-list";
import { requirePageUser } from "@/lib/auth/page-guard";
import { listMyApps } from "@/lib/services/apps";
import { getOrganizationContext } from "@/lib/services/organizations";

export const dynamic = "force-dynamic";
export const metadata = { title: "Apps" };

export default async function AppsPage() {
  const user = await requirePageUser("/apps");
  const [apps, { current, actions }] = await Promise.all([listMyApps(user.id), getOrganizationContext(user.id)]);
  // The list follows the organization chosen in the top bar.
  const organizations = current && actions.includes("app.create") ? [current] : [];
  return <AppsList apps={apps.filter((app) => app.organizationId === current?.id)} organizations={organizations} />;
}
