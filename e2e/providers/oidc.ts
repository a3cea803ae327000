import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

import Provider, { type InteractionDetails } from "oidc-provider";

import { escapeHtml, readRequestBody, startLoopbackServer } from "./loopback-server";

/**
 * A real authorization server (panva's oidc-provider) on 127.0.0.1, for integration and end-to-end tests.
 *
 * - Authorization code flow with PKCE (S256) required, for `client_secret_basic` and `client_secret_post` clients.
 * - Refresh tokens are issued to every client allowed the refresh_token grant, and rotate on each use: presenting
 *   a used refresh token answers invalid_grant and, as the provider's reuse detection, revokes the whole grant.
 * - Access tokens are opaque; `findAccessToken` (and `startResourceServer`) tell whether one is valid.
 * - Sign-in is a plain HTML form (any non-empty login, button "Sign in"), then a consent page ("Allow" or "Deny"),
 *   so a browser can go through it; `authorizeProgrammatically` does the same over plain HTTP.
 *
 * Routes: GET /auth (authorization), POST /token, /interaction/{uid}[/login|/confirm|/abort], and the provider's
 * others (/.well-known/openid-configuration, /jwks, /me).
 */

export interface OidcClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  authMethod: "client_secret_basic" | "client_secret_post";
}

export interface OidcProviderOptions {
  clients: OidcClient[];
  /** Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Scopes the provider knows besides openid and offline_access; requested unknown scopes are dropped. */
  scopes?: string[];
}

/** Requests to the token endpoint, whatever their outcome. */
export interface OidcCounters {
  tokenRequests: number;
  codeExchanges: number;
  refreshes: number;
}

export interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string;
  /** S256 challenge; leaving it out makes the provider refuse the request, as PKCE is required. */
  codeChallenge?: string;
  /** Default "alice". */
  login?: string;
}

export interface AccessTokenInfo {
  accountId: string;
  clientId: string;
  scope: string;
}

export interface OidcProviderHandle {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  counters: OidcCounters;
  /** The token's details when it is a valid, unexpired access token, else null. */
  findAccessToken(token: string): Promise<AccessTokenInfo | null>;
  /** Goes through sign-in and consent over HTTP and returns the authorization code; throws on an error redirect. */
  authorizeProgrammatically(params: AuthorizeParams): Promise<string>;
  /**
   * Opens an authorization URL built elsewhere (e.g. by Gatehouse), signs in as `login` (default "alice"), allows
   * access, and returns the URL the provider redirects to at `redirectUri`, with its `code` and `state` or `error`.
   */
  followAuthorization(url: string, options: { redirectUri: string; login?: string }): Promise<URL>;
  close(): Promise<void>;
}

const INTERACTION_PATH = /^\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?$/;

export async function startOidcProvider(options: OidcProviderOptions): Promise<OidcProviderHandle> {
  // The issuer names the port, so the server listens first and gets its handler once the provider exists.
  // eslint-disable-next-line prefer-const -- assigned once the provider exists, read by the listener before that
  let handle: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  const server = await startLoopbackServer((req, res) => void handle?.(req, res));
  const issuer = server.origin;
  const provider = new Provider(issuer, providerConfiguration(options));

  const counters: OidcCounters = { tokenRequests: 0, codeExchanges: 0, refreshes: 0 };
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.method !== "POST" || ctx.path !== "/token") return;
    counters.tokenRequests++;
    const grantType = ctx.oidc?.params?.grant_type;
    if (grantType === "authorization_code") counters.codeExchanges++;
    if (grantType === "refresh_token") counters.refreshes++;
  });
  // Koa fixes the middleware list when the callback is made, so this comes after provider.use.
  const providerCallback = provider.callback();
  handle = (req, res) => route(provider, providerCallback, req, res);

  const authorizationEndpoint = `${issuer}/auth`;
  return {
    issuer,
    authorizationEndpoint,
    tokenEndpoint: `${issuer}/token`,
    counters,
    findAccessToken: async (token) => {
      const found = await provider.AccessToken.find(token);
      return found && !found.isExpired
        ? { accountId: found.accountId, clientId: found.clientId, scope: found.scope ?? "" }
        : null;
    },
    authorizeProgrammatically: (params) => authorizeOverHttp(authorizationEndpoint, params),
    followAuthorization: (url, { redirectUri, login = "alice" }) => followAuthorization(new URL(url), new URL(redirectUri), login),
    close: () => server.close(),
  };
}

function providerConfiguration({ clients, accessTokenTtlSeconds = 3600, scopes = [] }: OidcProviderOptions) {
  const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  return {
    clients: clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      token_endpoint_auth_method: client.authMethod,
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
    })),
    jwks: { keys: [{ ...signingKey, kid: "e2e", use: "sig", alg: "RS256" }] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    scopes: ["openid", "offline_access", ...scopes],
    // Revocation (RFC 7009) and introspection (RFC 7662), so tests can revoke and then see a token is dead.
    features: { devInteractions: { enabled: false }, revocation: { enabled: true }, introspection: { enabled: true } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    findAccount: (_ctx: unknown, accountId: string) => ({ accountId, claims: () => ({ sub: accountId }) }),
    // By default a refresh token needs the offline_access scope and dies with the sign-in session; a Gatehouse
    // connection is meant to outlive both.
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) =>
      client.grantTypeAllowed("refresh_token"),
    expiresWithSession: async () => false,
    // The default error page loads a web font, which an offline browser test would wait on.
    renderError: async (ctx: { type: string; body: string }, out: { error?: string; error_description?: string }) => {
      ctx.type = "html";
      ctx.body = page("Error", `<p>${escapeHtml(out.error ?? "error")}: ${escapeHtml(out.error_description ?? "")}</p>`);
    },
    rotateRefreshToken: true,
    ttl: {
      AccessToken: accessTokenTtlSeconds,
      AuthorizationCode: 600,
      IdToken: 3600,
      Interaction: 3600,
      Session: 86_400,
      Grant: 14 * 86_400,
      RefreshToken: 14 * 86_400,
    },
  };
}

async function route(
  provider: Provider,
  providerCallback: (req: IncomingMessage, res: ServerResponse) => void,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const match = INTERACTION_PATH.exec(new URL(req.url ?? "/", "http://localhost").pathname);
  if (!match) return providerCallback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    const action = req.method === "POST" ? match[2] : undefined;
    if (action === undefined) return sendHtml(res, 200, interactionPage(details));
    if (action === "login") return await finishLogin(provider, details, req, res);
    if (action === "confirm") return await finishConsent(provider, details, req, res);
    await provider.interactionFinished(
      req,
      res,
      { error: "access_denied", error_description: "End-User aborted interaction" },
      { mergeWithLastSubmission: false },
    );
  } catch (error) {
    sendHtml(res, 400, page("Error", `<p>${escapeHtml(error instanceof Error ? error.message : String(error))}</p>`));
  }
}

async function finishLogin(provider: Provider, details: InteractionDetails, req: IncomingMessage, res: ServerResponse) {
  const login = new URLSearchParams(await readRequestBody(req)).get("login")?.trim();
  if (!login) return sendHtml(res, 400, interactionPage(details));
  await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
}

async function finishConsent(provider: Provider, details: InteractionDetails, req: IncomingMessage, res: ServerResponse) {
  const accountId = details.session?.accountId;
  if (!accountId) throw new Error("Consent before sign-in");
  const grant =
    (details.grantId && (await provider.Grant.find(details.grantId))) ||
    new provider.Grant({ accountId, clientId: details.params.client_id });
  const missingScopes = details.prompt.details.missingOIDCScope;
  if (missingScopes) grant.addOIDCScope(missingScopes.join(" "));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

function interactionPage({ uid, prompt, params }: InteractionDetails): string {
  if (prompt.name === "login") {
    return page(
      "Sign in",
      `<form method="post" action="/interaction/${uid}/login">
        <label>Login <input name="login" autocomplete="username" required autofocus></label>
        <button type="submit">Sign in</button>
      </form>`,
    );
  }
  const scope = typeof params.scope === "string" ? params.scope : "";
  return page(
    "Allow access",
    `<p>${escapeHtml(params.client_id)} asks for: ${escapeHtml(scope) || "no scopes"}</p>
    <form method="post" action="/interaction/${uid}/confirm"><button type="submit">Allow</button></form>
    <form method="post" action="/interaction/${uid}/abort"><button type="submit">Deny</button></form>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  res.end(html);
}

async function authorizeOverHttp(authorizationEndpoint: string, params: AuthorizeParams): Promise<string> {
  const url = new URL(authorizationEndpoint);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: params.clientId,
    redirect_uri: params.redirectUri,
    scope: params.scope,
    state: params.state,
    ...(params.codeChallenge ? { code_challenge: params.codeChallenge, code_challenge_method: "S256" } : {}),
  }).toString();
  const callback = await followAuthorization(url, new URL(params.redirectUri), params.login ?? "alice");
  const code = callback.searchParams.get("code");
  if (code) return code;
  throw new Error(`Authorization failed: ${callback.searchParams.get("error")} (${callback.searchParams.get("error_description")})`);
}

/** Follows the authorization redirects as a browser would, keeping cookies and submitting each form it meets. */
async function followAuthorization(start: URL, redirectTarget: URL, login: string): Promise<URL> {
  const cookies = new Map<string, string>();
  const request = async (url: URL, form?: URLSearchParams) => {
    const response = await fetch(url, {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers: { Cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join("; ") },
      ...(form ? { body: form } : {}),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const separator = pair.indexOf("=");
      cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim());
    }
    return response;
  };

  let url = start;
  let response = await request(url);
  for (let step = 0; step < 20; step++) {
    const location = response.headers.get("location");
    if (location) {
      url = new URL(location, url);
      if (url.origin === redirectTarget.origin && url.pathname === redirectTarget.pathname) return url;
      response = await request(url);
      continue;
    }
    const html = await response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (!response.ok || !action) {
      const text = html.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
      throw new Error(`Authorization stopped at ${url.pathname} with HTTP ${response.status}: ${text}`);
    }
    url = new URL(action, url);
    response = await request(url, new URLSearchParams(html.includes('name="login"') ? { login } : {}));
  }
  throw new Error("Authorization did not finish within 20 steps");
}

export interface ResourceServerOptions {
  provider: Pick<OidcProviderHandle, "findAccessToken">;
}

export interface ResourceServerHandle {
  /** GET it with `Authorization: Bearer <access token>`. */
  url: string;
  hits: { total: number; authorized: number; rejected: number };
  close(): Promise<void>;
}

/** A protected API: 200 with some contacts for a valid, unexpired bearer token of the provider, 401 otherwise. */
export async function startResourceServer({ provider }: ResourceServerOptions): Promise<ResourceServerHandle> {
  const hits = { total: 0, authorized: 0, rejected: 0 };
  const server = await startLoopbackServer((req, res) => {
    hits.total++;
    const token = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    void (token ? provider.findAccessToken(token) : Promise.resolve(null)).then((found) => {
      if (!found) {
        hits.rejected++;
        res.writeHead(401, { "Content-Type": "application/json", "WWW-Authenticate": 'Bearer error="invalid_token"' });
        res.end(JSON.stringify({ error: "invalid_token" }));
        return;
      }
      hits.authorized++;
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({
          account: found.accountId,
          contacts: [
            { id: 1, name: "Ada Lovelace" },
            { id: 2, name: "Grace Hopper" },
          ],
        }),
      );
    });
  });
  return { url: `${server.origin}/contacts`, hits, close: () => server.close() };
}
