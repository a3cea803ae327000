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
  if (variants.size === 0) return text;
  // One pass, longest alternative first, so a secret that contains another is not left half-redacted.
  const pattern = [...variants]
    .sort((a, b) => b.length - a.length)
    .map((variant) => variant.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("|");
  return text.replace(new RegExp(pattern, "g"), REDACTED);
}

/** Renders a URL for messages as origin and path only: user info, query string and fragment often carry secrets. */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
