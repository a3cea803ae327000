"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import type { OrganizationMembership } from "@/lib/db/accounts";
import { ApiClientError } from "@/lib/queries/api-client";
import { useCreateApp } from "@/lib/queries/apps";
import { appDefinitionSchema, emptyAppDefinition } from "@/lib/schemas/app-definition";

const FORM_ID = "new-app-form";
const newAppSchema = z.object(appDefinitionSchema.shape).pick({ name: true }).extend({ organizationId: z.string().min(1, "Choose an organization") });
type NewApp = z.output<typeof newAppSchema>;

/** Creates an app with a minimal valid definition, then opens it to be built. */
export function NewAppButton({ organizations }: { organizations: OrganizationMembership[] }) {
  const [isOpen, setOpen] = useState(false);
  const createApp = useCreateApp();
  return (
    <>
      <Button onClick={() => setOpen(true)}>New app</Button>
      <Dialog
        open={isOpen}
        onClose={() => setOpen(false)}
        title="Create an app"
        description="Name it now; settings, OAuth configs and APIs come next, on its page."
        footer={
          <>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            {/* Still pending after success: the app's page is loading. */}
            <Button type="submit" form={FORM_ID} isPending={createApp.isPending || createApp.isSuccess}>
              Create app
            </Button>
          </>
        }
      >
        <NewAppForm organizations={organizations} createApp={createApp} />
      </Dialog>
    </>
  );
}

function NewAppForm({ organizations, createApp }: { organizations: OrganizationMembership[]; createApp: ReturnType<typeof useCreateApp> }) {
  const router = useRouter();
  const toast = useToast();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<z.input<typeof newAppSchema>, unknown, NewApp>({
    resolver: zodResolver(newAppSchema),
    defaultValues: { name: "", organizationId: organizations[0]?.id ?? "" },
  });

  const onSubmit = handleSubmit(async ({ name, organizationId }) => {
    try {
      const { id } = await createApp.mutateAsync({ organizationId, definition: emptyAppDefinition(name) });
      toast.success(`Created ${name}`);
      router.push(`/apps/${id}`);
    } catch (error) {
      const nameIssue = error instanceof ApiClientError ? error.issues.find((issue) => issue.path === "name") : undefined;
      if (nameIssue) setError("name", { message: nameIssue.message });
      else toast.error(`Not created: ${error instanceof Error ? error.message : "try again"}`);
    }
  });

  return (
    <form id={FORM_ID} onSubmit={onSubmit} noValidate className="space-y-4">
      <Field label="App name" error={errors.name?.message}>
        <Input autoComplete="off" autoFocus {...register("name")} />
      </Field>
      {organizations.length > 1 && (
        <Field label="Organization" error={errors.organizationId?.message} hint="The app belongs to it; its owners and admins can edit it">
          <Select {...register("organizationId")}>
            {organizations.map((organization) => (
              <option key={organization.id} value={organization.id}>
                {organization.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
    </form>
  );
}
