"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useCurrentPath } from "@/components/ui/use-current-path";
import type { InstallContext } from "@/lib/services/installation-pages";
import { InstallDialog, type InstallableApp } from "./install-dialog";
import { getInstallState } from "./install-state";

interface InstallPanelProps extends InstallContext {
  app: InstallableApp;
  callbackUrl: string;
  /** Open the prompt at once: the store's Install buttons link here with `?install=1`. */
  isPromptOpen?: boolean;
}

/**
 * Install for owners and admins, with a prompt for the app's settings; where the app is already
 * installed, a way to it. Members see why they cannot install instead of a button.
 */
export function InstallPanel({ app, callbackUrl, adminOrganizations, installations, isPromptOpen = false }: InstallPanelProps) {
  const router = useRouter();
  const pathname = useCurrentPath();
  const { installedHere, targets } = getInstallState(app.id, { adminOrganizations, installations });
  const [isOpen, setOpen] = useState(isPromptOpen && targets.length > 0);

  const close = () => {
    setOpen(false);
    // Drop ?install=1 so that reloading the page does not prompt again.
    if (isPromptOpen) router.replace(pathname, { scroll: false });
  };

  return (
    <div className="flex flex-col items-start gap-2 sm:items-end">
      {targets.length > 0 && <Button onClick={() => setOpen(true)}>Install</Button>}
      {installedHere.map((installation) => (
        <p key={installation.id} className="text-sm text-slate-600">
          Installed in <span className="font-medium text-slate-900">{installation.organizationName}</span> ·{" "}
          <Link href={`/installations/${installation.id}`} className="font-medium text-brand-700 hover:underline">
            Open
          </Link>
        </p>
      ))}
      {adminOrganizations.length === 0 && installedHere.length === 0 && (
        <p className="max-w-xs text-sm text-slate-500 sm:text-right">Only an organization&apos;s owners and admins can install apps. Ask one of yours.</p>
      )}
      {targets.length > 0 && (
        <InstallDialog app={app} organizations={targets} callbackUrl={callbackUrl} open={isOpen} onClose={close} />
      )}
    </div>
  );
}
