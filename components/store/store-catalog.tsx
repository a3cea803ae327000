"use client";

import { useEffect, useState } from "react";
import { EmptyState, ErrorState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { useStoreApps, type StoreAppSummary } from "@/lib/queries/store";
import type { InstallContext } from "@/lib/services/installation-pages";
import { StoreAppCard } from "./store-app-card";

interface StoreCatalogProps extends InstallContext {
  initialSearch: string;
  initialApps: StoreAppSummary[];
}

const SEARCH_DELAY_MS = 250;

/** The store's grid with a search box that filters as one types, kept in the URL's `?q=`. */
export function StoreCatalog({ initialSearch, initialApps, adminOrganizations, installations }: StoreCatalogProps) {
  const [text, setText] = useState(initialSearch);
  const [search, setSearch] = useState(initialSearch);
  useEffect(() => {
    const timer = setTimeout(() => setSearch(text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);
  useEffect(() => {
    // replaceState keeps the search on reload and back without a server round trip for each keystroke.
    const url = new URL(window.location.href);
    if (search) url.searchParams.set("q", search);
    else url.searchParams.delete("q");
    window.history.replaceState(window.history.state, "", url);
  }, [search]);

  const apps = useStoreApps(search, { search: initialSearch, apps: initialApps });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <label htmlFor="store-search" className="sr-only">
          Search apps
        </label>
        <Input
          id="store-search"
          type="search"
          placeholder="Search by name or description"
          value={text}
          onChange={(event) => setText(event.target.value)}
          className="sm:max-w-sm"
          autoComplete="off"
        />
        {apps.isFetching && <Spinner className="h-4 w-4 text-slate-400" />}
      </div>

      {adminOrganizations.length === 0 && (
        <p className="rounded-md bg-brand-50 px-4 py-3 text-sm text-brand-700">
          You can browse the store. Only an organization&apos;s owners and admins can install apps; ask one of yours.
        </p>
      )}

      {apps.isError ? (
        <ErrorState message={apps.error.message} onRetry={() => void apps.refetch()} />
      ) : apps.data && apps.data.length > 0 ? (
        <ul aria-label="Apps" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {apps.data.map((app) => (
            <StoreAppCard key={app.id} app={app} adminOrganizations={adminOrganizations} installations={installations} />
          ))}
        </ul>
      ) : apps.data ? (
        <EmptyState
          title={search ? `No apps match “${search}”` : "No apps in the store yet"}
          description={search ? "Try another word, or clear the search." : "Apps appear here once their developers publish them."}
        />
      ) : (
        <Spinner label="Loading apps…" />
      )}
    </div>
  );
}
