import Link from "next/link";
import { AppLogo } from "@/components/ui/app-logo";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { InstallationListItem } from "@/lib/services/installation-pages";
import { formatDate } from "./format-time";

/** The installed apps of the user's organizations, grouped by organization. */
export function InstallationsList({ installations }: { installations: InstallationListItem[] }) {
  if (installations.length === 0) {
    return (
      <EmptyState
        title="No apps installed yet"
        description="Apps that an owner or admin installs into one of your organizations appear here."
        action={
          <Link href="/store" className={buttonClass("primary", "sm")}>
            Browse the store
          </Link>
        }
      />
    );
  }
  const byOrganization = new Map<string, InstallationListItem[]>();
  for (const installation of installations) {
    byOrganization.set(installation.organizationId, [...(byOrganization.get(installation.organizationId) ?? []), installation]);
  }
  return (
    <div className="space-y-8">
      {[...byOrganization].map(([organizationId, group]) => (
        <OrganizationInstallations key={organizationId} installations={group} />
      ))}
    </div>
  );
}

function OrganizationInstallations({ installations }: { installations: InstallationListItem[] }) {
  const { organizationId, organizationName, role } = installations[0]!;
  return (
    <section aria-labelledby={`org-${organizationId}`}>
      <h2 id={`org-${organizationId}`} className="mb-3 flex items-center gap-2 text-sm font-semibold text-slate-700">
        {organizationName}
        <Badge>{role}</Badge>
      </h2>
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm" aria-label={`Installed in ${organizationName}`}>
        {installations.map((installation) => (
          <li key={installation.id} className="flex items-center gap-4 px-4 py-3 sm:px-5">
            <AppLogo src={installation.logoUrl} appName={installation.appName} size="sm" />
            <div className="min-w-0 flex-1">
              <Link
                href={`/installations/${encodeURIComponent(installation.id)}`}
                className="block truncate font-medium text-slate-900 hover:text-brand-700 hover:underline"
              >
                {installation.appName}
              </Link>
              <p className="truncate text-sm text-slate-500">{installation.appDescription || "No description"}</p>
            </div>
            <p className="hidden shrink-0 text-xs text-slate-500 sm:block">Installed {formatDate(installation.createdAt)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
