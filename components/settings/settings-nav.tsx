"use client";

import { LinkTabs } from "@/components/ui/link-tabs";
import { useCurrentPath } from "@/components/ui/use-current-path";

const TABS = [
  { href: "/settings/tokens", label: "Access tokens" },
  { href: "/settings/security", label: "Password and sessions" },
];

export function SettingsNav() {
  const pathname = useCurrentPath();
  return <LinkTabs label="Settings" tabs={TABS} activeHref={TABS.find((tab) => pathname.startsWith(tab.href))?.href ?? null} />;
}
