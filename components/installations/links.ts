import type { InstallationTab } from "./tab-ids";

/** The installation page with one tab open, plus any other query (e.g. `api`), as a same-origin path. */
export function installationHref(installationId: string, tab: InstallationTab, query: Record<string, string> = {}): string {
  return `/installations/${encodeURIComponent(installationId)}?${new URLSearchParams({ tab, ...query }).toString()}`;
}

/** A consent landing page path (as built by lib/paths.ts, or given by the API), coming back to `returnTo` afterwards. */
export function connectHref(connectPath: string, returnTo: string): string {
  return `${connectPath}?returnTo=${encodeURIComponent(returnTo)}`;
}
