/**
 * The outbound policy's rules about a URL's shape, in one place for the server (save-time checks and each
 * hop of the outbound client) and the browser (the app form's checks). No node: imports, so the browser
 * bundle can carry it; address checks that need IP parsing or DNS are passed in by the server.
 */

export type UrlShapeProblem = "protocol" | "credentials";

/** What is wrong with a URL's shape, whatever host it names: a scheme other than https (or http when allowed), or user info. */
export function urlShapeProblem(url: URL, allowsHttp: boolean): UrlShapeProblem | null {
  if (url.protocol !== "https:" && !(allowsHttp && url.protocol === "http:")) return "protocol";
  if (url.username || url.password) return "credentials";
  return null;
}

export interface ConfiguredUrlPolicy {
  allowPrivateNetworks: boolean;
  /** Exact origins exempt from the address rules (e.g. the built-in sandbox provider). */
  allowedOrigins?: string[];
  /** The server's check of an IP literal host: why it is refused, or null. The browser leaves it to the server. */
  describeIpLiteral?: (host: string) => string | null;
}

/** Save-time check of a configured URL: a message when the outbound policy would refuse it by its text alone. */
export function checkConfiguredUrl(url: string, policy: ConfiguredUrlPolicy): string | null {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed) return "The URL is not valid";
  const isExempt = (policy.allowedOrigins ?? []).some((origin) => URL.canParse(origin) && new URL(origin).origin === parsed.origin);
  const allowsHttp = policy.allowPrivateNetworks || isExempt;
  const problem = urlShapeProblem(parsed, allowsHttp);
  if (problem === "protocol") return allowsHttp ? "The URL must use http or https" : "The URL must use https";
  if (problem === "credentials") return "The URL must not contain a user name or password";
  if (allowsHttp) return null;
  const host = getUrlHostname(parsed);
  if (isLocalhostName(host)) return `The URL points to ${host.toLowerCase().replace(/\.$/, "")}, which the outbound policy refuses`;
  const reason = policy.describeIpLiteral?.(host) ?? null;
  return reason ? `The URL points to ${reason}, which the outbound policy refuses` : null;
}

/** The URL's host without the brackets of an IPv6 literal, as DNS and sockets expect it. */
export function getUrlHostname(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

/** Normalises an origin written in configuration (`http://localhost:3000/` → `http://localhost:3000`). */
export function normalizeOrigin(origin: string): string {
  return new URL(origin).origin;
}

// RFC 6761 reserves localhost and everything under it for loopback.
function isLocalhostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost");
}
