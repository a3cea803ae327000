"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { INSTALLATION_TABS, type InstallationTab } from "./tab-ids";

/**
 * The installation page's tabs (WAI-ARIA tabs: arrow keys move between them). Every panel stays
 * mounted, so an unsaved settings form survives a look at the activity; the chosen tab goes in `?tab=`.
 */
export function InstallationTabs({ initialTab, panels }: { initialTab: InstallationTab; panels: Record<InstallationTab, ReactNode> }) {
  const [active, setActive] = useState<InstallationTab>(initialTab);
  const baseId = useId();
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});
  const router = useRouter();

  const select = (tab: InstallationTab) => {
    setActive(tab);
    const url = new URL(window.location.href);
    url.searchParams.set("tab", tab);
    // No state of our own: Next.js then keeps its own in the entry and updates useSearchParams to match.
    window.history.replaceState(null, "", url);
    // The activity is rendered on the server. A refresh started by a save just before can be dropped
    // when the URL changes under it, so opening the tab asks for the current events itself.
    if (tab === "activity" && tab !== active) router.refresh();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const index = INSTALLATION_TABS.findIndex((tab) => tab.id === active);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: INSTALLATION_TABS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const tab = INSTALLATION_TABS[(next + INSTALLATION_TABS.length) % INSTALLATION_TABS.length]!;
    select(tab.id);
    tabRefs.current[tab.id]?.focus();
  };

  return (
    <div>
      <div role="tablist" aria-label="Installation" className="flex gap-1 overflow-x-auto border-b border-slate-200" onKeyDown={onKeyDown}>
        {INSTALLATION_TABS.map((tab) => {
          const isActive = tab.id === active;
          return (
            <button
              key={tab.id}
              ref={(element) => {
                tabRefs.current[tab.id] = element;
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${tab.id}`}
              aria-controls={`${baseId}-panel-${tab.id}`}
              aria-selected={isActive}
              tabIndex={isActive ? 0 : -1}
              onClick={() => select(tab.id)}
              className={cn(
                "-mb-px border-b-2 px-4 py-2.5 text-sm font-medium whitespace-nowrap",
                isActive ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
              )}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {INSTALLATION_TABS.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={`${baseId}-panel-${tab.id}`}
          aria-labelledby={`${baseId}-tab-${tab.id}`}
          hidden={tab.id !== active}
          tabIndex={0}
          className="mt-6 rounded-md focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-brand-600"
        >
          {panels[tab.id]}
        </div>
      ))}
    </div>
  );
}
