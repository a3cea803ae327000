import Link from "next/link";
import { AppLogo } from "@/components/ui/app-logo";
import { Badge } from "@/components/ui/badge";
import { organizationPrompts } from "@/lib/schemas/installations";
import type { Action } from "@/lib/services/access";
import type { ConfigConnectionView } from "@/lib/services/connections";
import type { InstallationPage } from "@/lib/services/installation-pages";
import type { TryableApi } from "@/lib/services/try-it";
import { ActivityList, type ActivityFilter } from "./activity-list";
import { ConnectionsPanel } from "./connections-panel";
import { formatDate } from "./format-time";
import { InstallationTabs } from "./installation-tabs";
import { ReauthBanner } from "./reauth-banner";
import { SettingsPanel } from "./settings-panel";
import type { InstallationTab } from "./tab-ids";
import { TryItPanel } from "./try-it-panel";
import { UninstallButton } from "./uninstall-button";
import { UpgradeBanner } from "./upgrade-banner";

export interface InstallationDetailsProps {
  page: InstallationPage;
  /** The caller's own connections and the APIs they may try. */
  connections: ConfigConnectionView[];
  apis: TryableApi[];
  /** What the URL asked for: `?tab=`, `?api=` (Try it) and `?user=` / `?type=` (Activity). */
  initialTab: InstallationTab;
  initialApi?: string;
  activityFilter: ActivityFilter;
}

/** One installation: its settings, the member's connections, a panel to try its APIs and the audit trail, in tabs. */
export function InstallationDetails({ page, connections, apis, initialTab, initialApi, activityFilter }: InstallationDetailsProps) {
  const { installation } = page;
  const may = (action: Action) => page.actions.includes(action);
  const installedBy = installation.installedBy ? installation.installedBy.name || installation.installedBy.email : null;
  return (
    <>
      <Link href="/installations" className="text-sm font-medium text-slate-500 hover:text-slate-900">
        ← Installations
      </Link>
      <div className="mt-3 mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="flex min-w-0 items-start gap-4">
          <AppLogo src={installation.logoUrl} appName={installation.appName} size="lg" />
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900">{installation.appName}</h1>
            <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-500">
              <span>
                Installed in <span className="font-medium text-slate-700">{installation.organizationName}</span>
              </span>
              <span aria-hidden="true">·</span>
              <span>
                {formatDate(installation.createdAt)}
                {installedBy && ` by ${installedBy}`}
              </span>
              <Badge>{installation.role}</Badge>
            </p>
          </div>
        </div>
      </div>

      {may("installation.upgrade") && (
        <UpgradeBanner installationId={installation.id} appName={installation.appName} version={installation.version} offer={page.view.upgrade} />
      )}

      <ReauthBanner installationId={installation.id} appName={installation.appName} initialConnections={connections} />

      <InstallationTabs
        initialTab={initialTab}
        panels={{
          settings: (
            <div className="space-y-8">
              <SettingsPanel
                prompts={organizationPrompts(installation.settings)}
                initialView={page.view}
                canManage={may("installation.configure")}
                organizationName={installation.organizationName}
                callbackUrl={page.callbackUrl}
              />
              {may("installation.uninstall") && (
                <section aria-labelledby="danger-zone-title" className="rounded-lg border border-red-200 p-4 sm:p-5">
                  <h2 id="danger-zone-title" className="text-sm font-semibold text-red-800">
                    Danger zone
                  </h2>
                  <div className="mt-2 flex flex-wrap items-center justify-between gap-3">
                    <p className="max-w-prose text-sm text-slate-600">
                      Uninstalling removes the app from {installation.organizationName}, with its settings and every member&apos;s
                      connection. It cannot be undone.
                    </p>
                    <UninstallButton installationId={installation.id} appName={installation.appName} organizationName={installation.organizationName} />
                  </div>
                </section>
              )}
            </div>
          ),
          connections: (
            <section aria-label="Connections">
              <ConnectionsPanel
                installationId={installation.id}
                configs={installation.oauthConfigs}
                initialConnections={connections}
                initialMySettings={page.mySettings}
                callbackUrl={page.callbackUrl}
              />
            </section>
          ),
          "try-it": (
            <section aria-label="Try it">
              <TryItPanel installationId={installation.id} apis={apis} initialApi={initialApi} initialConnections={connections} />
            </section>
          ),
          activity: <ActivityList events={page.events} initialFilter={activityFilter} />,
        }}
      />
    </>
  );
}
