"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import type { AuditEventRecord } from "@/lib/services/installation-pages";
import { describeEvent, EVENT_TYPES } from "./activity-events";
import { AgoTime } from "./relative-time";

export interface ActivityFilter {
  /** A user id, or "" for everyone. */
  user: string;
  /** An event type, or "" for every type. */
  type: string;
}

/**
 * The installation's audit trail, newest first: who did what, and how it went. Filtered in the browser
 * over the events the page loaded; the filter lives in `?user=` and `?type=` so a filtered view can be shared.
 */
export function ActivityList({ events, initialFilter }: { events: AuditEventRecord[]; initialFilter: ActivityFilter }) {
  // A router refresh that started before the last filter change can re-render the page with the query it
  // was asked for, remounting this list: the address bar, which every change updates, is then the newer truth.
  const [filter, setFilter] = useState(() => filterInLocation() ?? initialFilter);
  const users = [...new Map(events.flatMap((event) => (event.user ? [[event.user.id, event.user] as const] : []))).values()];
  const shown = events.filter((event) => (!filter.user || event.user?.id === filter.user) && (!filter.type || event.type === filter.type));
  const isFiltered = filter.user !== "" || filter.type !== "";

  const change = (next: ActivityFilter) => {
    setFilter(next);
    const url = new URL(window.location.href);
    for (const key of ["user", "type"] as const) {
      if (next[key]) url.searchParams.set(key, next[key]);
      else url.searchParams.delete(key);
    }
    // No state of our own: Next.js then keeps its own in the entry and updates useSearchParams to match.
    window.history.replaceState(null, "", url);
  };

  if (events.length === 0) return <EmptyState title="No activity yet" />;
  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end" role="group" aria-label="Filter activity">
        <Field label="User" className="sm:w-64">
          <Select value={filter.user} onChange={(event) => change({ ...filter, user: event.target.value })}>
            <option value="">Everyone</option>
            {users.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name ? `${user.name} (${user.email})` : user.email}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Type" className="sm:w-64">
          <Select value={filter.type} onChange={(event) => change({ ...filter, type: event.target.value })}>
            <option value="">Every type</option>
            {EVENT_TYPES.map(({ type, label }) => (
              <option key={type} value={type}>
                {label}
              </option>
            ))}
          </Select>
        </Field>
        {isFiltered && (
          <Button variant="ghost" size="sm" className="self-start sm:mb-1 sm:self-auto" onClick={() => change({ user: "", type: "" })}>
            Clear filters
          </Button>
        )}
        <p className="text-xs text-slate-500 sm:mb-2 sm:ml-auto" aria-live="polite">
          {isFiltered ? `${shown.length} of ${events.length} events` : `${events.length} events`}
        </p>
      </div>

      {shown.length === 0 ? (
        <EmptyState title="No matching activity" description="No event matches these filters." />
      ) : (
        <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm" aria-label="Activity">
          {shown.map((event) => (
            <ActivityItem key={event.id} event={event} />
          ))}
        </ol>
      )}
    </div>
  );
}

const TONES = {
  success: "text-emerald-700",
  warning: "text-amber-800",
  danger: "text-red-700",
  neutral: "text-slate-600",
};

function ActivityItem({ event }: { event: AuditEventRecord }) {
  const { sentence, label, facts, tone, config, keys } = describeEvent(event);
  return (
    <li className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-start sm:justify-between sm:gap-4 sm:px-5">
      <div className="min-w-0 text-sm text-slate-700">
        <p>
          <span className="font-medium text-slate-900">{event.user ? event.user.name || event.user.email : "Gatehouse"}</span> {sentence}
          {config && (
            <>
              {" "}
              (<span className="font-mono text-xs">{config}</span>)
            </>
          )}
        </p>
        {keys.length > 0 && (
          <div role="group" aria-label="Keys" className="mt-1 flex flex-wrap gap-1">
            {keys.map((key) => (
              <code key={key} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
                {key}
              </code>
            ))}
          </div>
        )}
        {/* A group, not a <p>: a paragraph may not carry a label, and the tests and screen readers use it. */}
        <div role="group" aria-label="Details" className="mt-0.5 text-xs text-slate-500">
          <span className={cn("font-medium", TONES[tone])}>{label}</span>
          {facts.map((fact) => (
            <span key={fact}> · {fact}</span>
          ))}
        </div>
      </div>
      <AgoTime iso={event.createdAt.toISOString()} className="shrink-0 text-xs text-slate-500" />
    </li>
  );
}

function filterInLocation(): ActivityFilter | null {
  if (typeof window === "undefined") return null;
  const query = new URLSearchParams(window.location.search);
  return { user: query.get("user") ?? "", type: query.get("type") ?? "" };
}
