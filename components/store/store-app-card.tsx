import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { StoreAppSummary } from "@/lib/queries/store";
import type { InstallContext } from "@/lib/services/installation-pages";
import { AppLogo } from "@/components/ui/app-logo";
import { getInstallState } from "./install-state";

interface StoreAppCardProps extends InstallContext {
  app: StoreAppSummary;
}

/** One app in the store grid: what it is, and Install or where it is installed already. */
export function StoreAppCard({ app, ...context }: StoreAppCardProps) {
  const href = `/store/${encodeURIComponent(app.id)}`;
  const { installedHere, targets } = getInstallState(app.id, context);
  return (
    <li className="flex flex-col rounded-lg border border-slate-200 bg-white shadow-sm transition-shadow hover:shadow-md" aria-label={app.name}>
      <div className="flex min-w-0 flex-1 gap-4 p-5">
        <AppLogo src={app.logoUrl} appName={app.name} />
        <div className="min-w-0 flex-1">
          <h2 className="truncate text-base font-semibold text-slate-900">
            <Link href={href} className="hover:text-brand-700 hover:underline">
              {app.name}
            </Link>
          </h2>
          <p className="mt-1 line-clamp-3 text-sm text-slate-600">{app.description || "No description yet."}</p>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-2 border-t border-slate-100 px-5 py-3">
        {installedHere.length > 0 && (
          <Link href={`/installations/${encodeURIComponent(installedHere[0]!.id)}`} className="mr-auto" title="Open the installation">
            <Badge tone="success">
              {installedHere.length === 1 ? `Installed in ${installedHere[0]!.organizationName}` : `Installed in ${installedHere.length} organizations`}
            </Badge>
          </Link>
        )}
        <Link href={href} className={cn(buttonClass("ghost", "sm"), installedHere.length === 0 && "mr-auto")}>
          Details
        </Link>
        {targets.length > 0 && (
          // The prompt lives on the app's page, where its settings are loaded; this opens it at once.
          <Link href={`${href}?install=1`} className={buttonClass("primary", "sm")}>
            Install
          </Link>
        )}
      </div>
    </li>
  );
}
