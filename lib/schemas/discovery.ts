import { z } from "zod";

export const discoveryRequestSchema = z
  .object({
    issuer: z.string({ error: "Enter the issuer" }).trim().min(1, "Enter the issuer").max(2000, "Use at most 2000 characters"),
  })
  .strict();
export type DiscoveryRequest = z.infer<typeof discoveryRequestSchema>;
