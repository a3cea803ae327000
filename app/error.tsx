"use client";

import { buttonClass } from "@/components/ui/button";
import { HomeLinks, StatusPage } from "@/components/layout/status-page";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusPage
      title="Something went wrong"
      actions={
        <>
          <button type="button" onClick={reset} className={buttonClass("primary")}>
            Try again
          </button>
          <HomeLinks />
        </>
      }
    >
      <p>Gatehouse could not show this page. Nothing you entered was sent twice; try again in a moment.</p>
      {error.digest && (
        <p className="text-xs text-slate-500">
          Reference for the administrator: <code className="font-mono">{error.digest}</code>
        </p>
      )}
    </StatusPage>
  );
}
