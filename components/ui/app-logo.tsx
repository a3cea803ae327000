"use client";

import { useEffect, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { LogoInitial, logoBoxClass, logoImageClass, type LogoSize } from "./app-logo-parts";

/** An app's logo, or its initial on a tinted tile when it has none or the image cannot be loaded. */
export function AppLogo({ src, appName, size = "md", className }: { src: string | null; appName: string; size?: LogoSize; className?: string }) {
  // Remembering which URL failed, rather than a flag, lets a new URL try again without an effect.
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const ref = useRef<HTMLImageElement>(null);
  useEffect(() => {
    const image = ref.current;
    // An image that failed before hydration fired its error event before React was listening.
    if (src && image?.complete && image.naturalWidth === 0) image.decode().catch(() => setFailedSrc(src));
  }, [src]);

  const box = logoBoxClass(size, className);
  if (!src || failedSrc === src) return <LogoInitial appName={appName} box={box} />;
  // A plain img: logos are the developer's URLs on any host, which next/image would need allow-listed.
  return (
    // eslint-disable-next-line @next/next/no-img-element
    <img
      ref={ref}
      src={src}
      alt={`${appName} logo`}
      referrerPolicy="no-referrer"
      className={cn(box, logoImageClass)}
      onError={() => setFailedSrc(src)}
    />
  );
}
