import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { Providers } from "@/components/providers";
import { requirePageUser } from "@/lib/auth/page-guard";
import { getOrganizationContext } from "@/lib/services/organizations";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const { organizations, current, actions } = await getOrganizationContext(user.id);
  // The navigation offers building apps only where the current organization's role allows it.
  const canBuild = actions.includes("app.create");
  return (
    <Providers>
      <AppShell user={user} organizations={organizations} currentOrganization={current} canBuild={canBuild}>
        {children}
      </AppShell>
    </Providers>
  );
}
