export const REDACTED = "[redacted]";

/** Replaces every occurrence of each secret (and its percent-encoded forms) with "[redacted]". */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    variants.add(secret);
    variants.add(encodeURIComponent(secret));
    variants.add(encodeURI(secret));
  }
  // Longest first, so a secret that contains another is not left half-redacted.
  let result = text;
  for (const variant of [...variants].sort((a, b) => b.length - a.length)) {
    if (result.includes(variant)) result = result.split(variant).join(REDACTED);
  }
  return result;
}

/** Renders a URL for messages as origin and path only: user info, query string and fragment often carry secrets. */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
