"use client";

import { useState } from "react";

const isHttpUrl = (url: string) => URL.canParse(url) && ["http:", "https:"].includes(new URL(url).protocol);

/** The config's logo as the connect page will show it, and the fallback it gets when the image fails. */
export function LogoPreview({ url, appName }: { url: string; appName: string }) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  const trimmed = url.trim();
  const canLoad = isHttpUrl(trimmed);
  const hasFailed = canLoad && failedUrl === trimmed;
  const initial = (appName.trim()[0] ?? "?").toUpperCase();

  let status: string;
  if (!trimmed) status = "No logo: the connect page shows the app's initial.";
  else if (!canLoad) status = "Enter an http(s) URL to preview the logo.";
  else if (hasFailed) status = "The logo could not be loaded from this URL, so the connect page would show the initial instead.";
  else status = "As the connect page shows it.";

  return (
    <div className="flex items-center gap-3" role="group" aria-label="Logo preview">
      <div className="grid h-14 w-14 shrink-0 place-items-center overflow-hidden rounded-lg border border-slate-200 bg-white">
        {canLoad && !hasFailed ? (
          // A plain img: the logo is on the provider's or developer's host, which next/image would have to proxy.
          // eslint-disable-next-line @next/next/no-img-element -- see above
          <img
            key={trimmed}
            src={trimmed}
            alt={`${appName || "App"} logo`}
            referrerPolicy="no-referrer"
            className="h-full w-full object-contain p-1"
            onError={() => setFailedUrl(trimmed)}
          />
        ) : (
          <span aria-hidden="true" className="grid h-full w-full place-items-center bg-brand-50 text-xl font-semibold text-brand-700">
            {initial}
          </span>
        )}
      </div>
      <p className={`min-w-0 text-xs ${hasFailed ? "text-amber-700" : "text-slate-500"}`} role={hasFailed ? "status" : undefined}>
        {status}
      </p>
    </div>
  );
}
