import { Dashboard } from "@/components/dashboard/dashboard";
import { requirePageUser } from "@/lib/auth/page-guard";
import { findDashboardPage } from "@/lib/services/accounts";

export const metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requirePageUser("/");
  return <Dashboard {...await findDashboardPage(user.id)} />;
}
