import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { signInSchema } from "@/lib/schemas/accounts";
import { verifyCredentials } from "@/lib/services/accounts";
import { getSessionSecret } from "@/lib/keys";
import { clientAddress, enforceRateLimit, RATE_LIMITS } from "@/lib/services/rate-limit";

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
          const parsed = signInSchema.safeParse(credentials ?? {});
          if (!parsed.success) return null;
          const headers = new Headers(request?.headers as Record<string, string> | undefined);
          try {
            await enforceRateLimit(RATE_LIMITS.signIn, `${clientAddress(headers)}:${parsed.data.email}`);
          } catch (error) {
            // next-auth shows this text as the sign-in error.
            if (error instanceof AppError && error.code === "rate_limited") throw new Error("rate_limited");
            throw error;
          }
          const user = await verifyCredentials(parsed.data.email, parsed.data.password);
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
        // Only same-origin relative targets: an off-site callbackUrl lands on the dashboard instead.
        if (url.startsWith("/") && !url.startsWith("//")) return `${baseUrl}${url}`;
        if (url.startsWith(baseUrl)) return url;
        return baseUrl;
      },
    },
  };
}
