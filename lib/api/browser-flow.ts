import type { NextRequest } from "next/server";
import { getEnv } from "@/lib/env";

/** Headers of every response of the consent flow: nothing is cached, and no URL leaks through Referer. */
export const FLOW_HEADERS = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } as const;

/** A 303 to a path of this Gatehouse (or an absolute URL, for the provider). */
export function seeOther(location: string): Response {
  const target = location.startsWith("/") ? `${getEnv().APP_URL}${location}` : location;
  return new Response(null, { status: 303, headers: { ...FLOW_HEADERS, Location: target } });
}

/** True when a form post comes from this Gatehouse's own pages (a cross-site post is refused). */
export function isSameOriginPost(request: NextRequest): boolean {
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") return origin === new URL(getEnv().APP_URL).origin || origin === request.nextUrl.origin;
  // A page served with a strict referrer policy posts `Origin: null`; the fetch metadata still tells.
  return request.headers.get("sec-fetch-site") === "same-origin";
}

export function resultPath(params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  return `/connect/result?${query.toString()}`;
}
