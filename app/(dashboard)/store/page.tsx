import { PageHeader } from "@/components/layout/app-shell";
import { StoreCatalog } from "@/components/store/store-catalog";
import { requirePageUser } from "@/lib/auth/page-guard";
import { listStoreApps } from "@/lib/services/apps";
import { getInstallContext } from "@/lib/services/installation-pages";
import { getOrganizationContext } from "@/lib/services/organizations";

export const metadata = { title: "Store" };

export default async function StorePage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const user = await requirePageUser("/store");
  const { q } = await searchParams;
  const search = (typeof q === "string" ? q : "").trim().slice(0, 100);
  const [apps, context, { current }] = await Promise.all([listStoreApps(search), getInstallContext(user.id), getOrganizationContext(user.id)]);
  // The organization chosen in the top bar is the install target offered first.
  context.adminOrganizations.sort((a, b) => Number(b.id === current?.id) - Number(a.id === current?.id));
  return (
    <>
      <PageHeader title="Store" description="Apps published on this Gatehouse. Install one into your organization to use its APIs." />
      <StoreCatalog
        initialSearch={search}
        initialApps={apps}
        {...context}
      />
    </>
  );
}
