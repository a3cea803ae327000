import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { signInSchema } from "@/lib/schemas/accounts";
import { verifyCredentials } from "@/lib/services/accounts";
import { getSessionSecret } from "@/lib/keys";
import { recordSignInRefusal } from "./sign-in-refusals";
import { findUnsafeStrings } from "@/lib/schemas/safe-string";
import { clientAddress, enforceRateLimit, RATE_LIMITS, refundRateLimit } from "@/lib/services/rate-limit";

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/** The JWT claim carrying the user's session version at sign-in; a session is live while it matches. */
export const SESSION_VERSION_CLAIM = "sv";

/** A session's version; sessions issued before versions existed count as version 0. */
export function sessionVersionOf(token: Record<string, unknown>): number {
  const value = token[SESSION_VERSION_CLAIM];
  return typeof value === "number" && Number.isInteger(value) ? value : 0;
}

let cached: Promise<NextAuthOptions> | undefined;

/** next-auth's options; built lazily because the session secret comes from the encryption key. */
export function getAuthOptions(): Promise<NextAuthOptions> {
  cached ??= buildAuthOptions();
  return cached;
}

async function buildAuthOptions(): Promise<NextAuthOptions> {
  const secret = await getSessionSecret();
  return {
    secret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin" },
    useSecureCookies: getEnv().APP_URL.startsWith("https://"),
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const input = credentials ?? {};
          if (findUnsafeStrings(input).length > 0) return null;
          const parsed = signInSchema.safeParse(input);
          if (!parsed.success) return null;
          const headers = new Headers(request?.headers as Record<string, string> | undefined);
          const account = parsed.data.email.toLowerCase();
          try {
            // Per address (whatever the account), then per account from every address: one password tried
            // against many accounts and many addresses against one account are both bounded.
            await enforceRateLimit(RATE_LIMITS.signIn, clientAddress(headers));
            await enforceRateLimit(RATE_LIMITS.signInAccount, account);
          } catch (error) {
            if (error instanceof AppError && error.code === "rate_limited") {
              recordSignInRefusal((error.details as { retryAfterSeconds: number }).retryAfterSeconds);
              // next-auth shows this text as the sign-in error.
              throw new Error("rate_limited");
            }
            throw error;
          }
          const user = await verifyCredentials(parsed.data.email, parsed.data.password);
          // Only failures count towards the account's lockout.
          if (user) await refundRateLimit(RATE_LIMITS.signInAccount, account);
          return user ? { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } : null;
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token[SESSION_VERSION_CLAIM] = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user && token.sub) {
          const sessionUser = session.user as { id?: string; sessionVersion?: number };
          sessionUser.id = token.sub;
          sessionUser.sessionVersion = sessionVersionOf(token);
        }
        return session;
      },
      async redirect({ url, baseUrl }) {
        return sameOriginRedirect(url, baseUrl);
      },
    },
  };
}

/**
 * Where next-auth may send the browser after sign-in or sign-out: a relative path of this origin, or an
 * absolute URL whose origin (scheme, host and port, parsed, not a string prefix) is this one's. Anything
 * else (`http://localhost:3000@evil.example/`, `http://localhost:3000.evil.example/`, `//evil.example`)
 * lands on the dashboard.
 */
export function sameOriginRedirect(url: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  try {
    const target = url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\") ? new URL(url, base) : new URL(url);
    if (target.origin === base.origin && target.username === "" && target.password === "") return target.href;
  } catch {
    // Not a URL at all.
  }
  return baseUrl;
}
