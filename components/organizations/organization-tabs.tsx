import Link from "next/link";
import { cn } from "@/components/ui/cn";
import type { Action } from "@/lib/services/access";

/** Members, Activity and Settings of one organization; Settings only for a role that may change them. */
export function OrganizationTabs({ organizationId, active, actions }: { organizationId: string; active: "members" | "activity" | "settings"; actions: Action[] }) {
  const tabs = [
    { id: "members", label: "Members" },
    { id: "activity", label: "Activity" },
    ...(actions.includes("organization.rename") ? [{ id: "settings", label: "Settings" }] : []),
  ] as const;
  return (
    <nav aria-label="Organization" className="mb-6 flex gap-1 border-b border-slate-200">
      {tabs.map((tab) => (
        <Link
          key={tab.id}
          href={`/organizations/${organizationId}/${tab.id}`}
          aria-current={tab.id === active ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
            tab.id === active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900",
          )}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
