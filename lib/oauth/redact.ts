import { formEncodeValue } from "./form-encoding";
import { readHeader, type HttpRequest } from "./http-send";

/**
 * Redaction, in one place for the engine and the outbound client: which values of a request may be
 * secrets, and how a message is cleaned of them. Pure, so lib/oauth can use it and lib/http imports it.
 */

// Shorter values are grant types and the like; redacting them would shred a message without hiding anything.
export const MIN_SECRET_LENGTH = 6;
export const REDACTED = "[redacted]";

/** Every value of a request that could be a secret, in the forms it may show up in an error message. */
export function collectRequestSecrets(request: HttpRequest): string[] {
  const values = new Set<string>();
  const authorization = readHeader(request.headers, "authorization");
  if (authorization) {
    values.add(authorization);
    const credentials = credentialOf(authorization);
    values.add(credentials);
    if (/^basic\s/i.test(authorization)) {
      const decoded = Buffer.from(credentials, "base64").toString("utf8");
      values.add(decoded);
      for (const part of decoded.split(":")) values.add(safeDecode(part.replaceAll("+", " ")));
    }
  }
  if (URL.canParse(request.url)) {
    for (const value of new URL(request.url).searchParams.values()) values.add(value);
  }
  for (const value of bodyValues(request.body ?? "")) values.add(value);

  const forms = [...values].flatMap(encodingsOf);
  return [...new Set(forms)].filter((value) => value.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

function encodingsOf(value: string): string[] {
  const forms = [value, formEncodeValue(value), JSON.stringify(value).slice(1, -1)];
  try {
    forms.push(encodeURIComponent(value));
  } catch {
    // A lone surrogate cannot be percent-encoded, so it cannot appear that way either.
  }
  return forms;
}

function bodyValues(body: string): string[] {
  try {
    return leafStrings(JSON.parse(body));
  } catch {
    return [...new URLSearchParams(body).values()];
  }
}

function leafStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "number") return [String(value)];
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(leafStrings);
  return [];
}

/** Percent-decodes, or keeps the text as it is when it is not valid percent-encoding. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The credential of an authorization-like header value: "Bearer abc" also leaks as "abc". */
export function credentialOf(value: string): string {
  return value.trim().split(/\s+/).slice(1).join(" ");
}

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
