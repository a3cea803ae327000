/**
 * Keeps a post-sign-in or post-connect target only when it is a same-origin relative path; anything
 * else (an absolute URL, `//host`, `/\host`, a javascript: URL) falls back.
 */
export function safeReturnPath(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  try {
    const url = new URL(value, "http://gatehouse.invalid");
    if (url.origin !== "http://gatehouse.invalid") return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
