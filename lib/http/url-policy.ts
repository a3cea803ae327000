import { isIP } from "node:net";
import { describeBlockedReason } from "./ip-address";
import { checkConfiguredUrl } from "./url-rules";

export { getUrlHostname, normalizeOrigin } from "./url-rules";

export type UrlPolicyOptions = {
  allowPrivateNetworks: boolean;
  /** Exact origins exempt from the address rules, as for the outbound client (e.g. the built-in sandbox provider). */
  allowedOrigins?: string[];
};

export type UrlPolicyResult = { ok: true } | { ok: false; message: string };

const describeIpLiteral = (host: string) => (isIP(host) ? describeBlockedReason(host) : null);

/** Save-time check of a configured URL: the shared rules, plus the refusal of private IP literals. */
export function checkUrlPolicy(url: string, options: UrlPolicyOptions): UrlPolicyResult {
  const message = checkConfiguredUrl(url, { ...options, describeIpLiteral });
  return message ? { ok: false, message } : { ok: true };
}
