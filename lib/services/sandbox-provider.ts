import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";
import { ensureEncryptionKey } from "@/lib/keys";
import { SANDBOX_CREDENTIALS } from "@/lib/presets/sandbox";

/**
 * A small OAuth provider built into Gatehouse, for trying the whole flow offline (SANDBOX_PROVIDER=true).
 * It expects the seed's JSON token request, issues short-lived access tokens so refreshes show, and keeps
 * no state: codes and tokens are HMAC-signed with a key derived from the encryption key, so it works on
 * every instance and across restarts.
 */

export const SANDBOX_CLIENT_ID = SANDBOX_CREDENTIALS.clientId;
export const SANDBOX_CLIENT_SECRET = SANDBOX_CREDENTIALS.clientSecret;
export const SANDBOX_ACCESS_TOKEN_SECONDS = 120;
const CODE_SECONDS = 120;

type Kind = "code" | "access" | "refresh";
interface Claims {
  kind: Kind;
  sub: string;
  exp: number;
  redirectUri?: string;
  scope?: string;
}

export function isSandboxEnabled(): boolean {
  return getEnv().SANDBOX_PROVIDER === true;
}

export function sandboxBaseUrl(): string {
  return `${getEnv().APP_URL}/sandbox`;
}

async function signingKey(): Promise<Buffer> {
  return createHmac("sha256", await ensureEncryptionKey()).update("gatehouse sandbox provider v1").digest();
}

async function sign(claims: Claims): Promise<string> {
  const payload = Buffer.from(JSON.stringify({ ...claims, n: randomBytes(6).toString("base64url") })).toString("base64url");
  const mac = createHmac("sha256", await signingKey()).update(payload).digest("base64url");
  return `sbx_${claims.kind}.${payload}.${mac}`;
}

async function verify(token: string, kind: Kind): Promise<Claims | null> {
  const [prefix, payload, mac] = token.split(".");
  if (prefix !== `sbx_${kind}` || !payload || !mac) return null;
  const expected = createHmac("sha256", await signingKey()).update(payload).digest();
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Claims;
  return claims.kind === kind && claims.exp * 1000 > Date.now() ? claims : null;
}

const inSeconds = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

/** Issues an authorization code for the signed-in Gatehouse user who approved. */
export function issueSandboxCode(subject: string, redirectUri: string, scope: string): Promise<string> {
  return sign({ kind: "code", sub: subject, exp: inSeconds(CODE_SECONDS), redirectUri, scope });
}

export type SandboxTokenResponse =
  | { status: 200; body: { access_token: string; refresh_token: string; token_type: "Bearer"; expires_in: number; scope?: string } }
  | { status: 400 | 401; body: { error: string; error_description: string } };

/** The token endpoint: the seed's JSON body for the code exchange, or a refresh_token grant. */
export async function answerSandboxTokenRequest(body: Record<string, unknown>): Promise<SandboxTokenResponse> {
  const fail = (status: 400 | 401, error: string, description: string): SandboxTokenResponse => ({
    status,
    body: { error, error_description: description },
  });
  // The seed's refresh body carries no client credentials, so they are optional there, but checked when sent.
  const isAuthenticated = body.client_id === SANDBOX_CLIENT_ID && body.client_secret === SANDBOX_CLIENT_SECRET;
  const isAnonymousRefresh = body.grant_type === "refresh_token" && body.client_id === undefined && body.client_secret === undefined;
  if (!isAuthenticated && !isAnonymousRefresh) return fail(401, "invalid_client", "Unknown client or wrong secret");
  let claims: Claims | null;
  if (body.grant_type === "authorization_code") {
    claims = typeof body.code === "string" ? await verify(body.code, "code") : null;
    if (!claims) return fail(400, "invalid_grant", "The code is invalid or expired");
    if (claims.redirectUri !== body.redirect_uri) return fail(400, "invalid_grant", "redirect_uri does not match the authorization request");
  } else if (body.grant_type === "refresh_token") {
    claims = typeof body.refresh_token === "string" ? await verify(body.refresh_token, "refresh") : null;
    if (!claims) return fail(400, "invalid_grant", "The refresh token is invalid or expired");
  } else {
    return fail(400, "unsupported_grant_type", "Use authorization_code or refresh_token");
  }
  return {
    status: 200,
    body: {
      access_token: await sign({ kind: "access", sub: claims.sub, exp: inSeconds(SANDBOX_ACCESS_TOKEN_SECONDS), scope: claims.scope }),
      refresh_token: await sign({ kind: "refresh", sub: claims.sub, exp: inSeconds(90 * 24 * 3600), scope: claims.scope }),
      token_type: "Bearer",
      expires_in: SANDBOX_ACCESS_TOKEN_SECONDS,
      ...(claims.scope ? { scope: claims.scope } : {}),
    },
  };
}

/** The subject of a valid, unexpired sandbox access token, or null. */
export async function verifySandboxAccessToken(authorization: string | null): Promise<string | null> {
  const token = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  return token ? ((await verify(token, "access"))?.sub ?? null) : null;
}

/** The sandbox API's data: a few notes for the connected user. */
export function sandboxNotes(subject: string, limit: number) {
  const notes = [
    { id: 1, title: "Welcome to Gatehouse", body: "This note came through your own OAuth connection." },
    { id: 2, title: "Tokens refresh themselves", body: `The sandbox's access tokens last ${SANDBOX_ACCESS_TOKEN_SECONDS} seconds.` },
    { id: 3, title: "Try a real provider", body: "Build an app on the Apps page with one of the provider presets." },
  ];
  return { user: subject, notes: notes.slice(0, Math.max(0, Math.min(limit, notes.length))) };
}
