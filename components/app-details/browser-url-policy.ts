/**
 * The outbound policy's save-time URL rules as far as a browser can check them (lib/http needs node:net,
 * so it stays on the server). Address checks that need DNS or IP parsing are left to the server's 422.
 */

export interface PublicUrlPolicy {
  allowPrivateNetworks: boolean;
  /** Origins exempt from the address rules, such as Gatehouse's own sandbox provider. */
  allowedOrigins: string[];
}

/** Returns the `checkUrl` option of checkAppDefinition for the browser: a message when a URL would be refused. */
export function createBrowserUrlCheck(policy: PublicUrlPolicy): (url: string) => string | null {
  const exemptOrigins = new Set(policy.allowedOrigins.filter((origin) => URL.canParse(origin)).map((origin) => new URL(origin).origin));
  return (url) => {
    if (!URL.canParse(url)) return "The URL is not valid";
    const parsed = new URL(url);
    const allowsHttp = policy.allowPrivateNetworks || exemptOrigins.has(parsed.origin);
    if (parsed.protocol !== "https:" && !(allowsHttp && parsed.protocol === "http:")) {
      return allowsHttp ? "The URL must use http or https" : "The URL must use https";
    }
    if (parsed.username || parsed.password) return "The URL must not contain a user name or password";
    if (allowsHttp) return null;
    const host = parsed.hostname.toLowerCase().replace(/\.$/, "");
    if (host === "localhost" || host.endsWith(".localhost")) {
      return `The URL points to ${host}, which the outbound policy refuses`;
    }
    return null;
  };
}
