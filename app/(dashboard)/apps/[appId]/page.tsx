import { AppAccessDenied } from "@/components/app-details/app-access-denied";
import { AppDetails } from "@/components/app-details/app-details";
import { orNotFound, requirePageUser } from "@/lib/auth/page-guard";
import { getAppForEditing } from "@/lib/services/apps";
import { getPublicUrlPolicy } from "@/lib/services/outbound";
import { isSandboxEnabled, sandboxBaseUrl } from "@/lib/services/sandbox-provider";

export const dynamic = "force-dynamic";
export const metadata = { title: "App details" };

export default async function AppDetailsPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const user = await requirePageUser(`/apps/${encodeURIComponent(appId)}`);
  const app = await orNotFound(getAppForEditing(user.id, appId), () => "forbidden" as const);
  if (app === "forbidden") return <AppAccessDenied />;
  return <AppDetails initialApp={app} urlPolicy={getPublicUrlPolicy()} sandboxBaseUrl={isSandboxEnabled() ? sandboxBaseUrl() : null} />;
}
