import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";

/** The frame of the pages people land on outside the app shell: not found, errors, no access. */
export function StatusPage({ code, title, children, actions }: { code?: string; title: string; children: ReactNode; actions: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md rounded-2xl border border-slate-200 bg-white p-8 text-center shadow-sm">
        <Link href="/" className="inline-flex items-center gap-2 font-semibold text-slate-900">
          <span aria-hidden="true" className="grid h-7 w-7 place-items-center rounded-md bg-brand-600 text-sm text-white">
            G
          </span>
          Gatehouse
        </Link>
        {code && <p className="mt-6 font-mono text-sm font-semibold text-brand-700">{code}</p>}
        <h1 className="mt-2 text-xl font-semibold text-slate-900">{title}</h1>
        <div className="mt-2 space-y-2 text-sm text-slate-600">{children}</div>
        <div className="mt-8 flex flex-col justify-center gap-3 sm:flex-row">{actions}</div>
      </div>
    </main>
  );
}

export function HomeLinks() {
  return (
    <>
      <Link href="/" className={buttonClass("primary")}>
        Go to the dashboard
      </Link>
      <Link href="/signin" className={buttonClass("secondary")}>
        Sign in
      </Link>
    </>
  );
}
