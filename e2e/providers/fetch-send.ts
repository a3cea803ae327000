import type { HttpSend } from "../../lib/oauth/http-send";

/**
 * An HttpSend over global fetch with a time-out, for tests against the local providers. The app itself sends
 * through lib/http's outbound client instead.
 */
export function createFetchSend({ timeoutMs = 5000 }: { timeoutMs?: number } = {}): HttpSend {
  return async ({ url, method, headers, body }) => {
    const response = await fetch(url, {
      method,
      headers,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      ...(body === undefined ? {} : { body }),
    });
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  };
}
