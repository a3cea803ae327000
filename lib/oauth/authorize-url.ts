import type { OAuthConfig } from "./config";
import { renderHttpUrlTemplate, usesTemplateName, type TemplateValues } from "./template";

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

// Appends to the text rather than going through URL, which would re-serialise what the developer wrote.
function appendQueryParameters(url: string, parameters: Record<string, string>): string {
  const hashAt = url.indexOf("#");
  const [base, fragment] = hashAt === -1 ? [url, ""] : [url.slice(0, hashAt), url.slice(hashAt)];
  const separator = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
  return `${base}${separator}${new URLSearchParams(parameters).toString()}${fragment}`;
}

/** The scopes in a URL's `scope` parameter, split on spaces, commas and pluses, for the consent page. */
export function readScopes(url: string): string[] {
  if (!URL.canParse(url)) return [];
  const scope = new URL(url).searchParams.get("scope") ?? "";
  return [...new Set(scope.split(/[\s,+]+/).filter(Boolean))];
}
