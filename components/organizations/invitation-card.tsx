"use client";

import Link from "next/link";
import { signOut } from "@/components/auth/sign-out";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/field";
import { apiFetch } from "@/lib/queries/api-client";
import { signInPath } from "@/lib/paths";

interface InvitationCardProps {
  token: string;
  invitation: { organizationName: string; role: string; email: string; expiresAt: string };
  /** The signed-in visitor's email, or null. */
  viewerEmail: string | null;
}

/** The invitation, then sign in or sign up with the invited email, then Accept invitation. */
export function InvitationCard({ token, invitation, viewerEmail }: InvitationCardProps) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, setPending] = useState(false);
  const here = `/invite/${encodeURIComponent(token)}`;
  const back = encodeURIComponent(here);

  const accept = async () => {
    setError(null);
    setPending(true);
    try {
      const { organizationId } = await apiFetch<{ organizationId: string }>("/api/v1/invitations/accept", { body: { token } });
      router.push(`/organizations/${organizationId}/members`);
      router.refresh();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "Could not accept the invitation");
      setPending(false);
    }
  };

  const details = (
    <dl className="mb-5 space-y-1 text-sm">
      <div className="flex justify-between gap-3">
        <dt className="text-slate-500">Organization</dt>
        <dd className="font-medium text-slate-900">{invitation.organizationName}</dd>
      </div>
      <div className="flex justify-between gap-3">
        <dt className="text-slate-500">Role</dt>
        <dd className="font-medium text-slate-900">{invitation.role}</dd>
      </div>
      <div className="flex justify-between gap-3">
        <dt className="text-slate-500">For</dt>
        <dd className="font-medium text-slate-900">{invitation.email}</dd>
      </div>
      <div className="flex justify-between gap-3">
        <dt className="text-slate-500">Valid until</dt>
        <dd className="text-slate-700">{new Date(invitation.expiresAt).toLocaleString()}</dd>
      </div>
    </dl>
  );

  if (!viewerEmail) {
    return (
      <div>
        {details}
        <p className="mb-4 text-sm text-slate-600">Sign in or sign up with {invitation.email} to accept.</p>
        <div className="flex gap-2">
          <Link className={buttonClass("primary")} href={signInPath(here)}>
            Sign in to accept
          </Link>
          <Link className={buttonClass("secondary")} href={`/signup?callbackUrl=${back}`}>
            Sign up to accept
          </Link>
        </div>
      </div>
    );
  }

  if (viewerEmail.toLowerCase() !== invitation.email.toLowerCase()) {
    return (
      <div>
        {details}
        <p role="alert" className="mb-4 text-sm text-amber-800">
          You are signed in as {viewerEmail}, but this invitation is for {invitation.email}. Sign in with that email to accept it.
        </p>
        <Button variant="secondary" onClick={() => void signOut({ callbackUrl: signInPath(here) })}>
          Sign in with another account
        </Button>
      </div>
    );
  }

  return (
    <div>
      {details}
      <FormAlert message={error} />
      <Button className="mt-2 w-full" isPending={isPending} onClick={() => void accept()}>
        Accept invitation
      </Button>
    </div>
  );
}
