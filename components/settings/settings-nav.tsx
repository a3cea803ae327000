"use client";

import { usePathname } from "next/navigation";
import { LinkTabs } from "@/components/ui/link-tabs";

const TABS = [
  { href: "/settings/tokens", label: "Access tokens" },
  { href: "/settings/security", label: "Password and sessions" },
];

export function SettingsNav() {
  const pathname = usePathname();
  return <LinkTabs label="Settings" tabs={TABS} activeHref={TABS.find((tab) => pathname.startsWith(tab.href))?.href ?? null} />;
}
