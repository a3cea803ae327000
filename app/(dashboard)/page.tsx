import { Dashboard } from "@/components/dashboard/dashboard";
import { requirePageUser } from "@/lib/auth/page-guard";
import { getProfile } from "@/lib/services/accounts";

export const metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requirePageUser("/");
  return <Dashboard profile={await getProfile(user.id)} />;
}
