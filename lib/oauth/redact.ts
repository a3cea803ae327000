import { formEncodeValue } from "./form-encoding";
import { readHeader, type HttpRequest } from "./http-send";

// Shorter values are grant types and the like; redacting them would shred a message without hiding anything.
const MIN_SECRET_LENGTH = 6;
const REDACTED = "[redacted]";

/** Every value of a request that could be a secret, in the forms it may show up in an error message. */
export function collectRequestSecrets(request: HttpRequest): string[] {
  const values = new Set<string>();
  const authorization = readHeader(request.headers, "authorization");
  if (authorization) {
    values.add(authorization);
    const credentials = authorization.replace(/^\S+\s+/, "");
    values.add(credentials);
    if (/^basic\s/i.test(authorization)) {
      const decoded = Buffer.from(credentials, "base64").toString("utf8");
      values.add(decoded);
      for (const part of decoded.split(":")) values.add(safeDecode(part));
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

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return text;
  }
}

/** Replaces every occurrence of every secret; secrets are expected longest first, as collectRequestSecrets returns them. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((redacted, secret) => redacted.replaceAll(secret, REDACTED), text);
}
