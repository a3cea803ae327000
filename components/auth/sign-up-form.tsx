"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, FormAlert } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { apiFetch, ApiClientError } from "@/lib/queries/api-client";
import { signUpSchema, type SignUp } from "@/lib/schemas/accounts";
import { signInPath } from "@/lib/paths";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<SignUp>({ resolver: zodResolver(signUpSchema) });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await apiFetch("/api/v1/signup", { body: values });
    } catch (error) {
      if (error instanceof ApiClientError && error.issues.length > 0) {
        for (const issue of error.issues) setError(issue.path as keyof SignUp, { message: issue.message });
      } else {
        setFormError(error instanceof Error ? error.message : "Sign-up failed. Try again.");
      }
      return;
    }
    const result = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
    if (!result || result.error) {
      router.replace(signInPath(callbackUrl));
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormAlert message={formError} />
      <Field label="Name" error={errors.name?.message}>
        <Input autoComplete="name" {...register("name")} />
      </Field>
      <Field label="Email" error={errors.email?.message} required>
        <Input type="email" autoComplete="email" {...register("email")} />
      </Field>
      <Field label="Password" error={errors.password?.message} hint="At least 8 characters" required>
        <Input type="password" autoComplete="new-password" {...register("password")} />
      </Field>
      <Field label="Organization" error={errors.organization?.message} hint="You will own it; invite your team later" required>
        <Input autoComplete="organization" {...register("organization")} />
      </Field>
      <Button type="submit" className="w-full" isPending={isSubmitting}>
        Sign up
      </Button>
    </form>
  );
}
