import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { findUserById, type UserProfile } from "@/lib/db/accounts";
import { authenticateAccessToken } from "@/lib/services/accounts";
import { getAuthOptions } from "./options";

/**
 * The caller of an API request: a personal access token in `Authorization: Bearer`, or else the
 * sign-in session cookie. Null when neither identifies a user.
 */
export async function getRequestUser(request: NextRequest): Promise<UserProfile | null> {
  const authorization = request.headers.get("authorization");
  if (authorization?.toLowerCase().startsWith("bearer ")) {
    return authenticateAccessToken(authorization.slice(7).trim());
  }
  const options = await getAuthOptions();
  const token = await getToken({
    req: request,
    secret: options.secret,
    secureCookie: options.useSecureCookies,
  });
  return token?.sub ? findUserById(token.sub) : null;
}

/** The signed-in user of a page render (server components), or null. */
export async function getSessionUser(): Promise<UserProfile | null> {
  const session = await getServerSession(await getAuthOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  return id ? findUserById(id) : null;
}
