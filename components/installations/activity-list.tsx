import { EmptyState } from "@/components/ui/empty-state";
import type { AuditEventRecord } from "@/lib/services/installations";
import { formatDateTime } from "./format-time";

const DESCRIPTIONS: Record<string, string> = {
  "installation.created": "installed the app",
  "installation.settings_changed": "changed settings",
  "installation.deleted": "uninstalled the app",
  "connection.connected": "connected an account",
  "connection.disconnected": "disconnected an account",
  "connection.failed": "tried to connect an account, which failed",
  "connection.refreshed": "refreshed a token",
  "connection.refresh_failed": "could not refresh a token",
};

/** The installation's audit trail, newest first: who did what, and which keys it touched. */
export function ActivityList({ events }: { events: AuditEventRecord[] }) {
  if (events.length === 0) return <EmptyState title="No activity yet" />;
  return (
    <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm" aria-label="Activity">
      {events.map((event) => {
        const keys = Array.isArray(event.detail.keys) ? event.detail.keys.map(String) : [];
        const config = typeof event.detail.config === "string" ? event.detail.config : null;
        return (
          <li key={event.id} className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-start sm:justify-between sm:gap-4 sm:px-5">
            <div className="min-w-0 text-sm text-slate-700">
              <p>
                <span className="font-medium text-slate-900">{event.user ? event.user.name || event.user.email : "Gatehouse"}</span>{" "}
                {DESCRIPTIONS[event.type] ?? event.type}
                {config && (
                  <>
                    {" "}
                    (<span className="font-mono text-xs">{config}</span>)
                  </>
                )}
              </p>
              {keys.length > 0 && (
                <p className="mt-1 flex flex-wrap gap-1" aria-label="Keys">
                  {keys.map((key) => (
                    <code key={key} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
                      {key}
                    </code>
                  ))}
                </p>
              )}
              <p className="mt-0.5 font-mono text-[11px] text-slate-400">{event.type}</p>
            </div>
            <time dateTime={event.createdAt.toISOString()} className="shrink-0 text-xs text-slate-500">
              {formatDateTime(event.createdAt)}
            </time>
          </li>
        );
      })}
    </ol>
  );
}
