import type { NextRequest } from "next/server";
import { z, type ZodType } from "zod";
import { authenticateRequest, peekTokenCaller } from "@/lib/auth/current-user";
import type { UserProfile } from "@/lib/db/accounts";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { AppError, serviceUnavailable, unauthorized, validationFailed, zodIssues } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { findUnsafeStrings } from "@/lib/schemas/safe-string";
import { clientAddress, enforceRateLimit, type RateLimitRule } from "@/lib/services/rate-limit";
import { errorBody } from "./responses";

/**
 * The API core: authentication, rate limits, the body cap, parsing and error mapping, whichever server
 * received the request. `withApi` (Next.js route handlers) and the launcher's invoke fast path are thin
 * adapters around `runApi`, so a rule added here applies to both.
 */

/** The contract's cap on a request body, on every route. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface HandlerContext<P, Q, B, U> {
  /** The Next.js request; the launcher's fast path has none (its handlers must not need it). */
  request: NextRequest;
  params: P;
  query: Q;
  body: B;
  user: U;
}

export interface ApiOptions<P, Q, B, Authed extends boolean | "session"> {
  /**
   * `false` for public endpoints; `"session"` for what only a signed-in browser may do (a personal access
   * token is refused with 403); otherwise a session or personal access token is required.
   */
  auth?: Authed;
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /**
   * Limits from `RATE_LIMITS`: rules by address are counted before anything else runs, rules by user once
   * the caller is known, `custom` rules with the subject `rateLimitKey` names once params are parsed.
   */
  rateLimit?: RateLimitRule | readonly RateLimitRule[];
  rateLimitKey?: (context: { user: UserProfile | null; params: P; address: string }) => string;
  handler: (context: HandlerContext<P, Q, B, Authed extends false ? UserProfile | null : UserProfile>) => Promise<unknown>;
}

/** An endpoint's options, typed once, for serving through more than one adapter. */
export function defineApi<P = Record<string, never>, Q = Record<string, never>, B = undefined, Authed extends boolean | "session" = true>(
  options: ApiOptions<P, Q, B, Authed>,
): ApiOptions<P, Q, B, Authed> {
  return options;
}

/** What the core needs from a request, whichever server received it. */
export interface ApiRequest {
  method: string;
  path: string;
  headers: { get(name: string): string | null };
  /** The route's params: the fast path has them at once, Next.js hands them over as a promise. */
  params: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  query: () => Record<string, string>;
  /** The body as text; throws the 413 once more than `maxBytes` arrive, without reading the rest. */
  readBody: (maxBytes: number) => Promise<string>;
  /** The request handed to `authenticateRequest`: the real one, or one with only the headers. */
  authRequest: NextRequest;
  next?: NextRequest;
  isCrossSiteCookieWrite: () => boolean;
}

export type ApiResult = { response: Response } | { status: number; body: unknown; headers: Record<string, string> };

export async function runApi<P, Q, B, Authed extends boolean | "session">(options: ApiOptions<P, Q, B, Authed>, request: ApiRequest): Promise<ApiResult> {
  try {
    if (request.isCrossSiteCookieWrite()) throw new AppError("forbidden", "Cross-site requests with a session cookie are refused");
    const rules = options.rateLimit === undefined ? [] : Array.isArray(options.rateLimit) ? options.rateLimit : [options.rateLimit as RateLimitRule];
    const address = clientAddress(request.headers);
    // A limit counted from memory answers at once; only a pending one is waited for (each await costs a
    // microtask and, under Next.js's request storage, a hook per promise).
    for (const rule of rules) {
      if (rule.by !== "address") continue;
      const pending = enforceRateLimit(rule, address);
      if (pending) await pending;
    }
    const caller = peekTokenCaller(request.headers.get("authorization")) ?? (await authenticateRequest(request.authRequest));
    const user = caller?.user ?? null;
    if (options.auth !== false && !user) throw unauthorized();
    if (options.auth === "session" && caller?.method !== "session") {
      throw new AppError("forbidden", "Only a signed-in session may do this, not a personal access token");
    }
    for (const rule of rules) {
      if (rule.by !== "user") continue;
      const pending = enforceRateLimit(rule, user ? `user:${user.id}` : address);
      if (pending) await pending;
    }
    const rawParams = request.params();
    const params = parseWith(options.params, rawParams instanceof Promise ? await rawParams : rawParams, "params") as P;
    for (const rule of rules) {
      if (rule.by !== "custom") continue;
      if (!options.rateLimitKey) throw new Error(`rate limit ${rule.name} needs rateLimitKey`);
      const pending = enforceRateLimit(rule, options.rateLimitKey({ user, params, address }));
      if (pending) await pending;
    }
    const query = parseWith(options.query, request.query(), "query") as Q;
    const body = (options.body ? parseWith(options.body, parseJsonBody(await request.readBody(MAX_BODY_BYTES)), "body") : undefined) as B;
    const result = await options.handler({
      request: request.next as NextRequest,
      params,
      query,
      body,
      user: user as Authed extends false ? UserProfile | null : UserProfile,
    });
    return result instanceof Response ? { response: result } : { status: 200, body: result, headers: {} };
  } catch (error) {
    const appError = toAppError(error, request.path);
    return { status: appError.status, body: errorBody(appError), headers: appError.headers };
  }
}

export const malformedPath = () => new AppError("bad_request", "The request path is not valid percent-encoded UTF-8");

export const payloadTooLarge = () => new AppError("payload_too_large", "The request body is larger than 1 MiB");

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

/**
 * Parses one part of a request. Every string in it is checked first (NUL and lone surrogates are a 422
 * naming the field, whatever the schema); then bad params are a 404 (no such resource), a bad query or
 * body a 422.
 */
export function parseWith<T>(schema: ZodType<T> | undefined, input: unknown, where: "params" | "query" | "body"): T | undefined {
  if (!schema) return undefined;
  const unsafe = findUnsafeStrings(input, where === "body" ? "" : where);
  if (unsafe.length > 0) throw validationFailed(unsafe);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  if (where === "params") throw new AppError("not_found", "Not found");
  throw validationFailed(zodIssues(result.error, where === "query" ? "query" : ""));
}

/** Any error as the AppError the caller sees; unexpected ones are logged and shown as a generic 500. */
export function toAppError(error: unknown, path: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) return validationFailed(zodIssues(error));
  if (error instanceof URIError) return malformedPath();
  if (isDatabaseUnavailable(error)) return serviceUnavailable();
  logger.error("unhandled error in API route", { path, error });
  return new AppError("internal", "Something went wrong on our side; it has been logged");
}

/** Reads a web request's body up to `maxBytes`: a larger declared length is refused before reading. */
export async function readWebBody(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) throw payloadTooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Not awaited: cancelling a stream over a request that is still arriving may never settle.
      void reader.cancel().catch(() => undefined);
      throw payloadTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
