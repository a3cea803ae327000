"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field, FormAlert } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { apiFetch, ApiClientError } from "@/lib/queries/api-client";
import { changePasswordSchema } from "@/lib/schemas/accounts";
import { signInPath } from "@/lib/paths";

const formSchema = changePasswordSchema
  .extend({ confirmPassword: z.string() })
  .refine((values) => values.newPassword === values.confirmPassword, { path: ["confirmPassword"], message: "The two new passwords differ" });
type PasswordForm = z.infer<typeof formSchema>;

/**
 * Changes the password. The change ends every session, this one included, so the form signs in again
 * with the new password right away; other browsers and devices have to sign in again.
 */
export function PasswordForm({ email }: { email: string }) {
  const router = useRouter();
  const toast = useToast();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<PasswordForm>({ resolver: zodResolver(formSchema) });

  const onSubmit = handleSubmit(async ({ currentPassword, newPassword }) => {
    setFormError(null);
    try {
      await apiFetch("/api/v1/me/password", { body: { currentPassword, newPassword } });
    } catch (error) {
      if (error instanceof ApiClientError && error.issues.length > 0) {
        for (const issue of error.issues) setError(issue.path as keyof PasswordForm, { message: issue.message });
      } else setFormError(error instanceof Error ? error.message : "The password could not be changed. Try again.");
      return;
    }
    reset();
    const result = await signIn("credentials", { email, password: newPassword, redirect: false });
    if (!result || result.error) {
      router.replace(signInPath("/settings/security"));
      return;
    }
    toast.success("Password changed; every other session has been signed out");
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-md space-y-4">
      <FormAlert message={formError} />
      <Field label="Current password" error={errors.currentPassword?.message} required>
        <Input type="password" autoComplete="current-password" {...register("currentPassword")} />
      </Field>
      <Field label="New password" error={errors.newPassword?.message} hint="At least 8 characters" required>
        <Input type="password" autoComplete="new-password" {...register("newPassword")} />
      </Field>
      <Field label="Confirm new password" error={errors.confirmPassword?.message} required>
        <Input type="password" autoComplete="new-password" {...register("confirmPassword")} />
      </Field>
      <Button type="submit" isPending={isSubmitting}>
        Change password
      </Button>
    </form>
  );
}
