import Link from "next/link";
import { PageHeader } from "@/components/layout/app-shell";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { OrganizationMembership } from "@/lib/db/accounts";
import type { AppSummary } from "@/lib/db/apps";
import { NewAppButton } from "./new-app-button";

const formatDate = (date: Date) => new Intl.DateTimeFormat("en", { dateStyle: "medium" }).format(date);

/** The apps of the organizations the user administers, newest change first. */
export function AppsList({ apps, organizations }: { apps: AppSummary[]; organizations: OrganizationMembership[] }) {
  const canCreate = organizations.length > 0;
  const showOrganization = new Set(apps.map((app) => app.organizationId)).size > 1 || organizations.length > 1;
  return (
    <>
      <PageHeader
        title="Apps"
        description="Define an app's settings, OAuth configs and APIs, then publish it to the store."
        actions={canCreate ? <NewAppButton organizations={organizations} /> : undefined}
      />
      {!canCreate && (
        <p className="mb-4 rounded-md bg-slate-100 px-4 py-3 text-sm text-slate-700">
          You are not an owner or admin of any organization, so you cannot create apps here.
        </p>
      )}
      {apps.length === 0 ? (
        <EmptyState
          title="No apps yet"
          description={canCreate ? "Create your first app: give it a name, then describe how it connects to its provider." : "Apps of the organizations you administer appear here."}
        />
      ) : (
        <ul aria-label="Your apps" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {apps.map((app) => (
            <li key={app.id}>
              <Card className="relative h-full p-5 transition-shadow focus-within:ring-2 focus-within:ring-brand-500 hover:shadow-md">
                <div className="flex items-start justify-between gap-3">
                  <h2 className="min-w-0 break-words font-semibold text-slate-900">
                    {/* The link covers the card, so the whole card is one target with the app's name as its text. */}
                    <Link href={`/apps/${app.id}`} className="after:absolute after:inset-0 focus:outline-none">
                      {app.name}
                    </Link>
                  </h2>
                  <Badge tone={app.published ? "success" : "neutral"}>{app.published ? "Published" : "Draft"}</Badge>
                </div>
                {app.description && <p className="mt-1 line-clamp-2 text-sm text-slate-600">{app.description}</p>}
                <p className="mt-3 text-xs text-slate-500">
                  {showOrganization && <>{app.organizationName} · </>}Updated {formatDate(app.updatedAt)}
                </p>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
