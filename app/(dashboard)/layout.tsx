import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { Providers } from "@/components/providers";
import { requirePageUser } from "@/lib/auth/page-guard";
import { getOrganizationContext } from "@/lib/services/organizations";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const { organizations, current } = await getOrganizationContext(user.id);
  // Building apps is for owners and admins: the navigation offers it only where the current organization allows it.
  const canBuild = current ? current.role !== "member" : false;
  return (
    <Providers>
      <AppShell user={user} organizations={organizations} currentOrganization={current} canBuild={canBuild}>
        {children}
      </AppShell>
    </Providers>
  );
}
