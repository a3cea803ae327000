import { isIP } from "node:net";
import { Agent } from "undici";
import { BlockedLookupError, createNetLookup, resolveWithDns, type LookupFunction } from "./guarded-lookup";
import { describeBlockedReason } from "./ip-address";
import { OutboundError } from "./outbound-error";
import { exchangeHop, StaleConnectionError, type Hop, type HopAnswer, type HopLimits, type RequestState } from "./hop-exchange";
import { credentialOf, describeUrl, MIN_SECRET_LENGTH, redactSecrets, safeDecode } from "@/lib/oauth/redact";
import { getUrlHostname, normalizeOrigin, urlShapeProblem } from "./url-rules";

export type { LookupFunction, ResolvedAddress } from "./guarded-lookup";

export type OutboundClientOptions = {
  allowPrivateNetworks: boolean;
  timeoutMs?: number;
  maxResponseBytes?: number;
  maxRedirects?: number;
  /** Exact origins exempt from the address check, e.g. Gatehouse's own built-in sandbox provider. */
  allowedOrigins?: string[];
  lookup?: LookupFunction;
};

export type OutboundRequest = {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  timeoutMs?: number;
  maxResponseBytes?: number;
  followRedirects?: boolean;
  /** Extra strings to redact from error messages. */
  secrets?: string[];
  /** Headers besides authorization, cookie and proxy-authorization that carry credentials: dropped on redirect, redacted from errors. */
  sensitiveHeaders?: string[];
};

export type OutboundResponse = {
  status: number;
  /** Lower-cased names; repeated headers joined with ", ", except set-cookie, joined with "\n". */
  headers: Record<string, string>;
  body: string;
  url: string;
};

export type OutboundClient = {
  request(request: OutboundRequest): Promise<OutboundResponse>;
  /** Closes the pooled keep-alive connections. */
  close(): void;
};

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 5;
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);
// Idle pooled connections are closed after this long (or sooner when the server's Keep-Alive says so).
const KEEP_ALIVE_MS = 4_000;
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];
// Headers that describe the request body, removed when a redirect turns the request into a bodiless GET.
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location", "transfer-encoding"];
// Some APIs (GitHub's among them) refuse requests without a User-Agent; fetch sends both of these too.
const DEFAULT_HEADERS = { accept: "*/*", "user-agent": "Gatehouse" };

/** Creates the client every server-side request to a configured URL goes through: it refuses non-public addresses (checking the IP actually connected to, and every redirect hop), drops credentials on redirects, and caps time and response size. */
export function createOutboundClient(options: OutboundClientOptions): OutboundClient {
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const defaultMaxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const allowedOrigins = new Set((options.allowedOrigins ?? []).map(normalizeOrigin));
  const resolve = options.lookup ?? resolveWithDns;
  // undici's pools, one per origin, for http and https alike. Pooled sockets carry the check made when they
  // were opened (the lookup given to each new socket), so pools are never shared between clients with
  // different policies, nor between checked and exempt origins.
  const pools = {
    checked: new Agent({ connect: { lookup: createNetLookup(resolve, true) }, keepAliveTimeout: KEEP_ALIVE_MS }),
    exempt: new Agent({ connect: { lookup: createNetLookup(resolve, false) }, keepAliveTimeout: KEEP_ALIVE_MS }),
  };

  function isExempt(url: URL): boolean {
    return options.allowPrivateNetworks || allowedOrigins.has(url.origin);
  }

  /** Validates a hop's URL; names are checked later, on the addresses the socket actually connects to. */
  function checkHop(url: URL): void {
    const problem = urlShapeProblem(url, true);
    if (problem === "protocol") {
      throw new OutboundError("invalid_url", `Only http and https URLs are supported (got ${url.protocol.slice(0, 20)})`);
    }
    if (problem === "credentials") {
      throw new OutboundError("invalid_url", `URLs with a user name or password are not supported (host ${url.hostname})`);
    }
    const host = getUrlHostname(url);
    // Node skips the lookup for IP literals, so they are checked here instead.
    if (!isExempt(url) && isIP(host)) {
      const reason = describeBlockedReason(host);
      if (reason) throw new BlockedLookupError(host, reason);
    }
  }

  async function sendHop(hop: Hop, limits: HopLimits, state: RequestState): Promise<HopAnswer> {
    const pool = isExempt(hop.url) ? pools.exempt : pools.checked;
    try {
      return await exchangeHop(pool, hop, limits, state);
    } catch (error) {
      // A keep-alive connection can be closed by the server just as a request is written to it; the server
      // never saw the request, but only idempotent ones are safe to send again.
      if (!(error instanceof StaleConnectionError) || state.hasExpired || !IDEMPOTENT_METHODS.has(hop.method)) throw error;
      return exchangeHop(pool, hop, limits, state);
    }
  }

  async function send(request: OutboundRequest): Promise<OutboundResponse> {
    const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
    const state: RequestState = { url: undefined, hasExpired: false, cancel: undefined };
    const timer = setTimeout(() => {
      state.hasExpired = true;
      state.cancel?.();
    }, timeoutMs);
    try {
      // The hops, in this function rather than one of their own: every async layer is a promise per call.
      let hop: Hop = {
        url: parseUrl(request.url),
        method: request.method.toUpperCase(),
        headers: normalizeHeaders(request.headers),
        body: request.body,
      };
      const limits: HopLimits = { maxBytes: request.maxResponseBytes ?? defaultMaxBytes, followRedirects: request.followRedirects ?? true };
      for (let redirects = 0; ; redirects += 1) {
        state.url = hop.url;
        checkHop(hop.url);
        const { status, headers, body, decoded } = await sendHop(hop, limits, state);
        if (body === undefined) {
          if (redirects >= maxRedirects) {
            throw new OutboundError("too_many_redirects", `Request to ${describeUrl(hop.url)} was redirected more than ${maxRedirects} times`);
          }
          hop = redirectHop(hop, status, headers.location!, request);
          continue;
        }
        if (decoded) {
          // The body handed back is already decoded; keeping these would make a proxy mislabel it.
          delete headers["content-encoding"];
          delete headers["content-length"];
        }
        return { status, headers, body: body.toString("utf8"), url: hop.url.href };
      }
    } catch (error) {
      throw toOutboundError(error, request, state, timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    request: send,
    close() {
      void pools.checked.destroy();
      void pools.exempt.destroy();
    },
  };
}

function parseUrl(text: string, base?: URL): URL {
  try {
    return new URL(text, base);
  } catch {
    throw new OutboundError("invalid_url", base ? `Redirect from ${describeUrl(base)} has an invalid location` : "The URL is not valid");
  }
}

function normalizeHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const result: Record<string, string> = { ...DEFAULT_HEADERS };
  for (const name in headers) result[name.toLowerCase()] = headers[name]!;
  return result;
}

/** Builds the next hop of a redirect: method rewritten as browsers do, and nothing that could carry a credential. */
function redirectHop(hop: Hop, status: number, location: string, request: OutboundRequest): Hop {
  const url = parseUrl(location, hop.url);
  const dropped = getSensitiveHeaders(request);
  const secrets = (request.secrets ?? []).filter(Boolean);
  const becomesGet = (status === 303 && hop.method !== "HEAD") || ((status === 301 || status === 302) && hop.method === "POST");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(hop.headers)) {
    // Host belongs to the previous origin; a header holding a known secret is a credential whatever its name.
    if (dropped.has(name) || name === "host" || secrets.some((secret) => value.includes(secret))) continue;
    if (becomesGet && BODY_HEADERS.includes(name)) continue;
    headers[name] = value;
  }
  return becomesGet ? { url, method: "GET", headers, body: undefined } : { url, method: hop.method, headers, body: hop.body };
}

/** Maps any failure to an OutboundError whose message names the host and is built already redacted (a stack trace copies the message when the error is created). */
function toOutboundError(error: unknown, request: OutboundRequest, state: RequestState, timeoutMs: number): OutboundError {
  const secrets = collectSecrets(request);
  const target = state.url ? describeUrl(state.url) : "an invalid URL";
  if (state.hasExpired) return new OutboundError("timeout", redactSecrets(`Request to ${target} timed out after ${timeoutMs} ms`, secrets));
  if (error instanceof OutboundError) return new OutboundError(error.code, redactSecrets(error.message, secrets));
  if (error instanceof BlockedLookupError) {
    return new OutboundError(
      "blocked_address",
      redactSecrets(`${error.message}, and the outbound policy allows only public addresses`, secrets),
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new OutboundError("network", redactSecrets(`Request to ${target} failed: ${detail}`, secrets));
}

/** Every value of this request that could be a credential: the caller's secrets, sensitive headers, URL user info and query values. */
function collectSecrets(request: OutboundRequest): string[] {
  const secrets = [...(request.secrets ?? [])];
  const sensitive = getSensitiveHeaders(request);
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (!sensitive.has(name.toLowerCase())) continue;
    secrets.push(value);
    const credential = credentialOf(value);
    if (credential) secrets.push(credential);
  }
  if (URL.canParse(request.url)) {
    const url = new URL(request.url);
    secrets.push(url.username, url.password, safeDecode(url.username), safeDecode(url.password));
    // Messages never render the query, so this is a second line of defence; short values ("10", "json")
    // are skipped because redacting them would garble messages without protecting any real credential.
    for (const value of url.searchParams.values()) if (value.length >= MIN_SECRET_LENGTH) secrets.push(value);
  }
  return secrets;
}

function getSensitiveHeaders(request: OutboundRequest): Set<string> {
  return new Set([...CREDENTIAL_HEADERS, ...(request.sensitiveHeaders ?? []).map((name) => name.toLowerCase())]);
}
