import { notFound } from "next/navigation";
import { StoreAppDetails } from "@/components/store/store-app-details";
import { requirePageUser } from "@/lib/auth/page-guard";
import { findStoreAppPage } from "@/lib/services/installation-pages";

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
  const page = await findStoreAppPage(user.id, appId);
  if (!page) notFound();
  return <StoreAppDetails page={page} isPromptOpen={(await searchParams).install === "1"} />;
}
