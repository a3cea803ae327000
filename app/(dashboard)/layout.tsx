import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { Providers } from "@/components/providers";
import { requirePageUser } from "@/lib/auth/page-guard";
import { getInstallContext } from "@/lib/services/installations";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const { adminOrganizations } = await getInstallContext(user.id);
  return (
    <Providers>
      <AppShell user={user} canBuild={adminOrganizations.length > 0}>
        {children}
      </AppShell>
    </Providers>
  );
}
