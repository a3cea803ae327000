import { NextResponse, type NextRequest } from "next/server";
import { newNonce, securityHeaders } from "@/lib/api/security-headers";
import { getEnv } from "@/lib/env";

/**
 * Runs before every page and route: a fresh CSP nonce per response (Next.js reads it from the request's
 * Content-Security-Policy header and puts it on its inline scripts) and the security headers.
 */
export function proxy(request: NextRequest) {
  const env = getEnv();
  const nonce = newNonce();
  const headers = securityHeaders(nonce, { isDev: env.NODE_ENV === "development", isHttps: env.APP_URL.startsWith("https://") });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", headers["Content-Security-Policy"]!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Static assets carry no inline script and are served as they were built.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
