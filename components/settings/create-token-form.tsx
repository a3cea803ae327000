"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormAlert } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { ApiClientError } from "@/lib/queries/api-client";
import { useCreateToken, type CreatedToken } from "./token-queries";

const EXPIRY_CHOICES = [
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "Never" },
];

export function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedToken) => void }) {
  const create = useCreateToken();
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState("90");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  return (
    <form
      noValidate
      className="flex flex-wrap items-start gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        setFieldErrors({});
        setFormError(null);
        if (!name.trim()) {
          setFieldErrors({ name: "Name the token" });
          return;
        }
        create.mutate(
          { name: name.trim(), expiresInDays: expiry === "never" ? null : Number(expiry) },
          {
            onSuccess: (created) => {
              setName("");
              onCreated(created);
            },
            onError: (error) => {
              if (error instanceof ApiClientError && error.issues.length > 0) {
                setFieldErrors(Object.fromEntries(error.issues.map((issue) => [issue.path, issue.message])));
              } else setFormError(error.message);
            },
          },
        );
      }}
    >
      <div className="w-full">
        <FormAlert message={formError} />
      </div>
      <Field label="Token name" error={fieldErrors.name} hint="What uses it, e.g. deploy script" className="min-w-56 flex-1" required>
        <Input value={name} maxLength={100} onChange={(event) => setName(event.target.value)} />
      </Field>
      <Field label="Expires after" error={fieldErrors.expiresInDays}>
        <Select value={expiry} onChange={(event) => setExpiry(event.target.value)}>
          {EXPIRY_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" className="mt-6" isPending={create.isPending}>
        Create token
      </Button>
    </form>
  );
}
