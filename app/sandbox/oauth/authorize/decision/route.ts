import type { NextRequest } from "next/server";
import { isSameOriginPost, seeOther } from "@/lib/api/browser-flow";
import { getRequestUser } from "@/lib/auth/current-user";
import { getCallbackUrl } from "@/lib/services/connect";
import { issueSandboxCode, isSandboxEnabled } from "@/lib/services/sandbox-provider";

// POST /sandbox/oauth/authorize/decision — the sandbox provider's Approve / Deny
export async function POST(request: NextRequest) {
  if (!isSandboxEnabled()) return new Response("Not found", { status: 404 });
  if (!isSameOriginPost(request)) return new Response("Cross-site request refused", { status: 403 });
  const user = await getRequestUser(request);
  if (!user) return new Response("Sign in first", { status: 401 });
  const form = await request.formData();
  const redirectUri = String(form.get("redirect_uri") ?? "");
  // The sandbox only ever sends users back to this Gatehouse's callback: no open redirect.
  if (redirectUri !== getCallbackUrl()) return new Response("Unknown redirect_uri", { status: 400 });
  const target = new URL(redirectUri);
  target.searchParams.set("state", String(form.get("state") ?? ""));
  if (form.get("decision") === "approve") {
    target.searchParams.set("code", await issueSandboxCode(user.email, redirectUri, String(form.get("scope") ?? "")));
  } else {
    target.searchParams.set("error", "access_denied");
    target.searchParams.set("error_description", "The user declined in the sandbox provider");
  }
  return seeOther(target.toString());
}
