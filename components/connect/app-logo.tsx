"use client";

import { useState } from "react";
import { cn } from "@/components/ui/cn";

/** The app's logo, or its initial on a tinted tile when there is none or it cannot load. */
export function AppLogo({ src, appName, className }: { src: string | null; appName: string; className?: string }) {
  const [hasFailed, setFailed] = useState(false);
  const box = cn("h-16 w-16 rounded-xl", className);
  if (!src || hasFailed) {
    return (
      <div role="img" aria-label={`${appName} logo`} className={cn(box, "grid place-items-center bg-brand-100 text-2xl font-semibold text-brand-700")}>
        {appName.trim().charAt(0).toUpperCase() || "?"}
      </div>
    );
  }
  // A plain img: the logo is the developer's URL on any host, which next/image would need to allow-list.
  // eslint-disable-next-line @next/next/no-img-element
  return <img src={src} alt={`${appName} logo`} className={cn(box, "bg-white object-contain ring-1 ring-slate-200")} onError={() => setFailed(true)} referrerPolicy="no-referrer" />;
}
