import { z } from "zod";
import { withApi } from "@/lib/api/handler";
import { listStoreApps } from "@/lib/services/apps";

// GET /api/v1/store/apps — the published apps, optionally searched with ?q=
export const GET = withApi({
  query: z.object({ q: z.string().max(100).optional() }),
  handler: async ({ query }) =>
    (await listStoreApps(query.q)).map(({ id, name, description, logoUrl }) => ({ id, name, description, logoUrl })),
});
