"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { useUninstallApp } from "@/lib/queries/installations";

/** Uninstall, after a confirmation that says what is lost. */
export function UninstallButton({ installationId, appName, organizationName }: { installationId: string; appName: string; organizationName: string }) {
  const router = useRouter();
  const toast = useToast();
  const uninstall = useUninstallApp(installationId);
  const [isOpen, setOpen] = useState(false);

  const confirm = () =>
    uninstall.mutate(undefined, {
      onSuccess: () => {
        toast.success(`${appName} is uninstalled from ${organizationName}`);
        router.push("/installations");
        router.refresh();
      },
      onError: (error) => toast.error(error.message),
    });

  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Uninstall
      </Button>
      <Dialog
        open={isOpen}
        onClose={() => setOpen(false)}
        title={`Uninstall ${appName}?`}
        footer={
          <>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button variant="danger" isPending={uninstall.isPending} onClick={confirm}>
              Uninstall
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-700">
          {appName} is removed from <span className="font-medium">{organizationName}</span>. Its settings and every member&apos;s
          connected accounts and tokens are deleted, and its APIs stop working. This cannot be undone.
        </p>
      </Dialog>
    </>
  );
}
