"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch } from "./api-client";

/** One published app as `GET /api/v1/store/apps` lists it. */
export interface StoreAppSummary {
  id: string;
  name: string;
  description: string | null;
  logoUrl: string | null;
}

export const storeKeys = {
  all: ["store"] as const,
  apps: (search: string) => ["store", "apps", search] as const,
};

function fetchStoreApps(search: string): Promise<StoreAppSummary[]> {
  const query = search ? `?q=${encodeURIComponent(search)}` : "";
  return apiFetch<StoreAppSummary[]>(`/api/v1/store/apps${query}`);
}

/**
 * The store's apps matching `search`. The server renders the first page, so its list seeds the query
 * for the search it was rendered with; while a new search loads, the previous results stay on screen.
 */
export function useStoreApps(search: string, initial: { search: string; apps: StoreAppSummary[] }) {
  return useQuery({
    queryKey: storeKeys.apps(search),
    queryFn: () => fetchStoreApps(search),
    initialData: search === initial.search ? initial.apps : undefined,
    placeholderData: keepPreviousData,
  });
}
