import { notFound } from "next/navigation";
import { AppAccessDenied } from "@/components/app-details/app-access-denied";
import { AppDetails } from "@/components/app-details/app-details";
import { requirePageUser } from "@/lib/auth/page-guard";
import { AppError } from "@/lib/errors";
import { getAppForEditing } from "@/lib/services/apps";
import { getPublicUrlPolicy } from "@/lib/services/outbound";
import { isSandboxEnabled, sandboxBaseUrl } from "@/lib/services/sandbox-provider";

export const dynamic = "force-dynamic";
export const metadata = { title: "App details" };

export default async function AppDetailsPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const user = await requirePageUser(`/apps/${encodeURIComponent(appId)}`);
  const app = await getAppForEditing(user.id, appId).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "not_found" || error.code === "forbidden")) return error.code;
    throw error;
  });
  if (app === "not_found") notFound();
  if (app === "forbidden") return <AppAccessDenied />;
  return <AppDetails initialApp={app} urlPolicy={getPublicUrlPolicy()} sandboxBaseUrl={isSandboxEnabled() ? sandboxBaseUrl() : null} />;
}
