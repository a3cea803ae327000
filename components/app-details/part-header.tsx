import type { ReactNode } from "react";

/** The heading of a part of the page whose items are cards of their own (OAuth configs, APIs). */
export function PartHeader({ headingId, title, description, action }: { headingId: string; title: string; description: ReactNode; action: ReactNode }) {
  return (
    <div className="flex items-start justify-between gap-3">
      <div className="min-w-0">
        <h2 id={headingId} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        <p className="mt-0.5 text-sm text-slate-500">{description}</p>
      </div>
      <div className="shrink-0">{action}</div>
    </div>
  );
}
