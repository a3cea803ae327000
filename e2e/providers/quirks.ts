import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

import { readRequestBody, startLoopbackServer } from "./loopback-server";

/**
 * A small token server on 127.0.0.1 that behaves like real providers where they stray from the specs (and
 * where oidc-provider, being faithful to them, cannot stand in). All providers share one client.
 *
 * Routes, with {p} one of github, slack, notion, salesforce, string-expiry, slow, seed:
 *   GET  /{p}/authorize  302 straight back to redirect_uri with a fresh `code` and the `state` (no sign-in page)
 *   POST /{p}/token      grant_type=authorization_code exchanges a code once; grant_type=refresh_token refreshes
 *   POST /down/token     always 503 with an HTML page and `Retry-After: 30`
 *   GET  /seed/contacts  200 JSON for a valid, unexpired seed access token, 401 otherwise
 *   ANY  /{p}/api/…      the provider's API: 200 JSON echoing the path, the query and the X-Workspace header for
 *                        an access token that provider issued, 401 otherwise (salesforce's `instance_url` is
 *                        this server's origin, so its API is reached there)
 *
 * What each provider does:
 *   github         answers form-encoded whatever Accept says; errors come with HTTP 200 (error=bad_verification_code,
 *                  incorrect_client_credentials, bad_refresh_token); expires_in=28800; refresh tokens rotate
 *   slack          JSON with the user's tokens under `authed_user` from the code exchange, but at the top level from a
 *                  refresh (as Slack's token rotation answers); errors as HTTP 200 {"ok": false, "error": "invalid_code"}
 *                  (also invalid_client_id, invalid_refresh_token)
 *   notion         needs a JSON body (400 otherwise) and HTTP Basic client authentication (401 invalid_client otherwise)
 *   salesforce     sends no expires_in; a refresh brings a new access token but no new refresh token
 *   string-expiry  "expires_in": "3600" as a string, in JSON labelled text/plain
 *   slow           an ordinary JSON answer, after `slowDelayMs`; refresh tokens rotate; a request whose client gave
 *                  up during the wait is not processed (its code or refresh token stays unused)
 *   seed           CONTRACT.md's example app: the code exchange must be JSON with exactly grant_type, redirect_uri,
 *                  code, client_id and client_secret, the secret byte for byte, and redirect_uri the very string sent
 *                  to /seed/authorize; a refresh must be exactly {refresh_token, grant_type}; both bodies must be the
 *                  text the seed's templates render to, spacing and order included; refresh tokens rotate;
 *                  access tokens live `accessTokenTtlSeconds`
 * Codes are single-use and bound to their provider and redirect_uri. Unknown, used or revoked refresh tokens get
 * each provider's own refusal (invalid_grant for the standard ones). Every request is recorded without secrets.
 *
 * Faults, switched at run time with `injectFault(fault, count)`: the next `count` matching requests
 *   500            HTTP 500 with a JSON server_error
 *   html           HTTP 200 with an HTML page (a proxy's or a login page in place of the API)
 *   truncated-json HTTP 200, JSON labelled, cut off halfway
 *   hang           never answer (the caller's time-out must end it)
 *   reset          the TCP connection is reset before any answer
 *   lost-response  the request is processed in full (a code or a rotated refresh token is spent), then the
 *                  connection is reset: the answer never arrives
 *   slow           the ordinary answer, after `slowDelayMs` (to act while a request is in flight)
 * `setRefreshReuseGrace(ms)` makes rotating providers accept a just-rotated refresh token again within `ms`, as
 * many real providers do; by default they are strict and refuse any reuse.
 */

export const QUIRKS_PROVIDERS = ["github", "slack", "notion", "salesforce", "string-expiry", "slow", "seed"] as const;
export type QuirksProvider = (typeof QUIRKS_PROVIDERS)[number];

export interface QuirksOptions {
  /** Default "quirks-client". */
  clientId?: string;
  /** Default "quirks-secret". */
  clientSecret?: string;
  /** How long /slow/token waits before answering. Default 5000. */
  slowDelayMs?: number;
  /** Lifetime of seed access tokens. Default 3600. */
  accessTokenTtlSeconds?: number;
}

export const QUIRKS_FAULTS = ["500", "html", "truncated-json", "hang", "reset", "lost-response", "slow"] as const;
export type QuirksFault = (typeof QUIRKS_FAULTS)[number];

export interface QuirksFaultTarget {
  /** Default "token". */
  endpoint?: "authorize" | "token" | "contacts" | "api";
  /** Default any provider. */
  provider?: string;
}

export interface QuirksRequestRecord {
  provider: string;
  endpoint: "authorize" | "token" | "contacts" | "api";
  method: string;
  contentType?: string;
  clientAuthentication: "basic" | "body" | "none";
  grantType?: string;
  /** The body's field names; values are left out as they hold secrets. */
  bodyKeys: string[];
  /** Not a secret, and what security rule 3 compares between authorize and token. */
  redirectUri?: string;
  /** Set once the answer has been handed to the connection (never, when a fault cut it). */
  answered?: boolean;
  /** The HTTP status of that answer. */
  status?: number;
}

export interface QuirksHandle {
  origin: string;
  /** e.g. url("github", "token") → "http://127.0.0.1:1234/github/token" */
  url(provider: QuirksProvider | "down", endpoint: "authorize" | "token" | "contacts" | "api"): string;
  requests: QuirksRequestRecord[];
  /** What each provider's API received from callers with a valid token, oldest first. */
  apiCalls: QuirksApiCall[];
  /** How many requests reached a token endpoint, for one provider or all. */
  tokenRequestCount(provider?: string): number;
  /** Makes every refresh token issued so far unusable, as when the user revokes access at the provider. */
  revokeRefreshTokens(): void;
  /** Changes how long /slow/token waits, for requests that arrive from now on. */
  setSlowDelayMs(ms: number): void;
  /** The next `count` requests matching `target` fail with `fault` (added to any faults already queued). */
  injectFault(fault: QuirksFault, count: number, target?: QuirksFaultTarget): void;
  /** Drops every queued fault: the provider has recovered. */
  clearFaults(): void;
  /** How many injected faults have not fired yet. */
  pendingFaults(): number;
  /** How long a rotated refresh token stays usable (0, the default, refuses any reuse). */
  setRefreshReuseGrace(ms: number): void;
  close(): Promise<void>;
}

export interface QuirksApiCall {
  provider: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** The X-Workspace header, for tests of user-level settings in headers. */
  workspace: string | null;
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

interface TokenCall {
  provider: QuirksProvider;
  grantType: string | undefined;
  fields: Record<string, unknown>;
  isJson: boolean;
  /** The body as it arrived. */
  raw: string;
  client: { id?: string; secret?: string; method: QuirksRequestRecord["clientAuthentication"] };
}

/**
 * The text the seed's own templates render to, spacing and field order as CONTRACT.md writes them: the
 * seed provider takes nothing else, so a test that connects and refreshes through it shows that the pasted
 * bodies are sent byte for byte.
 */
function seedBodyText(fields: Record<string, unknown>, isExchange: boolean): string {
  const quoted = (key: string) => JSON.stringify(fields[key]);
  return isExchange
    ? `{"grant_type": "authorization_code", "redirect_uri": ${quoted("redirect_uri")}, "code": ${quoted("code")}, "client_id": ${quoted("client_id")}, "client_secret": ${quoted("client_secret")}}`
    : `{"refresh_token": ${quoted("refresh_token")}, "grant_type": "refresh_token"}`;
}

const json = (status: number, value: unknown, contentType = "application/json"): Reply => ({
  status,
  headers: { "Content-Type": contentType },
  body: JSON.stringify(value),
});

const form = (fields: Record<string, string>): Reply => ({
  status: 200,
  headers: { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8" },
  body: new URLSearchParams(fields).toString(),
});

const oauthError = (status: number, error: string, description: string): Reply =>
  json(status, { error, error_description: description });

const SEED_EXCHANGE_KEYS = ["client_id", "client_secret", "code", "grant_type", "redirect_uri"];
const SEED_REFRESH_KEYS = ["grant_type", "refresh_token"];

export async function startQuirksProvider(options: QuirksOptions = {}): Promise<QuirksHandle> {
  const { clientId = "quirks-client", clientSecret = "quirks-secret", accessTokenTtlSeconds = 3600 } = options;
  let slowDelayMs = options.slowDelayMs ?? 5000;
  const requests: QuirksRequestRecord[] = [];
  const codes = new Map<string, { provider: QuirksProvider; redirectUri: string }>();
  const refreshTokens = new Map<string, QuirksProvider>();
  const seedAccessTokens = new Map<string, number>();
  // Every provider's current access tokens, for its /api; the seed's own contacts API keeps its expiry rule.
  const accessTokens = new Map<string, QuirksProvider>();
  const apiCalls: QuirksApiCall[] = [];
  let salesforceInstanceUrl = "https://acme.my.salesforce.com";
  // Rotated refresh tokens and when they were retired, for the reuse grace period.
  const retiredRefreshTokens = new Map<string, { provider: QuirksProvider; at: number }>();
  let reuseGraceMs = 0;
  const faults: { fault: QuirksFault; remaining: number; endpoint: string; provider?: string }[] = [];
  const takeFault = (provider: string, endpoint: string): QuirksFault | undefined => {
    const entry = faults.find((candidate) => candidate.endpoint === endpoint && (candidate.provider ?? provider) === provider);
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) faults.splice(faults.indexOf(entry), 1);
    return entry.fault;
  };

  const newToken = (prefix: string) => `${prefix}${randomBytes(24).toString("base64url")}`;
  const issueAccessToken = (provider: QuirksProvider, prefix: string) => {
    const token = newToken(prefix);
    accessTokens.set(token, provider);
    return token;
  };
  const issueRefreshToken = (provider: QuirksProvider) => {
    const token = newToken("rt_");
    refreshTokens.set(token, provider);
    return token;
  };
  const hasClient = ({ client }: TokenCall) => client.id === clientId && client.secret === clientSecret;
  /** Consumes the call's code or refresh token; false when it is unknown, used, revoked or another provider's. */
  const consumeGrant = ({ provider, grantType, fields }: TokenCall): boolean => {
    if (grantType === "authorization_code") {
      const issued = typeof fields.code === "string" ? codes.get(fields.code) : undefined;
      if (!issued || issued.provider !== provider) return false;
      codes.delete(fields.code as string);
      return fields.redirect_uri === undefined || fields.redirect_uri === issued.redirectUri;
    }
    if (grantType === "refresh_token") {
      const token = typeof fields.refresh_token === "string" ? fields.refresh_token : "";
      const isKnown = refreshTokens.get(token) === provider;
      // Rotating providers retire a refresh token on use; Salesforce keeps it.
      if (isKnown && provider !== "salesforce") {
        refreshTokens.delete(token);
        retiredRefreshTokens.set(token, { provider, at: Date.now() });
      }
      if (isKnown) return true;
      const retired = retiredRefreshTokens.get(token);
      // A grace of 0 refuses every reuse, even one that arrives within the millisecond the token was retired.
      return retired !== undefined && retired.provider === provider && reuseGraceMs > 0 && Date.now() - retired.at <= reuseGraceMs;
    }
    return false;
  };
  const standardTokens = (call: TokenCall, expiresIn: number | string) => ({
    access_token: issueAccessToken(call.provider, "at_"),
    token_type: "Bearer",
    expires_in: expiresIn,
    refresh_token: issueRefreshToken(call.provider),
  });

  const tokenEndpoints: Record<QuirksProvider, (call: TokenCall) => Reply | Promise<Reply>> = {
    github: (call) => {
      if (!hasClient(call)) return form({ error: "incorrect_client_credentials", error_description: "The client_id and/or client_secret passed are incorrect." });
      if (!consumeGrant(call)) {
        const error = call.grantType === "refresh_token" ? "bad_refresh_token" : "bad_verification_code";
        return form({ error, error_description: "The code passed is incorrect or expired." });
      }
      return form({
        access_token: issueAccessToken("github", "ghu_"),
        expires_in: "28800",
        refresh_token: issueRefreshToken("github"),
        refresh_token_expires_in: "15897600",
        scope: "",
        token_type: "bearer",
      });
    },
    slack: (call) => {
      if (!hasClient(call)) return json(200, { ok: false, error: "invalid_client_id" });
      if (!consumeGrant(call)) {
        return json(200, { ok: false, error: call.grantType === "refresh_token" ? "invalid_refresh_token" : "invalid_code" });
      }
      if (call.grantType === "refresh_token") {
        // A refresh answers with the rotated user token at the top level, not under authed_user.
        return json(200, {
          ok: true,
          app_id: "A0KRD7HC3",
          authed_user: { id: "U1234" },
          scope: "chat:write",
          access_token: issueAccessToken("slack", "xoxe.xoxp-"),
          token_type: "user",
          refresh_token: issueRefreshToken("slack"),
          expires_in: 43_200,
          team: { id: "T9TK3CUKW", name: "Acme" },
          enterprise: null,
          is_enterprise_install: false,
        });
      }
      return json(200, {
        ok: true,
        app_id: "A0KRD7HC3",
        authed_user: {
          id: "U1234",
          scope: "chat:write",
          access_token: issueAccessToken("slack", "xoxp-"),
          token_type: "user",
          refresh_token: issueRefreshToken("slack"),
          expires_in: 43_200,
        },
        team: { id: "T9TK3CUKW", name: "Acme" },
        enterprise: null,
        is_enterprise_install: false,
      });
    },
    notion: (call) => {
      if (!call.isJson) return oauthError(400, "invalid_request", "Request body must be JSON.");
      if (call.client.method !== "basic" || !hasClient(call)) return oauthError(401, "invalid_client", "Invalid client.");
      if (!consumeGrant(call)) return oauthError(400, "invalid_grant", "Invalid code.");
      return json(200, {
        access_token: issueAccessToken("notion", "secret_"),
        token_type: "bearer",
        refresh_token: issueRefreshToken("notion"),
        bot_id: "b1a2",
        workspace_id: "w1",
        workspace_name: "Acme",
        owner: { type: "user", user: { object: "user", id: "u1" } },
        duplicated_template_id: null,
      });
    },
    salesforce: (call) => {
      if (!hasClient(call)) return oauthError(400, "invalid_client", "invalid client credentials");
      if (!consumeGrant(call)) return oauthError(400, "invalid_grant", "expired access/refresh token");
      return json(200, {
        access_token: issueAccessToken("salesforce", "00D!"),
        ...(call.grantType === "authorization_code" ? { refresh_token: issueRefreshToken("salesforce") } : {}),
        signature: randomBytes(32).toString("base64"),
        scope: "refresh_token api",
        instance_url: salesforceInstanceUrl,
        id: "https://login.salesforce.com/id/00D/005",
        token_type: "Bearer",
        issued_at: String(Date.now()),
      });
    },
    "string-expiry": (call) => {
      if (!hasClient(call)) return oauthError(401, "invalid_client", "Invalid client.");
      if (!consumeGrant(call)) return oauthError(400, "invalid_grant", "Invalid grant.");
      return json(200, standardTokens(call, "3600"), "text/plain; charset=utf-8");
    },
    slow: (call) => (consumeGrant(call) ? json(200, standardTokens(call, 3600)) : oauthError(400, "invalid_grant", "Invalid, used or revoked grant.")),
    seed: (call) => {
      if (!call.isJson) return oauthError(400, "invalid_request", "Request body must be JSON.");
      const isExchange = call.grantType === "authorization_code";
      const expectedKeys = isExchange ? SEED_EXCHANGE_KEYS : SEED_REFRESH_KEYS;
      const keys = Object.keys(call.fields).sort();
      const hasExactKeys = keys.length === expectedKeys.length && keys.every((key, i) => key === expectedKeys[i]);
      if (!hasExactKeys || !Object.values(call.fields).every((value) => typeof value === "string")) {
        return oauthError(400, "invalid_request", `The body must hold exactly these string fields: ${expectedKeys.join(", ")}.`);
      }
      if (call.raw !== seedBodyText(call.fields, isExchange)) {
        return oauthError(400, "invalid_request", "The body is not the seed's template, rendered: its text, spacing or field order differ.");
      }
      if (isExchange && !hasClient(call)) return oauthError(401, "invalid_client", "Invalid client.");
      if (!consumeGrant(call)) return oauthError(400, "invalid_grant", "Invalid, used or revoked grant.");
      const tokens = standardTokens(call, accessTokenTtlSeconds);
      seedAccessTokens.set(tokens.access_token, Date.now() + accessTokenTtlSeconds * 1000);
      return json(200, tokens);
    },
  };

  const handleToken = async (provider: QuirksProvider, req: IncomingMessage, record: QuirksRequestRecord): Promise<Reply> => {
    const raw = await readRequestBody(req);
    const isJson = record.contentType?.startsWith("application/json") ?? false;
    let fields: Record<string, unknown>;
    try {
      const parsed: unknown = isJson ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
      fields = parsed as Record<string, unknown>;
    } catch {
      return oauthError(400, "invalid_request", "The body could not be read.");
    }
    const client = readClient(req.headers.authorization, fields);
    const grantType = typeof fields.grant_type === "string" ? fields.grant_type : undefined;
    Object.assign(record, {
      clientAuthentication: client.method,
      bodyKeys: Object.keys(fields),
      ...(grantType ? { grantType } : {}),
      ...(typeof fields.redirect_uri === "string" ? { redirectUri: fields.redirect_uri } : {}),
    });
    return tokenEndpoints[provider]({ provider, grantType, fields, isJson, raw, client });
  };

  const handleAuthorize = (provider: QuirksProvider, url: URL, record: QuirksRequestRecord): Reply => {
    const redirectUri = url.searchParams.get("redirect_uri");
    if (redirectUri !== null) record.redirectUri = redirectUri;
    if (url.searchParams.get("client_id") !== clientId || !redirectUri || !URL.canParse(redirectUri)) {
      return { status: 400, headers: { "Content-Type": "text/plain" }, body: "Unknown client_id or missing redirect_uri" };
    }
    const code = newToken("code_");
    codes.set(code, { provider, redirectUri });
    const target = new URL(redirectUri);
    target.searchParams.set("code", code);
    const state = url.searchParams.get("state");
    if (state !== null) target.searchParams.set("state", state);
    return { status: 302, headers: { Location: target.href }, body: "" };
  };

  const handleContacts = (req: IncomingMessage): Reply => {
    const token = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const expiresAt = seedAccessTokens.get(token);
    if (expiresAt === undefined || expiresAt <= Date.now()) return json(401, { error: "invalid_token" });
    return json(200, { contacts: [{ id: 1, name: "Ada Lovelace" }] });
  };

  const handleApi = (provider: QuirksProvider, req: IncomingMessage, url: URL): Reply => {
    const token = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
    if (accessTokens.get(token) !== provider) return json(401, { error: "invalid_token" });
    const workspace = req.headers["x-workspace"];
    const call: QuirksApiCall = {
      provider,
      method: req.method ?? "GET",
      path: url.pathname.slice(`/${provider}/api`.length) || "/",
      query: Object.fromEntries(url.searchParams),
      workspace: typeof workspace === "string" ? workspace : null,
    };
    apiCalls.push(call);
    return json(200, call);
  };

  const dispatch = async (req: IncomingMessage, res: ServerResponse): Promise<Reply> => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const [, provider = "", endpoint = ""] = url.pathname.split("/");
    const method = req.method ?? "GET";
    const route = `${method} ${endpoint}`;
    const isKnown =
      provider === "down"
        ? route === "POST token"
        : isProvider(provider) &&
          (route === "GET authorize" || route === "POST token" || endpoint === "api" || (provider === "seed" && route === "GET contacts"));
    if (!isKnown) return { status: 404, body: "Not found" };

    const record: QuirksRequestRecord = {
      provider,
      endpoint: endpoint as QuirksRequestRecord["endpoint"],
      method,
      clientAuthentication: "none",
      bodyKeys: [],
      ...(req.headers["content-type"] ? { contentType: req.headers["content-type"] } : {}),
    };
    requests.push(record);

    const fault = takeFault(provider, endpoint);
    if (fault) return applyFault(fault, res, () => (provider === "down" ? Promise.resolve({ status: 503, body: "" }) : serve(provider as QuirksProvider)));
    if (provider === "down") {
      return {
        status: 503,
        headers: { "Content-Type": "text/html", "Retry-After": "30" },
        body: "<html><body><h1>503 Service Unavailable</h1></body></html>",
      };
    }
    return serve(provider as QuirksProvider);

    async function serve(known: QuirksProvider): Promise<Reply> {
      if (endpoint === "authorize") return handleAuthorize(known, url, record);
      if (endpoint === "contacts") return handleContacts(req);
      if (endpoint === "api") return handleApi(known, req, url);
      if (known === "slow" && !(await delay(slowDelayMs, res))) return { status: 499, body: "" };
      return handleToken(known, req, record);
    }
  };

  const applyFault = async (fault: QuirksFault, res: ServerResponse, serve: () => Promise<Reply>): Promise<Reply> => {
    switch (fault) {
      case "500":
        return oauthError(500, "server_error", "Internal error (injected)");
      case "html":
        return { status: 200, headers: { "Content-Type": "text/html" }, body: "<!doctype html><html><body><h1>Sign in to continue</h1></body></html>" };
      case "truncated-json": {
        const body = JSON.stringify({ access_token: newToken("at_"), token_type: "Bearer", expires_in: 3600, refresh_token: newToken("rt_") });
        return { status: 200, headers: { "Content-Type": "application/json" }, body: body.slice(0, Math.floor(body.length / 2)) };
      }
      case "hang":
        await delay(60 * 60_000, res);
        resetConnection(res);
        return { status: 0, body: "" };
      case "reset":
        resetConnection(res);
        return { status: 0, body: "" };
      case "slow":
        await delay(slowDelayMs, res);
        return serve();
      case "lost-response":
        await serve();
        resetConnection(res);
        return { status: 0, body: "" };
    }
  };

  const server = await startLoopbackServer((req, res) => {
    const before = requests.length;
    const pending = dispatch(req, res);
    // dispatch records the request before its first await, so the new record is this request's.
    const record = requests.length > before ? requests[before] : undefined;
    void pending.then(
      (reply) => {
        send(res, reply);
        if (record && reply.status !== 0 && !res.destroyed) Object.assign(record, { answered: true, status: reply.status });
      },
      (error: unknown) => send(res, { status: 500, body: error instanceof Error ? error.message : "error" }),
    );
  });

  salesforceInstanceUrl = server.origin;

  return {
    origin: server.origin,
    apiCalls,
    url: (provider, endpoint) => `${server.origin}/${provider}/${endpoint}`,
    requests,
    tokenRequestCount: (provider) =>
      requests.filter((record) => record.endpoint === "token" && (provider === undefined || record.provider === provider)).length,
    revokeRefreshTokens: () => {
      refreshTokens.clear();
      retiredRefreshTokens.clear();
    },
    injectFault: (fault, count, target = {}) => {
      if (count > 0) faults.push({ fault, remaining: count, endpoint: target.endpoint ?? "token", ...(target.provider ? { provider: target.provider } : {}) });
    },
    clearFaults: () => {
      faults.length = 0;
    },
    pendingFaults: () => faults.reduce((sum, entry) => sum + entry.remaining, 0),
    setSlowDelayMs: (ms) => {
      slowDelayMs = ms;
    },
    setRefreshReuseGrace: (ms) => {
      reuseGraceMs = ms;
    },
    close: () => server.close(),
  };
}

function isProvider(name: string): name is QuirksProvider {
  return (QUIRKS_PROVIDERS as readonly string[]).includes(name);
}

/** The client's credentials from HTTP Basic (RFC 6749 §2.3.1: form-encoded, then base64) or else from the body. */
function readClient(authorization: string | undefined, fields: Record<string, unknown>): TokenCall["client"] {
  const basic = /^Basic (\S+)$/i.exec(authorization ?? "")?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    try {
      const formDecode = (text: string) => decodeURIComponent(text.replaceAll("+", " "));
      return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)), method: "basic" };
    } catch {
      return { method: "basic" };
    }
  }
  const id = typeof fields.client_id === "string" ? fields.client_id : undefined;
  const secret = typeof fields.client_secret === "string" ? fields.client_secret : undefined;
  return { ...(id === undefined ? {} : { id }), ...(secret === undefined ? {} : { secret }), method: id === undefined ? "none" : "body" };
}

// Resolves early (false) when the client gives up, so a timed-out request leaves no timer behind.
function delay(ms: number, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), ms);
    res.once("close", () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

// A TCP reset (RST), not a clean close: what a crashed proxy or a dropped link looks like to the client.
function resetConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket || socket.destroyed) return;
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

function send(res: ServerResponse, { status, headers = {}, body }: Reply): void {
  // Status 0: a fault already reset the connection.
  if (status === 0 || res.destroyed || res.writableEnded) return;
  res.writeHead(status, { "Cache-Control": "no-store", ...headers });
  res.end(body);
}
