"use client";

/**
 * Signs out through next-auth's own endpoint, as next-auth/react's `signOut` does (fetch the CSRF token,
 * POST the sign-out, follow the URL it answers), without shipping that client library with every page
 * of the dashboard: the top bar's Sign out is on all of them.
 */
export async function signOut({ callbackUrl }: { callbackUrl: string }): Promise<void> {
  const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl, json: "true" }),
  });
  const { url } = (await response.json().catch(() => ({}))) as { url?: string };
  window.location.href = url ?? callbackUrl;
}
