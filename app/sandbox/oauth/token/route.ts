import type { NextRequest } from "next/server";
import { answerSandboxTokenRequest, isSandboxEnabled } from "@/lib/services/sandbox-provider";

// POST /sandbox/oauth/token — the sandbox provider's token endpoint (JSON or form bodies)
export async function POST(request: NextRequest) {
  if (!isSandboxEnabled()) return new Response("Not found", { status: 404 });
  const text = await request.text();
  let body: Record<string, unknown>;
  try {
    body = (request.headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : Object.fromEntries(new URLSearchParams(text));
  } catch {
    return Response.json({ error: "invalid_request", error_description: "The body is not valid JSON" }, { status: 400 });
  }
  const answer = await answerSandboxTokenRequest(body);
  return Response.json(answer.body, { status: answer.status, headers: { "Cache-Control": "no-store" } });
}
