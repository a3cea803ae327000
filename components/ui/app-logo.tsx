"use client";

import { useEffect, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";

const SIZES = {
  sm: "h-10 w-10 rounded-lg text-base",
  md: "h-12 w-12 rounded-xl text-lg",
  lg: "h-16 w-16 rounded-xl text-2xl",
};

/** An app's logo, or its initial on a tinted tile when it has none or the image cannot be loaded. */
export function AppLogo({ src, appName, size = "md", className }: { src: string | null; appName: string; size?: keyof typeof SIZES; className?: string }) {
  // Remembering which URL failed, rather than a flag, lets a new URL try again without an effect.
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const ref = useRef<HTMLImageElement>(null);
  useEffect(() => {
    const image = ref.current;
    // An image that failed before hydration fired its error event before React was listening.
    if (src && image?.complete && image.naturalWidth === 0) image.decode().catch(() => setFailedSrc(src));
  }, [src]);

  const box = cn("shrink-0", SIZES[size], className);
  if (!src || failedSrc === src) {
    return (
      <div role="img" aria-label={`${appName} logo`} className={cn(box, "grid place-items-center bg-brand-100 font-semibold text-brand-700")}>
        {appName.trim().charAt(0).toUpperCase() || "?"}
      </div>
    );
  }
  // A plain img: logos are the developer's URLs on any host, which next/image would need allow-listed.
  return (
    // eslint-disable-next-line @next/next/no-img-element
    <img
      ref={ref}
      src={src}
      alt={`${appName} logo`}
      referrerPolicy="no-referrer"
      className={cn(box, "bg-white object-contain ring-1 ring-slate-200")}
      onError={() => setFailedSrc(src)}
    />
  );
}
