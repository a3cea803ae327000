import { z } from "zod";

export const emailSchema = z
  .email({ error: "Enter a valid email address" })
  .max(254)
  .transform((value) => value.trim().toLowerCase());

export const passwordSchema = z
  .string({ error: "Enter a password" })
  .min(8, "Use at least 8 characters")
  .max(200, "Use at most 200 characters");

export const signUpSchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    name: z.string().trim().max(100).optional(),
    organization: z.string({ error: "Name your organization" }).trim().min(1, "Name your organization").max(100),
  })
  .strict();
export type SignUp = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password").max(200),
});
export type SignIn = z.infer<typeof signInSchema>;

export const MAX_TOKEN_EXPIRY_DAYS = 3650;

export const createTokenSchema = z
  .object({
    name: z.string({ error: "Name the token" }).trim().min(1, "Name the token").max(100),
    /** Omitted: the default (90 days); null: never expires. */
    expiresInDays: z
      .int({ error: "expiresInDays must be a whole number of days, or null for never" })
      .min(1, "expiresInDays must be at least 1")
      .max(MAX_TOKEN_EXPIRY_DAYS, `expiresInDays must be at most ${MAX_TOKEN_EXPIRY_DAYS}`)
      .nullable()
      .optional(),
  })
  .strict();
export type CreateToken = z.infer<typeof createTokenSchema>;

export const tokenParamsSchema = z.object({ id: z.uuid() });

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(200),
    newPassword: passwordSchema,
  })
  .strict();
export type ChangePassword = z.infer<typeof changePasswordSchema>;

export const memberRoleSchema = z.enum(["admin", "member"], { error: 'role must be "admin" or "member"' });

export const addMemberSchema = z
  .object({
    email: emailSchema,
    password: passwordSchema.optional(),
    name: z.string().trim().max(100).optional(),
    role: memberRoleSchema,
  })
  .strict();
export type AddMember = z.infer<typeof addMemberSchema>;

