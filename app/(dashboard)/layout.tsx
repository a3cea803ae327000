import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { requirePageUser } from "@/lib/auth/page-guard";
import { getOrganizationContext } from "@/lib/services/organizations";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const { organizations, current } = await getOrganizationContext(user.id);
  return (
    <AppShell user={user} organizations={organizations} currentOrganization={current}>
      {children}
    </AppShell>
  );
}
