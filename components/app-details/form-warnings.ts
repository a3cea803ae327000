/**
 * Warnings on the App details form: things that save and may well be intended, but often are a mistake.
 * Unlike the schema's errors they never block a save.
 */

const BODY_REDIRECT_URI = /"redirect_uri"\s*:\s*("(?:[^"\\]|\\.)*")/;
const LINK_REDIRECT_URI = /[?&]redirect_uri=([^&#]*)/;

/** The redirect_uri the link URL sends, decoded; a placeholder stays as written. Null when it sends none. */
function linkRedirectUri(linkUrl: string): string | null {
  const match = LINK_REDIRECT_URI.exec(linkUrl);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!.replace(/\+/g, " "));
  } catch {
    return match[1]!;
  }
}

/** The redirect_uri a request body template sends when it is a literal (no placeholder), else null. */
function literalBodyRedirectUri(requestBody: string): string | null {
  const match = BODY_REDIRECT_URI.exec(requestBody);
  if (!match) return null;
  let value: unknown;
  try {
    value = JSON.parse(match[1]!);
  } catch {
    return null;
  }
  return typeof value === "string" && !value.includes("{{") ? value : null;
}

/**
 * RFC 6749 §4.1.3: the token request's redirect_uri must equal the one the authorization request sent. A body
 * that writes a fixed redirect_uri (as the platform's seed data does) while the link sends another, or a
 * placeholder whose value may differ, is worth a word; it still saves, as the provider may accept it.
 */
export function findRedirectUriMismatch(linkUrl: string, requestBody: string): string | null {
  const fromBody = literalBodyRedirectUri(requestBody);
  const fromLink = linkRedirectUri(linkUrl);
  if (fromBody === null || fromLink === null || fromBody === fromLink) return null;
  return fromLink.includes("{{")
    ? `The request body sends the fixed redirect_uri ${fromBody}, while the link url sends ${fromLink}; the provider refuses the token request unless they are equal.`
    : `The request body sends the redirect_uri ${fromBody}, but the link url sends ${fromLink}; the provider refuses the token request unless they are equal.`;
}
