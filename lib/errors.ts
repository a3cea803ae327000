import type { z } from "zod";

/**
 * The one error type that crosses layers. Services throw it; the route-handler wrapper turns it into
 * the contract's error shape through the status table below. Messages are shown to callers, so they
 * never carry a token, a code or a secret.
 */

export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  authorization_required: 409,
  last_owner: 409,
  payload_too_large: 413,
  validation_failed: 422,
  rate_limited: 429,
  upstream_unreachable: 502,
  provider_error: 502,
  internal: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface IssueDetail {
  path: string;
  message: string;
}

const APP_ERROR_BRAND = Symbol.for("gatehouse.AppError");

/** Recognised by a brand, not the class, for the same reason as OutboundError: two module copies in one process. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly headers: Record<string, string>;
  readonly [APP_ERROR_BRAND] = true;

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[APP_ERROR_BRAND] === true;
  }

  constructor(code: ErrorCode, message: string, details?: unknown, headers: Record<string, string> = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = "Not found") => new AppError("not_found", what);
export const forbidden = (message = "You do not have permission to do this") => new AppError("forbidden", message);
export const unauthorized = (message = "Sign in or send a personal access token") =>
  new AppError("unauthorized", message);
/** The database cannot be reached right now; the caller may retry shortly. */
export const serviceUnavailable = () =>
  new AppError("service_unavailable", "The database is unavailable right now; try again in a few seconds", undefined, { "Retry-After": "2" });

export const conflict = (message: string, details?: unknown) => new AppError("conflict", message, details);

/** A 422 listing every problem with its path, e.g. `settings.client_secret`. */
export const validationFailed = (issues: IssueDetail[], message?: string) =>
  new AppError("validation_failed", message ?? summarizeIssues(issues), { issues });

function summarizeIssues(issues: IssueDetail[]): string {
  const first = issues[0];
  if (!first) return "The request is not valid";
  const rest = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return `${first.path ? `${first.path}: ` : ""}${first.message}${rest}`;
}

/** Turns zod's issues into `{path, message}` pairs with dotted paths (`settings.0.key`). */
export function zodIssues(error: z.ZodError, prefix = ""): IssueDetail[] {
  return error.issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: [path, key].filter(Boolean).join("."), message: `Unknown field "${key}"` }));
    }
    return [{ path, message: issue.message }];
  });
}
