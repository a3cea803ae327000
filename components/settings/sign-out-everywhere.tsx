"use client";

import { signOut } from "@/components/auth/sign-out";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { apiFetch } from "@/lib/queries/api-client";

/** Ends every sign-in session of the user, on every browser and device, this one included. */
export function SignOutEverywhere() {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Sign out everywhere
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Sign out everywhere?"
        description="Every browser and device signed in to your account is signed out, this one too. Personal access tokens keep working."
        footer={
          <>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              isPending={pending}
              onClick={async () => {
                setPending(true);
                setError(null);
                try {
                  await apiFetch("/api/v1/me/sessions", { method: "DELETE" });
                } catch (caught) {
                  setError(caught instanceof Error ? caught.message : "Signing out failed. Try again.");
                  setPending(false);
                  return;
                }
                await signOut({ callbackUrl: "/signin" });
              }}
            >
              Sign out everywhere
            </Button>
          </>
        }
      >
        {error ? (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        ) : (
          <p className="text-sm text-slate-700">You will need your password to sign in again.</p>
        )}
      </Dialog>
    </>
  );
}
