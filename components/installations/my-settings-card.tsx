"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { useForm, type FieldPath } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { FormAlert } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { ApiClientError } from "@/lib/queries/api-client";
import { useMySettings, useUpdateMySettings } from "@/lib/queries/installations";
import { mySettingsFormSchema, type MySettingsForm, type MySettingsView } from "@/lib/schemas/installations";
import { SettingField } from "./setting-field";

interface MySettingsCardProps {
  installationId: string;
  /** The server's render of the caller's settings, so the first paint needs no request. */
  initialView: MySettingsView;
  callbackUrl: string;
}

const toFormValues = (view: MySettingsView): MySettingsForm => ({
  // Secrets start empty: the browser never holds a stored secret, and empty means "keep it".
  values: Object.fromEntries(view.settings.map((setting) => [setting.key, setting.secret ? "" : (view.values[setting.key] ?? "")])),
});

/** The caller's own user-level settings that hold no token (a workspace id, say), which the app's APIs use. */
export function MySettingsCard({ installationId, initialView, callbackUrl }: MySettingsCardProps) {
  const { data: view = initialView } = useMySettings(installationId, initialView);
  const toast = useToast();
  const update = useUpdateMySettings(installationId);
  const [formError, setFormError] = useState<string | null>(null);
  const schema = useMemo(() => mySettingsFormSchema(view.settings), [view.settings]);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<MySettingsForm>({ resolver: zodResolver(schema), defaultValues: toFormValues(view) });

  if (view.settings.length === 0) return null;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    // Only what changed is sent, so the audit trail names exactly the keys the member touched.
    const patch: Record<string, string> = {};
    for (const setting of view.settings) {
      const value = values.values[setting.key] ?? "";
      const isChanged = setting.secret ? value !== "" : value !== (view.values[setting.key] ?? "");
      if (isChanged) patch[setting.key] = value;
    }
    if (Object.keys(patch).length === 0) {
      toast.show("Nothing to save: no setting has changed.");
      return;
    }
    try {
      reset(toFormValues(await update.mutateAsync(patch)));
      toast.success("Your settings are saved");
    } catch (error) {
      if (!(error instanceof ApiClientError)) throw error;
      for (const issue of error.issues) setError(issue.path as FieldPath<MySettingsForm>, { message: issue.message });
      setFormError(error.message);
    }
  });

  return (
    <Card>
      <CardHeader
        title="Your settings"
        description="Values the app's APIs use for you alone. Secrets are write-only: type a new value to replace one, or leave it empty to keep it."
      />
      <CardBody>
        <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Your settings">
          <FormAlert message={formError} />
          {view.settings.map((setting) => (
            <SettingField
              key={setting.key}
              setting={setting}
              registration={register(`values.${setting.key}`)}
              error={errors.values?.[setting.key]?.message}
              callbackUrl={callbackUrl}
              hasStoredSecret={setting.secret && view.values[setting.key] !== undefined}
            />
          ))}
          <div className="flex justify-end border-t border-slate-100 pt-4">
            <Button type="submit" isPending={update.isPending}>
              Save your settings
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
