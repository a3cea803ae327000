import type { NextRequest } from "next/server";
import { getRequestUser } from "@/lib/auth/current-user";
import type { UserProfile } from "@/lib/db/accounts";
import { getEnv } from "@/lib/env";
import { notFound } from "@/lib/errors";
import { findUnsafeStrings } from "@/lib/schemas/safe-string";
import { enforceRateLimit, type RateLimitRule } from "@/lib/services/rate-limit";
import { MAX_BODY_BYTES, readWebBody, toAppError } from "./core";
import { appErrorResponse } from "./responses";
import { signInPath } from "@/lib/paths";

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

type FlowContext<P> = { params: Promise<P> };

interface BrowserFlowOptions<P> {
  /** Form posts must come from Gatehouse's own pages (a cross-site one is refused with 403). */
  sameOriginOnly?: boolean;
  /** Counted per signed-in user before the handler runs. */
  rateLimit: RateLimitRule;
  /** Where to come back to after signing in, for a caller who is not signed in. */
  signInReturnPath: (request: NextRequest, params: P) => string;
  /** The result page's ids for a failure (installation and config, when known). */
  resultIds?: (params: P) => Record<string, string | undefined>;
  handler: (context: { request: NextRequest; params: P; user: UserProfile; form: URLSearchParams }) => Promise<Response>;
}

/**
 * The consent flow's browser routes (the connect start form post, the provider's callback) in one
 * wrapper: the origin check, the body cap, sign-in first, the rate limit, and errors shown as the result
 * page (a missing resource as a plain 404), so no route hand-rolls them.
 */
export function withBrowserFlow<P extends Record<string, string> = Record<string, never>>(options: BrowserFlowOptions<P>) {
  return async function route(request: NextRequest, context: FlowContext<P>): Promise<Response> {
    let params = {} as P;
    try {
      params = (await context.params) ?? ({} as P);
      if (findUnsafeStrings(params).length > 0) throw notFound();
      // A query no provider would send (NUL, a lone surrogate) matches no request of the user's: say so, store nothing.
      if (findUnsafeStrings(Object.fromEntries(request.nextUrl.searchParams)).length > 0) return seeOther(resultPath({ outcome: "invalid_state" }));
      if (options.sameOriginOnly && !isSameOriginPost(request)) {
        return new Response("Cross-site request refused", { status: 403, headers: FLOW_HEADERS });
      }
      const form = request.method === "POST" ? new URLSearchParams(await readWebBody(request, MAX_BODY_BYTES)) : new URLSearchParams();
      const user = await getRequestUser(request);
      if (!user) return seeOther(signInPath(options.signInReturnPath(request, params)));
      await enforceRateLimit(options.rateLimit, `user:${user.id}`);
      return await options.handler({ request, params, user, form });
    } catch (error) {
      const appError = toAppError(error, request.nextUrl.pathname);
      if (appError.code === "not_found" || appError.code === "bad_request") {
        return new Response(appError.code === "not_found" ? "Not found" : appError.message, { status: appError.status, headers: FLOW_HEADERS });
      }
      if (appError.code === "payload_too_large") return appErrorResponse(appError);
      const outcome = appError.code === "rate_limited" ? "rate_limited" : "config_error";
      return seeOther(resultPath({ outcome, ...(options.resultIds?.(params) ?? {}) }));
    }
  };
}
