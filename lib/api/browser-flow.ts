import type { NextRequest } from "next/server";
import { getEnv } from "@/lib/env";

/** Headers of every response of the consent flow: nothing is cached, and no URL leaks through Referer. */
export const FLOW_HEADERS = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } as const;

/** A 303 to a path of this Gatehouse (or an absolute URL, for the provider). */
export function seeOther(location: string): Response {
  const target = location.startsWith("/") ? `${getEnv().APP_URL}${location}` : location;
  return new Response(null, { status: 303, headers: { ...FLOW_HEADERS, Location: target } });
}

/**
 * Where a request comes from, by its `Origin` header or else the browser's fetch metadata: one of
 * Gatehouse's own pages, another site, or unknown (a script, or an old browser).
 */
export function requestSite(request: NextRequest): "same-origin" | "cross-site" | "unknown" {
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") {
    return origin === new URL(getEnv().APP_URL).origin || origin === request.nextUrl.origin ? "same-origin" : "cross-site";
  }
  // A page served with a strict referrer policy posts `Origin: null`; the fetch metadata still tells.
  const fetchSite = request.headers.get("sec-fetch-site");
  return fetchSite === "same-origin" ? "same-origin" : fetchSite === "cross-site" ? "cross-site" : "unknown";
}

/** True when a form post comes from this Gatehouse's own pages (anything else is refused). */
export function isSameOriginPost(request: NextRequest): boolean {
  return requestSite(request) === "same-origin";
}

export function resultPath(params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  return `/connect/result?${query.toString()}`;
}
