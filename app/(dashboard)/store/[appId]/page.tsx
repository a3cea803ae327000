import { StoreAppDetails } from "@/components/store/store-app-details";
import { orNotFound, requirePageUser } from "@/lib/auth/page-guard";
import { SANDBOX_CREDENTIALS } from "@/lib/presets/sandbox";
import { findStoreAppPage } from "@/lib/services/installation-pages";
import { usesSandboxProvider } from "@/lib/services/sandbox-app";
import { getOrganizationContext } from "@/lib/services/organizations";

export const metadata = { title: "Store" };

export default async function StoreAppPage({
  params,
  searchParams,
}: {
  params: Promise<{ appId: string }>;
  searchParams: Promise<{ install?: string }>;
}) {
  const { appId } = await params;
  const user = await requirePageUser(`/store/${encodeURIComponent(appId)}`);
  const [page, { current }] = await Promise.all([orNotFound(findStoreAppPage(user.id, appId)), getOrganizationContext(user.id)]);
  // The organization chosen in the top bar is the install target offered first.
  page.adminOrganizations.sort((a, b) => Number(b.id === current?.id) - Number(a.id === current?.id));
  const sandboxCredentials = usesSandboxProvider(page.app.providers.map((provider) => provider.host)) ? SANDBOX_CREDENTIALS : null;
  return <StoreAppDetails page={page} isPromptOpen={(await searchParams).install === "1"} sandboxCredentials={sandboxCredentials} />;
}
