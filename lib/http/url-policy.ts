import { isIP } from "node:net";
import { describeBlockedReason } from "./ip-address";

export type UrlPolicyOptions = {
  allowPrivateNetworks: boolean;
  /** Exact origins exempt from the address rules, as for the outbound client (e.g. the built-in sandbox provider). */
  allowedOrigins?: string[];
};

export type UrlPolicyResult = { ok: true } | { ok: false; message: string };

/** Save-time check of a configured URL: https (or http when private networks are allowed), no credentials, and no host the outbound policy would refuse by its name alone. */
export function checkUrlPolicy(url: string, options: UrlPolicyOptions): UrlPolicyResult {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed) return { ok: false, message: "The URL is not valid" };
  const isExempt = options.allowedOrigins?.some((origin) => normalizeOrigin(origin) === parsed.origin) ?? false;
  const allowsHttp = options.allowPrivateNetworks || isExempt;
  if (parsed.protocol !== "https:" && !(allowsHttp && parsed.protocol === "http:")) {
    return { ok: false, message: allowsHttp ? "The URL must use http or https" : "The URL must use https" };
  }
  if (parsed.username || parsed.password) {
    return { ok: false, message: "The URL must not contain a user name or password" };
  }
  if (options.allowPrivateNetworks || isExempt) return { ok: true };
  const host = getUrlHostname(parsed);
  if (isLocalhostName(host)) {
    return { ok: false, message: `The URL points to ${host}, which the outbound policy refuses` };
  }
  const reason = isIP(host) ? describeBlockedReason(host) : null;
  if (reason) return { ok: false, message: `The URL points to ${reason}, which the outbound policy refuses` };
  return { ok: true };
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
