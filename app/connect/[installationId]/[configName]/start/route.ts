import type { NextRequest } from "next/server";
import { isSameOriginPost, resultPath, seeOther } from "@/lib/api/browser-flow";
import { getRequestUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { startConnect } from "@/lib/services/connect";
import { clientAddress, enforceRateLimit, RATE_LIMITS } from "@/lib/services/rate-limit";

type Context = { params: Promise<{ installationId: string; configName: string }> };

// POST /connect/{installationId}/{configName}/start — "Allow access": record the request, go to the provider
export async function POST(request: NextRequest, context: Context) {
  const { installationId, configName } = await context.params;
  const landing = `/connect/${encodeURIComponent(installationId)}/${encodeURIComponent(configName)}`;
  if (!isSameOriginPost(request)) return new Response("Cross-site request refused", { status: 403 });
  const user = await getRequestUser(request);
  if (!user) return seeOther(`/signin?callbackUrl=${encodeURIComponent(landing)}`);
  try {
    await enforceRateLimit(RATE_LIMITS.connectStart, `${clientAddress(request.headers)}:${user.id}`);
    const form = await request.formData().catch(() => null);
    const returnTo = form?.get("returnTo");
    return seeOther(await startConnect(user.id, installationId, configName, { returnTo: typeof returnTo === "string" ? returnTo : null }));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === "not_found") return new Response("Not found", { status: 404 });
    const outcome = error.code === "rate_limited" ? "rate_limited" : "config_error";
    return seeOther(resultPath({ outcome, installation: installationId, config: configName }));
  }
}
