import type { NextRequest } from "next/server";
import { resultPath, seeOther } from "@/lib/api/browser-flow";
import { getRequestUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { completeConnect } from "@/lib/services/connect";
import { clientAddress, enforceRateLimit, RATE_LIMITS } from "@/lib/services/rate-limit";

// GET /v1/dev_oauth/callback — the provider's redirect: finish the flow, then show the outcome
export async function GET(request: NextRequest) {
  const query = Object.fromEntries(request.nextUrl.searchParams);
  const user = await getRequestUser(request);
  // Signing in first keeps the state unconsumed, so the flow finishes once the user is back.
  if (!user) return seeOther(`/signin?callbackUrl=${encodeURIComponent(`/v1/dev_oauth/callback${request.nextUrl.search}`)}`);
  try {
    await enforceRateLimit(RATE_LIMITS.callback, `${clientAddress(request.headers)}:${user.id}`);
  } catch (error) {
    if (error instanceof AppError && error.code === "rate_limited") return seeOther(resultPath({ outcome: "rate_limited" }));
    throw error;
  }
  const result = await completeConnect(user.id, query);
  return seeOther(
    resultPath({
      outcome: result.outcome,
      installation: result.installationId,
      config: result.configName,
      returnTo: result.returnTo,
      error: result.providerError,
      description: result.providerDescription,
    }),
  );
}
