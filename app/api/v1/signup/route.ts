import { json } from "@/lib/api/responses";
import { withApi } from "@/lib/api/handler";
import { signUpSchema } from "@/lib/schemas/accounts";
import { signUp } from "@/lib/services/accounts";
import { RATE_LIMITS } from "@/lib/services/rate-limit";

// POST /api/v1/signup — create an account that owns a new organization
export const POST = withApi({
  auth: false,
  rateLimit: RATE_LIMITS.signUp,
  body: signUpSchema,
  handler: async ({ body }) => json(await signUp(body), 201),
});
