import { AppsList } from "@/components/apps/apps-list";
import { requirePageUser } from "@/lib/auth/page-guard";
import { isAdminRole } from "@/lib/services/access";
import { getProfile } from "@/lib/services/accounts";
import { listMyApps } from "@/lib/services/apps";

export const dynamic = "force-dynamic";
export const metadata = { title: "Apps" };

export default async function AppsPage() {
  const user = await requirePageUser("/apps");
  const [apps, profile] = await Promise.all([listMyApps(user.id), getProfile(user.id)]);
  const organizations = profile.organizations.filter((organization) => isAdminRole(organization.role));
  return <AppsList apps={apps} organizations={organizations} />;
}
