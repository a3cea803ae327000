"use client";

import { signOut } from "@/components/auth/sign-out";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function UserMenu({ email, name }: { email: string; name: string | null }) {
  const [isSigningOut, setSigningOut] = useState(false);
  return (
    <div className="flex items-center gap-3">
      <span className="hidden text-sm text-slate-600 sm:inline" title={email}>
        {name || email}
      </span>
      <Link href="/settings" className="text-sm font-medium text-slate-600 hover:text-slate-900">
        Settings
      </Link>
      <Button
        variant="secondary"
        size="sm"
        isPending={isSigningOut}
        onClick={() => {
          setSigningOut(true);
          void signOut({ callbackUrl: "/signin" });
        }}
      >
        Sign out
      </Button>
    </div>
  );
}
