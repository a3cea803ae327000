import type { OAuthConfig } from "./config";
import { renderHttpUrlTemplate, TemplateError, usesTemplateName, type TemplateValues } from "./template";

export interface AuthorizeUrlOptions {
  /** Required when the config has `pkce` on; also the value of `{{code_challenge}}`. */
  codeChallenge?: string;
}

/**
 * Renders the config's `linkUrl`. With PKCE on, `code_challenge` and `code_challenge_method=S256` are appended
 * unless the template places the challenge itself (CONTRACT.md, `pkce`).
 */
export function buildAuthorizeUrl(
  config: Pick<OAuthConfig, "linkUrl" | "pkce">,
  values: TemplateValues,
  { codeChallenge }: AuthorizeUrlOptions = {},
): string {
  const url = renderHttpUrlTemplate(config.linkUrl, codeChallenge ? { ...values, code_challenge: codeChallenge } : values);
  if (!config.pkce) return url;
  if (!codeChallenge) throw new Error("PKCE is on for this config: pass a code challenge");
  if (usesTemplateName(config.linkUrl, "code_challenge")) return url;
  return appendQueryParameters(url, { code_challenge: codeChallenge, code_challenge_method: "S256" });
}

/**
 * The link URL with `state={{state}}` added when the developer left it out: every callback without the
 * state would be refused, so a link that forgets it is completed when it is saved rather than saved broken.
 */
export function withStateParameter(linkUrl: string): string {
  try {
    if (usesTemplateName(linkUrl, "state")) return linkUrl;
  } catch (error) {
    // A template that does not parse is reported as such where it is checked; it is left as written.
    if (error instanceof TemplateError) return linkUrl;
    throw error;
  }
  const hashAt = linkUrl.indexOf("#");
  const [base, fragment] = hashAt === -1 ? [linkUrl, ""] : [linkUrl.slice(0, hashAt), linkUrl.slice(hashAt)];
  const separator = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
  return `${base}${separator}state={{state}}${fragment}`;
}

// Appends to the text rather than going through URL, which would re-serialise what the developer wrote.
function appendQueryParameters(url: string, parameters: Record<string, string>): string {
  const hashAt = url.indexOf("#");
  const [base, fragment] = hashAt === -1 ? [url, ""] : [url.slice(0, hashAt), url.slice(hashAt)];
  const separator = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
  return `${base}${separator}${new URLSearchParams(parameters).toString()}${fragment}`;
}

/**
 * The scopes a rendered authorization URL asks for, for the consent page: its `scope` parameter and any
 * `…_scope` one (Slack's `user_scope`), split on spaces, commas and pluses.
 */
export function readScopes(url: string): string[] {
  if (!URL.canParse(url)) return [];
  const scopes: string[] = [];
  for (const [name, value] of new URL(url).searchParams) {
    if (name === "scope" || name.endsWith("_scope")) scopes.push(...value.split(/[\s,+]+/).filter(Boolean));
  }
  return [...new Set(scopes)];
}
