import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/options";
import { runWithSignInRefusals } from "@/lib/auth/sign-in-refusals";
import { MAX_BODY_BYTES, readWebBody, toAppError } from "./core";
import { appErrorResponse } from "./responses";

type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth's own endpoints (csrf, session, sign-in, sign-out) behind the body cap, and with a refused
 * sign-in answered as 429 with `Retry-After` (next-auth's JSON answer `{url}` is kept, so its client still
 * reads the `rate_limited` error from it).
 */
export async function nextAuthRoute(request: NextRequest, context: Context): Promise<Response> {
  let forwarded = request;
  if (request.method === "POST") {
    try {
      const body = await readWebBody(request, MAX_BODY_BYTES);
      const headers = new Headers(request.headers);
      headers.delete("content-length");
      forwarded = new NextRequest(request.url, { method: "POST", headers, body });
    } catch (error) {
      return appErrorResponse(toAppError(error, request.nextUrl.pathname));
    }
  }
  const { result: response, retryAfterSeconds } = await runWithSignInRefusals(async () =>
    NextAuth(forwarded, context, await getAuthOptions()),
  );
  // A plain form post keeps its redirect (to the sign-in page with `error=rate_limited`); a JSON answer
  // (next-auth's own client) becomes the 429.
  if (retryAfterSeconds === undefined || !response.headers.get("content-type")?.includes("application/json")) return response;
  const headers = new Headers(response.headers);
  headers.set("Retry-After", String(retryAfterSeconds));
  return new Response(response.body, { status: 429, headers });
}
