import Link from "next/link";
import type { ReactNode } from "react";
import { NavLinks } from "./nav-links";
import { OrganizationSwitcher, type SwitcherOrganization } from "./organization-switcher";
import { UserMenu } from "./user-menu";

export function AppShell({
  user,
  organizations = [],
  currentOrganization = null,
  canBuild = true,
  children,
}: {
  user: { email: string; name: string | null };
  organizations?: SwitcherOrganization[];
  currentOrganization?: SwitcherOrganization | null;
  canBuild?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
            <span aria-hidden="true" className="grid h-7 w-7 place-items-center rounded-md bg-brand-600 text-sm text-white">G</span>
            Gatehouse
          </Link>
          <NavLinks canBuild={canBuild} />
          <div className="ml-auto flex items-center gap-3">
            <OrganizationSwitcher organizations={organizations} current={currentOrganization} />
            <UserMenu email={user.email} name={user.name} />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </div>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {description && <p className="mt-1 text-sm text-slate-500">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
    </div>
  );
}
