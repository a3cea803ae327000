"use client";

import { useCallback, useSyncExternalStore } from "react";
import { cn } from "@/components/ui/cn";
import { formatDateTime, formatLocalDateTime, formatPreciseDateTime, formatRelative } from "./format-time";

/**
 * The browser's clock to the second, re-read every `intervalMs` and whenever the component renders; null
 * during the server render and hydration, so the server's HTML and the first client render agree.
 */
export function useNow(intervalMs = 5_000): number | null {
  const subscribe = useCallback(
    (onTick: () => void) => {
      const timer = setInterval(onTick, intervalMs);
      return () => clearInterval(timer);
    },
    [intervalMs],
  );
  return useSyncExternalStore(subscribe, readClock, readNoClock);
}

// Whole seconds, so that two reads within one render agree.
const readClock = () => Math.floor(Date.now() / 1000) * 1000;
const readNoClock = () => null;

/** A time as "in 2 minutes" with its absolute UTC time beside it; only the absolute part until the clock is known. */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const now = useNow(5_000);
  const date = new Date(iso);
  return (
    <time dateTime={iso} className={cn("inline-flex flex-wrap items-baseline gap-x-1.5", className)}>
      {now !== null && <span className="text-slate-900">{formatRelative(date, now)}</span>}
      <span className="text-xs text-slate-500">{now === null ? formatPreciseDateTime(date) : formatLocalDateTime(date, true)}</span>
    </time>
  );
}

/** "3 minutes ago", with the exact time in the viewer's time zone on hover; the UTC time until the clock is known. */
export function AgoTime({ iso, className }: { iso: string; className?: string }) {
  const now = useNow(30_000);
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={now === null ? formatPreciseDateTime(date) : formatLocalDateTime(date, true)} className={className}>
      {now === null ? formatDateTime(date) : formatRelative(date, now)}
    </time>
  );
}
