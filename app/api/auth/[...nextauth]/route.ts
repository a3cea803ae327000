import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/options";

type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth's own endpoints: csrf, session, sign-in and sign-out.
async function handler(request: NextRequest, context: Context) {
  return NextAuth(request, context, await getAuthOptions());
}

export { handler as GET, handler as POST };
