import type { NextRequest } from "next/server";
import { requestSite } from "./browser-flow";
import { readWebBody, runApi, toAppError, type ApiOptions } from "./core";
import { appErrorResponse, json } from "./responses";

export { parseJsonBody, parseWith, toAppError } from "./core";
export type { ApiOptions } from "./core";

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

/**
 * Every API route is one call to this: the API core (`runApi`: authentication, rate limits, the body cap,
 * zod parsing of params, query and body, and the mapping of errors to the contract's shape) behind a
 * Next.js route handler. A handler returns a Response, or a value to send as JSON with status 200.
 */
export function withApi<P = Record<string, never>, Q = Record<string, never>, B = undefined, Authed extends boolean | "session" = true>(
  options: ApiOptions<P, Q, B, Authed>,
) {
  return async function route(request: NextRequest, context: RouteContext): Promise<Response> {
    try {
      const result = await runApi(options, {
        method: request.method,
        path: request.nextUrl.pathname,
        headers: request.headers,
        params: async () => (await context.params) as Record<string, unknown>,
        query: () => Object.fromEntries(request.nextUrl.searchParams),
        readBody: (maxBytes) => readWebBody(request, maxBytes),
        authRequest: request,
        next: request,
        isCrossSiteCookieWrite: () => isCrossSiteCookieWrite(request),
      });
      return "response" in result ? result.response : json(result.body, result.status, result.headers);
    } catch (error) {
      // Reading the path or params themselves can fail (a malformed percent-encoding).
      return appErrorResponse(toAppError(error, "(unreadable path)"));
    }
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The session cookie is SameSite=Lax already; as a second guard, a state-changing request that relies on
 * the cookie (no bearer token) must come from Gatehouse's own pages, not from another site.
 */
function isCrossSiteCookieWrite(request: NextRequest): boolean {
  if (SAFE_METHODS.has(request.method) || request.headers.has("authorization")) return false;
  return requestSite(request) === "cross-site";
}
