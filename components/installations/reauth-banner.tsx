"use client";

import { useSearchParams } from "next/navigation";
import { ConsentLink } from "@/components/connect/consent-link";
import { buttonClass } from "@/components/ui/button";
import { useCurrentPath } from "@/components/ui/use-current-path";
import { useMyConnections, type ConfigConnectionView } from "@/lib/queries/connections";
import { connectPath } from "@/lib/paths";

/**
 * Shown above every tab while one of the member's connections needs re-authorization: until they
 * reconnect, every API that uses it answers "authorization required".
 */
export function ReauthBanner({
  installationId,
  appName,
  initialConnections,
}: {
  installationId: string;
  appName: string;
  initialConnections: ConfigConnectionView[];
}) {
  const { data: connections = initialConnections } = useMyConnections(installationId, initialConnections);
  // The tabs keep `?tab=` current, so reconnecting comes back to the tab the member was on.
  const pathname = useCurrentPath();
  const query = useSearchParams()?.toString() ?? "";
  const returnTo = query ? `${pathname}?${query}` : pathname;
  const dead = connections.filter((connection) => connection.status === "needs_reauth");
  if (dead.length === 0) return null;
  const names = dead.map((connection) => connection.configName).join(", ");
  return (
    <div
      role="alert"
      className="mb-6 flex flex-col gap-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 sm:flex-row sm:items-center sm:justify-between sm:px-5"
    >
      <div className="min-w-0 text-sm text-amber-900">
        <p className="font-semibold">Reconnect to keep using {appName}</p>
        <p className="mt-0.5">
          The provider no longer accepts your connection to <span className="font-mono break-all">{names}</span>. Until you reconnect,
          the app&apos;s APIs that use it cannot run for you.
        </p>
      </div>
      <div className="flex shrink-0 flex-wrap gap-2">
        {dead.map((connection) => (
          <ConsentLink
            key={connection.configName}
            href={connectPath(installationId, connection.configName, returnTo)}
            className={buttonClass("primary", "sm")}
          >
            {dead.length > 1 ? `Reconnect ${connection.configName}` : "Reconnect"}
          </ConsentLink>
        ))}
      </div>
    </div>
  );
}
