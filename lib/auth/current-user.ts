import type { IncomingMessage } from "node:http";
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import type { UserProfile } from "@/lib/db/accounts";
import { authenticateAccessToken, authenticateSession, peekAccessTokenUser } from "@/lib/services/accounts";
import { getAuthOptions, sessionVersionOf } from "./options";

export type AuthMethod = "token" | "session";

/**
 * The caller of an API request and how it authenticated: a personal access token in
 * `Authorization: Bearer`, or else the sign-in session cookie, whose session version must still be the
 * user's. Null when neither identifies a user.
 */
export async function authenticateRequest(request: NextRequest): Promise<{ user: UserProfile; method: AuthMethod } | null> {
  const token = bearerToken(request.headers.get("authorization"));
  if (token !== null) {
    const user = await authenticateAccessToken(token);
    return user ? { user, method: "token" } : null;
  }
  const user = await userOfSessionCookie(request);
  return user ? { user, method: "session" } : null;
}

/**
 * The caller of a request with a personal access token that is cached and fresh, read without waiting on
 * anything (the invoke hot path's first try); anything else is undefined, and `authenticateRequest` decides.
 */
export function peekTokenCaller(authorization: string | null): { user: UserProfile; method: AuthMethod } | undefined {
  const token = bearerToken(authorization);
  const user = token === null ? undefined : peekAccessTokenUser(token);
  return user ? { user, method: "token" } : undefined;
}

function bearerToken(authorization: string | null): string | null {
  return authorization !== null && /^bearer /i.test(authorization) ? authorization.slice(7).trim() : null;
}

async function userOfSessionCookie(req: Parameters<typeof getToken>[0]["req"]): Promise<UserProfile | null> {
  const options = await getAuthOptions();
  const token = await getToken({ req, secret: options.secret, secureCookie: options.useSecureCookies });
  return token?.sub ? authenticateSession(token.sub, sessionVersionOf(token)) : null;
}

export async function getRequestUser(request: NextRequest): Promise<UserProfile | null> {
  return (await authenticateRequest(request))?.user ?? null;
}

/** The signed-in user of a page render (server components), or null; an ended session counts as none. */
export async function getSessionUser(): Promise<UserProfile | null> {
  const session = await getServerSession(await getAuthOptions());
  const sessionUser = session?.user as { id?: string; sessionVersion?: number } | undefined;
  if (!sessionUser?.id) return null;
  return authenticateSession(sessionUser.id, sessionUser.sessionVersion ?? 0);
}

/** The same, for the page the Pages Router renders (the consent page), from its request's session cookie. */
export async function getPagesSessionUser(req: IncomingMessage & { cookies: Partial<Record<string, string>> }): Promise<UserProfile | null> {
  return userOfSessionCookie(req);
}
