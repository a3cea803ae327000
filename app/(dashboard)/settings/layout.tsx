import type { ReactNode } from "react";
import { PageHeader } from "@/components/layout/app-shell";
import { SettingsNav } from "@/components/settings/settings-nav";

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <PageHeader title="Settings" description="Your account: API tokens, password and sessions." />
      <SettingsNav />
      {children}
    </>
  );
}
