import { notFound } from "next/navigation";
import { InstallationDetails } from "@/components/installations/installation-details";
import { isInstallationTab } from "@/components/installations/tab-ids";
import { requirePageUser } from "@/lib/auth/page-guard";
import { findInstallationPage } from "@/lib/services/installations";

export const metadata = { title: "Installation" };

export default async function InstallationPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ tab?: string }>;
}) {
  const { id } = await params;
  const user = await requirePageUser(`/installations/${encodeURIComponent(id)}`);
  const page = await findInstallationPage(user.id, id);
  if (!page) notFound();
  const { tab } = await searchParams;
  return <InstallationDetails page={page} initialTab={isInstallationTab(tab) ? tab : "settings"} />;
}
