import { checkConfiguredUrl } from "@/lib/http/url-rules";

/**
 * The outbound policy's save-time URL rules as far as a browser can check them: the same module as the
 * server's, without the IP literal check (that needs node:net), which is left to the server's 422.
 */
export interface PublicUrlPolicy {
  allowPrivateNetworks: boolean;
  /** Origins exempt from the address rules, such as Gatehouse's own sandbox provider. */
  allowedOrigins: string[];
}

/** Returns the `checkUrl` option of checkAppDefinition for the browser: a message when a URL would be refused. */
export function createBrowserUrlCheck(policy: PublicUrlPolicy): (url: string) => string | null {
  return (url) => checkConfiguredUrl(url, policy);
}
