import { InstallationDetails } from "@/components/installations/installation-details";
import { isInstallationTab } from "@/components/installations/tab-ids";
import { orNotFound, requirePageUser } from "@/lib/auth/page-guard";
import { listMyConnections } from "@/lib/services/connections";
import { findInstallationPage } from "@/lib/services/installation-pages";
import { listTryableApis } from "@/lib/services/try-it";

export const metadata = { title: "Installation" };

type Query = { tab?: string; api?: string; user?: string; type?: string };

export default async function InstallationPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Query> }) {
  const { id } = await params;
  const query = await searchParams;
  const requested = isInstallationTab(query.tab) ? query.tab : null;
  const here = `/installations/${encodeURIComponent(id)}${requested ? `?tab=${requested}` : ""}`;
  const user = await requirePageUser(here);
  const page = await orNotFound(findInstallationPage(user.id, id));
  // Someone who cannot change the settings opens the page where they act: their connections.
  const tab = requested ?? (page.actions.includes("installation.configure") ? "settings" : "connections");
  const [connections, apis] = await Promise.all([listMyConnections(user.id, id), listTryableApis(user.id, id)]);
  return (
    <InstallationDetails
      page={page}
      connections={connections}
      apis={apis}
      initialTab={tab}
      initialApi={query.api}
      activityFilter={{ user: query.user ?? "", type: query.type ?? "" }}
    />
  );
}
