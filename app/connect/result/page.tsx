import { ConnectResult } from "@/components/connect/connect-result";
import { getSessionUser } from "@/lib/auth/current-user";
import { safeReturnPath } from "@/lib/safe-redirect";
import { findInstallationPage } from "@/lib/services/installation-pages";

// Whether the viewer can fix the installation's settings, which decides the page's main action, and
// the organization whose admins a member asks otherwise.
async function viewerOfInstallation(installationId: string | undefined): Promise<{ canManage: boolean; organizationId?: string }> {
  if (!installationId) return { canManage: false };
  const user = await getSessionUser();
  if (!user) return { canManage: false };
  const page = await findInstallationPage(user.id, installationId).catch(() => null);
  return page ? { canManage: page.actions.includes("installation.configure"), organizationId: page.installation.organizationId } : { canManage: false };
}

export const dynamic = "force-dynamic";
export const metadata = { title: "Connection", referrer: "no-referrer" };

type Props = {
  searchParams: Promise<Record<string, string | undefined>>;
};

// The outcome of the consent flow; it carries no secret, only what the callback decided.
export default async function ConnectResultPage({ searchParams }: Props) {
  const query = await searchParams;
  return (
    <ConnectResult
      {...await viewerOfInstallation(query.installation)}
      outcome={query.outcome ?? "invalid_state"}
      installationId={query.installation}
      configName={query.config}
      returnTo={safeReturnPath(query.returnTo, "") || null}
      providerError={query.error?.slice(0, 100)}
      providerDescription={query.description?.slice(0, 300)}
    />
  );
}
