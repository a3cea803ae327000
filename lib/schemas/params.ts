import { z } from "zod";

const id = z.string().min(1).max(100);

export const organizationParams = z.object({ orgId: id });
export const appParams = z.object({ appId: id });
export const installationParams = z.object({ id });
export const connectionParams = z.object({ id, configName: z.string().min(1).max(64) });
export const apiParams = z.object({ id, apiName: z.string().min(1).max(64) });
