/**
 * The security headers of every response Next.js serves (set by `proxy.ts`). Next.js inlines its
 * bootstrap scripts, so scripts are allowed by a fresh per-request nonce ('strict-dynamic' lets the
 * scripts it loads load theirs); styles keep 'unsafe-inline' because React writes style attributes.
 * No page may be framed (the consent page above all: framing it is how an "Allow access" click is
 * hijacked). `form-action` is left open on purpose: the consent form's answer redirects to the provider.
 */
export function contentSecurityPolicy(nonce: string, options: { isDev: boolean; isHttps: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    // App logos live on the provider's or developer's host (an http one only where Gatehouse itself is http).
    `img-src 'self' data: blob: https:${options.isHttps ? "" : " http:"}`,
    "font-src 'self' data:",
    `connect-src 'self'${options.isDev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    ...(options.isHttps ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/**
 * The headers that depend on the request or the configuration at run time. The fixed ones (nosniff,
 * X-Frame-Options for old browsers, the Referrer-Policy of each path) are in next.config.mjs.
 */
export function securityHeaders(nonce: string, options: { isDev: boolean; isHttps: boolean }): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce, options),
    ...(options.isHttps ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/** A nonce for one response: 128 random bits in base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** The script nonce of a Content-Security-Policy made by `contentSecurityPolicy`, or null. */
export function nonceOf(policy: string | undefined): string | null {
  return /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy ?? "")?.[1] ?? null;
}
