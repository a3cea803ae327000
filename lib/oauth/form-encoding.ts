/** application/x-www-form-urlencoded, as WHATWG URLSearchParams writes and reads it. */

export function encodeForm(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Reads a form-encoded string (or a URL's query, with or without its "?") into an object; a repeated key keeps its last value. */
export function decodeForm(text: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(text));
}

/** Form-encodes a single value, as RFC 6749 §2.3.1 asks for the client id and secret in HTTP Basic. */
export function formEncodeValue(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice("v=".length);
}
