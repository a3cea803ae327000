import { LinkTabs } from "@/components/ui/link-tabs";
import type { Action } from "@/lib/services/access";

type OrganizationTab = "members" | "activity" | "settings";

/** Members, Activity and Settings of one organization; Settings only for a role that may change them. */
export function OrganizationTabs({ organizationId, active, actions }: { organizationId: string; active: OrganizationTab; actions: Action[] }) {
  const href = (tab: OrganizationTab) => `/organizations/${organizationId}/${tab}`;
  const tabs = [
    { href: href("members"), label: "Members" },
    { href: href("activity"), label: "Activity" },
    ...(actions.includes("organization.rename") ? [{ href: href("settings"), label: "Settings" }] : []),
  ];
  return <LinkTabs label="Organization" tabs={tabs} activeHref={href(active)} />;
}
