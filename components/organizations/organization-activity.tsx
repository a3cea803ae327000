import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import type { ActivityEvent } from "@/lib/services/organizations";

export const ACTIVITY_CATEGORIES = [
  { id: "", label: "All" },
  { id: "member", label: "Members" },
  { id: "invitation", label: "Invitations" },
  { id: "installation", label: "Installations" },
  { id: "connection", label: "Connections" },
  { id: "app", label: "Apps" },
  { id: "organization", label: "Organization" },
] as const;

const SENTENCES: Record<string, string> = {
  "member.added": "added a member",
  "member.role_changed": "changed a member's role",
  "member.removed": "removed a member",
  "member.left": "left the organization",
  "invitation.created": "invited someone",
  "invitation.accepted": "accepted an invitation",
  "invitation.revoked": "revoked an invitation",
  "organization.created": "created the organization",
  "organization.renamed": "renamed the organization",
  "app.published": "published an app",
  "installation.created": "installed an app",
  "installation.upgraded": "upgraded an installation",
  "installation.settings_changed": "changed an installation's settings",
  "installation.deleted": "uninstalled an app",
  "connection.connected": "connected an account",
  "connection.failed": "tried to connect an account, which failed",
  "connection.refreshed": "refreshed a token",
  "connection.refresh_failed": "could not refresh a token",
  "connection.disconnected": "disconnected an account",
  "connection.revoked": "revoked a connection",
};

const str = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : null);

/** The facts worth showing: names and roles only; details never hold a secret and unknown fields stay hidden. */
function facts(event: ActivityEvent): string[] {
  const detail = event.detail;
  const out: string[] = [];
  if (str(detail.email)) out.push(str(detail.email)!);
  if (str(detail.from) && str(detail.to)) out.push(`${str(detail.from)} → ${str(detail.to)}`);
  else if (str(detail.role)) out.push(str(detail.role)!);
  if (str(detail.appName)) out.push(str(detail.appName)!);
  if (typeof detail.version === "number") out.push(`version ${detail.version}`);
  if (str(detail.configName)) out.push(str(detail.configName)!);
  if (typeof detail.connectionsDeleted === "number" && detail.connectionsDeleted > 0) out.push(`${detail.connectionsDeleted} connection(s) deleted`);
  if (str(detail.outcome)) out.push(str(detail.outcome)!);
  return out;
}

export function OrganizationActivity({
  organizationId,
  events,
  category,
  nextCursor,
  seesEverything,
}: {
  organizationId: string;
  events: ActivityEvent[];
  category: string;
  nextCursor: string | null;
  seesEverything: boolean;
}) {
  const base = `/organizations/${organizationId}/activity`;
  const href = (query: Record<string, string>) => {
    const search = new URLSearchParams(Object.entries(query).filter(([, value]) => value));
    return search.size ? `${base}?${search}` : base;
  };
  return (
    <div className="space-y-4">
      {seesEverything ? (
        <nav aria-label="Filter activity" className="flex flex-wrap gap-1">
          {ACTIVITY_CATEGORIES.map((option) => (
            <Link
              key={option.id}
              href={href({ category: option.id })}
              aria-current={option.id === category ? "page" : undefined}
              className={cn(
                "rounded-md px-3 py-1.5 text-sm",
                option.id === category ? "bg-brand-50 font-medium text-brand-700" : "text-slate-600 hover:bg-slate-100",
              )}
            >
              {option.label}
            </Link>
          ))}
        </nav>
      ) : (
        <p className="text-sm text-slate-500">Members see their own connection events here; owners and admins see the whole organization&apos;s.</p>
      )}
      {events.length === 0 ? (
        <EmptyState title="Nothing here yet" description="Events appear as people join, install apps and connect accounts." />
      ) : (
        <Card>
          <CardBody>
            <ol aria-label="Activity" className="divide-y divide-slate-100">
              {events.map((event) => (
                <li key={event.id} className="flex flex-wrap items-baseline justify-between gap-2 py-3 text-sm">
                  <div className="min-w-0">
                    <span className="font-medium text-slate-900">{event.actor ?? "Someone"}</span>{" "}
                    <span className="text-slate-700">{SENTENCES[event.type] ?? event.type}</span>
                    {facts(event).map((fact) => (
                      <span key={fact} className="ml-2">
                        <Badge>{fact}</Badge>
                      </span>
                    ))}
                  </div>
                  <time dateTime={event.createdAt} className="text-xs text-slate-500">
                    {new Date(event.createdAt).toLocaleString("en-GB", { timeZone: "UTC" })} UTC
                  </time>
                </li>
              ))}
            </ol>
          </CardBody>
        </Card>
      )}
      <div className="flex gap-3 text-sm">
        {nextCursor && (
          <Link className="font-medium text-brand-700 hover:underline" href={href({ category, before: nextCursor })}>
            Older events
          </Link>
        )}
        {/* Back to the newest, since pages run by cursor */}
        <Link className="text-slate-600 hover:underline" href={href({ category })}>
          Newest
        </Link>
      </div>
    </div>
  );
}
