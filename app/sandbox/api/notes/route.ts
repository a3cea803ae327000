import type { NextRequest } from "next/server";
import { isSandboxEnabled, sandboxNotes, verifySandboxAccessToken } from "@/lib/services/sandbox-provider";

// GET /sandbox/api/notes — the sandbox provider's API: needs a valid, unexpired bearer token
export async function GET(request: NextRequest) {
  if (!isSandboxEnabled()) return new Response("Not found", { status: 404 });
  const subject = await verifySandboxAccessToken(request.headers.get("authorization"));
  if (!subject) return Response.json({ error: "invalid_token" }, { status: 401, headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' } });
  const limit = Number(request.nextUrl.searchParams.get("limit") ?? 3);
  return Response.json(sandboxNotes(subject, Number.isFinite(limit) ? limit : 3));
}
