"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type ReactNode } from "react";
import { ConsentLink } from "@/components/connect/consent-link";
import { AppLogo } from "@/components/ui/app-logo";
import { Button, buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { useToast } from "@/components/ui/toast";
import { ApiClientError } from "@/lib/queries/api-client";
import { describeRevocation, useDisconnect, useMyConnections, useRefreshConnection, type ConfigConnectionView } from "@/lib/queries/connections";
import type { MySettingsView } from "@/lib/schemas/installations";
import { ConnectionStatusBadge } from "./connection-status";
import { MySettingsCard } from "./my-settings-card";
import { connectPath } from "@/lib/paths";
import { installationHref } from "./links";
import { RelativeTime, useNow } from "./relative-time";

export interface ConnectionsPanelProps {
  installationId: string;
  configs: { name: string; logoUrl: string | null }[];
  /** The server's render of the caller's connections, so the first paint needs no request. */
  initialConnections: ConfigConnectionView[];
  /** The server's render of the caller's own non-token settings. */
  initialMySettings: MySettingsView;
  callbackUrl: string;
}

/**
 * The signed-in member's own connection to each of the app's OAuth configs, with what they can do about it,
 * and the settings they fill for themselves.
 */
export function ConnectionsPanel({ installationId, configs, initialConnections, initialMySettings, callbackUrl }: ConnectionsPanelProps) {
  return (
    <div className="space-y-6">
      <ConnectionsCard installationId={installationId} configs={configs} initialConnections={initialConnections} />
      <MySettingsCard installationId={installationId} initialView={initialMySettings} callbackUrl={callbackUrl} />
    </div>
  );
}

function ConnectionsCard({ installationId, configs, initialConnections }: Pick<ConnectionsPanelProps, "installationId" | "configs" | "initialConnections">) {
  const { data: connections = initialConnections } = useMyConnections(installationId, initialConnections);
  if (configs.length === 0) {
    return <EmptyState title="Nothing to connect" description="This app has no OAuth configs, so there is no account to connect." />;
  }
  return (
    <Card>
      <CardHeader
        title="My connections"
        description="Your own accounts at the app's providers. Every member connects their own; nobody else can use yours."
      />
      <ul className="divide-y divide-slate-100">
        {configs.map((config) => (
          <ConnectionRow
            key={config.name}
            installationId={installationId}
            config={config}
            connection={connections.find((candidate) => candidate.configName === config.name)}
          />
        ))}
      </ul>
    </Card>
  );
}

type Notice = { tone: "error" | "warning"; message: string };

function ConnectionRow({
  installationId,
  config,
  connection,
}: {
  installationId: string;
  config: { name: string; logoUrl: string | null };
  connection: ConfigConnectionView | undefined;
}) {
  const router = useRouter();
  const toast = useToast();
  const refresh = useRefreshConnection(installationId);
  const disconnect = useDisconnect(installationId);
  const [isConfirming, setConfirming] = useState(false);
  // A failed refresh stays in view until the next action, unlike a toast, because it says what to do next.
  const [notice, setNotice] = useState<Notice | null>(null);
  const status = connection?.status ?? "not_connected";
  const connectLink = connectPath(installationId, config.name, installationHref(installationId, "connections"));
  const headingId = useId();

  const refreshNow = () => {
    setNotice(null);
    refresh.mutate(config.name, {
      onSuccess: () => {
        toast.success(`Refreshed the ${config.name} token`);
        // The Activity tab is rendered on the server; this shows the new event there.
        router.refresh();
      },
      onError: (error) => {
        router.refresh();
        // A refused grant is told once, by the re-authorization banner above the tabs with its Reconnect.
        if (error instanceof ApiClientError && error.code === "authorization_required") return;
        toast.error(`Could not refresh the ${config.name} token`);
        setNotice({ tone: "error", message: error.message });
      },
    });
  };

  const confirmDisconnect = () =>
    disconnect.mutate(config.name, {
      onSuccess: (revocation) => {
        setConfirming(false);
        setNotice(null);
        const outcome = describeRevocation(revocation);
        toast.success(outcome ? `Disconnected ${config.name}. ${outcome}` : `Disconnected ${config.name}`);
        router.refresh();
      },
      onError: (error) => toast.error(error.message),
    });

  return (
    <li aria-labelledby={headingId} className="flex flex-col gap-4 px-5 py-4 lg:flex-row lg:items-start lg:justify-between">
      <div className="flex min-w-0 items-start gap-3">
        <AppLogo src={config.logoUrl} appName={config.name} size="sm" />
        <div className="min-w-0">
          <h3 id={headingId} className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
            <span className="font-mono text-sm break-all">{config.name}</span>
            <ConnectionStatusBadge status={status} />
          </h3>
          {connection && status !== "not_connected" ? (
            <ConnectionTimes connection={connection} />
          ) : (
            <p className="mt-1 text-sm text-slate-500">Connect your account to let the app call this provider&apos;s APIs for you.</p>
          )}
          {notice && (
            <p
              role="alert"
              className={
                notice.tone === "warning"
                  ? "mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900"
                  : "mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800"
              }
            >
              {notice.message}
            </p>
          )}
        </div>
      </div>

      <div className="flex shrink-0 flex-wrap gap-2 lg:justify-end">
        {status === "not_connected" && (
          <ConsentLink href={connectLink} className={buttonClass("primary", "sm")}>
            Connect
          </ConsentLink>
        )}
        {status === "connected" && (
          <Button variant="secondary" size="sm" isPending={refresh.isPending} onClick={refreshNow}>
            {refresh.isPending ? "Refreshing…" : "Refresh now"}
          </Button>
        )}
        {status !== "not_connected" && (
          <>
            <ConsentLink href={connectLink} className={buttonClass(status === "needs_reauth" ? "primary" : "secondary", "sm")}>
              Reconnect
            </ConsentLink>
            <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" onClick={() => setConfirming(true)}>
              Disconnect
            </Button>
          </>
        )}
      </div>

      <Dialog
        open={isConfirming}
        onClose={() => setConfirming(false)}
        title={`Disconnect ${config.name}?`}
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button variant="danger" isPending={disconnect.isPending} onClick={confirmDisconnect}>
              Disconnect
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-700">
          Gatehouse asks the provider to revoke access, when it names a revocation URL, and deletes your tokens for{" "}
          <span className="font-mono">{config.name}</span> whatever it answers. The app&apos;s APIs that use it stop working for you until
          you connect again.
        </p>
      </Dialog>
    </li>
  );
}

function ConnectionTimes({ connection }: { connection: ConfigConnectionView }) {
  const now = useNow();
  const isExpired = now !== null && connection.expiresAt !== null && new Date(connection.expiresAt).getTime() <= now;
  return (
    <dl className="mt-2 grid gap-x-6 gap-y-1.5 text-sm sm:grid-cols-[auto_1fr]">
      {connection.status === "connected" && (
        <TimeFact label="Expires">
          {connection.expiresAt ? (
            <>
              <RelativeTime iso={connection.expiresAt} />
              {isExpired && <span className="block text-xs text-slate-500">Gatehouse refreshes it the next time an API needs it.</span>}
            </>
          ) : (
            <span className="text-slate-500">Unknown: the provider gave no expiry, so it is refreshed only when refused</span>
          )}
        </TimeFact>
      )}
      <TimeFact label="Connected at">{connection.connectedAt ? <RelativeTime iso={connection.connectedAt} /> : "—"}</TimeFact>
      <TimeFact label="Last refreshed">
        {connection.lastRefreshedAt ? <RelativeTime iso={connection.lastRefreshedAt} /> : <span className="text-slate-500">Not yet</span>}
      </TimeFact>
    </dl>
  );
}

function TimeFact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="contents">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}
