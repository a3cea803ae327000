import { z } from "zod";

/** What one invoke may send: enough for any API call, bounded so one request cannot cost much. */
export const MAX_INVOKE_PARAMS = 100;
const MAX_PARAM_NAME = 128;
const MAX_PARAM_VALUE = 64 * 1024;

export const invokeRequestSchema = z
  .object({
    params: z
      .record(z.string().max(MAX_PARAM_NAME), z.union([z.string().max(MAX_PARAM_VALUE), z.number(), z.boolean(), z.null()]))
      .refine((params) => Object.keys(params).length <= MAX_INVOKE_PARAMS, `At most ${MAX_INVOKE_PARAMS} params`)
      .optional(),
    body: z.unknown().optional(),
  })
  .strict();
export type InvokeRequest = z.infer<typeof invokeRequestSchema>;
