import { AppError, type ErrorCode } from "@/lib/errors";

const NO_STORE = { "Cache-Control": "no-store" };

/** A JSON response; every API answer is `no-store` since most carry account data. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

export function noContent(): Response {
  return new Response(null, { status: 204, headers: NO_STORE });
}

/** The contract's error shape: `{"error": {"code", "message", "details"}}`. */
export function errorResponse(code: ErrorCode, status: number, message: string, details?: unknown, headers = {}) {
  return json(errorBody(new AppError(code, message, details)), status, headers);
}

export function appErrorResponse(error: AppError): Response {
  return errorResponse(error.code, error.status, error.message, error.details, error.headers);
}

/** The contract's error body for an AppError. */
export function errorBody(error: AppError) {
  return { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
}
