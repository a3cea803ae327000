import { withApi } from "@/lib/api/handler";
import { json } from "@/lib/api/responses";
import { createOrganizationSchema } from "@/lib/schemas/organizations";
import { createOrganization } from "@/lib/services/organizations";

// POST /api/v1/organizations — a new organization owned by the caller
export const POST = withApi({
  body: createOrganizationSchema,
  handler: async ({ user, body }) => json(await createOrganization(user.id, body.name), 201),
});
