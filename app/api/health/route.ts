import { errorResponse, json } from "@/lib/api/responses";
import { checkDatabase } from "@/lib/services/health";

export const dynamic = "force-dynamic";

// GET /api/health — 200 when the database answers
export async function GET() {
  return (await checkDatabase())
    ? json({ ok: true })
    : errorResponse("internal", 503, "The database does not answer");
}
