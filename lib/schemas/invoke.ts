import { z } from "zod";

export const invokeRequestSchema = z
  .object({
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    body: z.unknown().optional(),
  })
  .strict();
export type InvokeRequest = z.infer<typeof invokeRequestSchema>;
