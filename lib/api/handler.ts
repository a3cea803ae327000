import type { NextRequest } from "next/server";
import { z, type ZodType } from "zod";
import { authenticateRequest } from "@/lib/auth/current-user";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import type { UserProfile } from "@/lib/db/accounts";
import { AppError, serviceUnavailable, unauthorized, validationFailed, zodIssues } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { clientAddress, enforceRateLimit, type RateLimitRule } from "@/lib/services/rate-limit";
import { requestSite } from "./browser-flow";
import { appErrorResponse, json } from "./responses";

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

interface HandlerContext<P, Q, B, U> {
  request: NextRequest;
  params: P;
  query: Q;
  body: B;
  user: U;
}

interface ApiOptions<P, Q, B, Authed extends boolean | "session"> {
  /**
   * `false` for public endpoints; `"session"` for what only a signed-in browser may do (a personal
   * access token is refused with 403); otherwise a session or personal access token is required.
   */
  auth?: Authed;
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /** Counted per client address before anything else runs. */
  rateLimit?: RateLimitRule;
  handler: (context: HandlerContext<P, Q, B, Authed extends false ? UserProfile | null : UserProfile>) => Promise<unknown>;
}

/**
 * Every API route is one call to this: authentication, rate limiting, zod parsing of params, query and
 * body, and the mapping of errors to the contract's shape. A handler returns a Response, or a value to
 * send as JSON with status 200.
 */
export function withApi<P = Record<string, never>, Q = Record<string, never>, B = undefined, Authed extends boolean | "session" = true>(
  options: ApiOptions<P, Q, B, Authed>,
) {
  return async function route(request: NextRequest, context: RouteContext): Promise<Response> {
    try {
      if (isCrossSiteCookieWrite(request)) throw new AppError("forbidden", "Cross-site requests with a session cookie are refused");
      if (options.rateLimit) await enforceRateLimit(options.rateLimit, clientAddress(request.headers));
      const caller = await authenticateRequest(request);
      const user = caller?.user ?? null;
      if (options.auth !== false && !user) throw unauthorized();
      if (options.auth === "session" && caller?.method !== "session") {
        throw new AppError("forbidden", "Only a signed-in session may do this, not a personal access token");
      }
      const params = parseWith(options.params, await context.params, "params");
      const query = parseWith(options.query, Object.fromEntries(request.nextUrl.searchParams), "query");
      const body = (options.body ? parseWith(options.body, await readJsonBody(request), "body") : undefined) as B;
      const result = await options.handler({
        request,
        params: params as P,
        query: query as Q,
        body,
        user: user as Authed extends false ? UserProfile | null : UserProfile,
      });
      return result instanceof Response ? result : json(result);
    } catch (error) {
      return toErrorResponse(error, request);
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

async function readJsonBody(request: NextRequest): Promise<unknown> {
  return parseJsonBody(await request.text());
}

/** A request body as JSON (an empty body is `{}`); malformed JSON is a 400 that says where. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : "it could not be parsed";
    throw new AppError("bad_request", `The request body is not valid JSON: ${reason}`);
  }
}

/** Parses one part of a request; bad params are a 404 (no such resource), a bad query or body a 422. */
export function parseWith<T>(schema: ZodType<T> | undefined, input: unknown, where: "params" | "query" | "body"): T | undefined {
  if (!schema) return undefined;
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  if (where === "params") throw new AppError("not_found", "Not found");
  throw validationFailed(zodIssues(result.error, where === "query" ? "query" : ""));
}

function toErrorResponse(error: unknown, request: NextRequest): Response {
  return appErrorResponse(toAppError(error, request.nextUrl.pathname));
}

/** Any error as the AppError the caller sees; unexpected ones are logged and shown as a generic 500. */
export function toAppError(error: unknown, path: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) return validationFailed(zodIssues(error));
  if (isDatabaseUnavailable(error)) return serviceUnavailable();
  logger.error("unhandled error in API route", { path, error });
  return new AppError("internal", "Something went wrong on our side; it has been logged");
}
