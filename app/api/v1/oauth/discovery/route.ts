import { withApi } from "@/lib/api/handler";
import { discoveryRequestSchema } from "@/lib/schemas/discovery";
import { discoverIssuer } from "@/lib/services/discovery";

// POST /api/v1/oauth/discovery — a suggested OAuth config from an issuer's published metadata
export const POST = withApi({
  body: discoveryRequestSchema,
  handler: async ({ body }) => {
    const { config, scopesSupported, metadataUrl } = await discoverIssuer(body.issuer);
    return { ...config, scopesSupported, metadataUrl };
  },
});
