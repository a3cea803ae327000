import { z } from "zod";
import { emailSchema } from "./accounts";

export const organizationNameSchema = z
  .string({ error: "Name the organization" })
  .trim()
  .min(1, "Name the organization")
  .max(100, "Use at most 100 characters");

export const createOrganizationSchema = z.object({ name: organizationNameSchema }).strict();
export type CreateOrganization = z.infer<typeof createOrganizationSchema>;

export const renameOrganizationSchema = createOrganizationSchema;

/** Deleting asks for the organization's name typed again, so that a stray click deletes nothing. */
export const deleteOrganizationSchema = z.object({ confirm: z.string({ error: "Type the organization's name to confirm" }).max(100) }).strict();

export const roleSchema = z.enum(["owner", "admin", "member"], { error: 'role must be "owner", "admin" or "member"' });

export const changeRoleSchema = z.object({ role: roleSchema }).strict();
export type ChangeRole = z.infer<typeof changeRoleSchema>;

export const createInvitationSchema = z
  .object({
    email: emailSchema,
    role: z.enum(["admin", "member"], { error: 'role must be "admin" or "member"' }),
  })
  .strict();
export type CreateInvitation = z.infer<typeof createInvitationSchema>;

export const acceptInvitationSchema = z.object({ token: z.string().min(1).max(200) }).strict();

export const memberParams = z.object({ orgId: z.string().min(1).max(100), userId: z.string().min(1).max(100) });
export const invitationParams = z.object({ orgId: z.string().min(1).max(100), invitationId: z.string().min(1).max(100) });

export const activityQuerySchema = z
  .object({
    type: z.string().max(64).optional(),
    category: z.enum(["member", "invitation", "installation", "connection", "app", "organization"]).optional(),
    userId: z.string().max(100).optional(),
    installationId: z.string().max(100).optional(),
    before: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();
export type ActivityQuery = z.infer<typeof activityQuerySchema>;
