import Link from "next/link";
import { cn } from "./cn";

export interface LinkTab {
  href: string;
  label: string;
}

/**
 * A row of links styled as tabs, for sections that are pages of their own (an organization's Members and
 * Activity, the account settings). The current one carries `aria-current="page"`.
 */
export function LinkTabs({ label, tabs, activeHref }: { label: string; tabs: readonly LinkTab[]; activeHref: string | null }) {
  return (
    <nav aria-label={label} className="mb-6 flex gap-1 overflow-x-auto border-b border-slate-200">
      {tabs.map((tab) => {
        const isActive = tab.href === activeHref;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={isActive ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
              isActive ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
