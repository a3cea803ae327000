"use client";

import { FormAlert } from "@/components/ui/field";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useForm, type FieldPath } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { useToast } from "@/components/ui/toast";
import { ApiClientError } from "@/lib/queries/api-client";
import { useInstallation, useUpdateInstallationSettings } from "@/lib/queries/installations";
import type { Setting } from "@/lib/schemas/app-definition";
import { SECRET_MASK, settingsFormSchema, type InstallationView, type SettingsForm } from "@/lib/schemas/installations";
import { SettingField } from "./setting-field";

interface SettingsPanelProps {
  /** The app's organization-level settings. */
  prompts: Setting[];
  initialView: InstallationView;
  canManage: boolean;
  organizationName: string;
  callbackUrl: string;
}

/** The organization's answers: a form for owners and admins, a read-only list for members. */
export function SettingsPanel({ prompts, initialView, canManage, organizationName, callbackUrl }: SettingsPanelProps) {
  const { data: view = initialView } = useInstallation(initialView.id, initialView);
  return (
    <Card>
      <CardHeader
        title="Organization settings"
        description={
          canManage
            ? "Secrets are write-only: type a new value to replace one, or leave it empty to keep it."
            : `Only owners and admins of ${organizationName} can change these settings.`
        }
      />
      <CardBody>
        {prompts.length === 0 ? (
          <p className="text-sm text-slate-500">This app has no organization settings.</p>
        ) : canManage ? (
          <SettingsForm prompts={prompts} view={view} callbackUrl={callbackUrl} />
        ) : (
          <SettingsList prompts={prompts} view={view} />
        )}
      </CardBody>
    </Card>
  );
}

function SettingsList({ prompts, view }: { prompts: Setting[]; view: InstallationView }) {
  return (
    <dl className="divide-y divide-slate-100" aria-label="Settings">
      {prompts.map((setting) => {
        const value = view.settings[setting.key];
        return (
          <div key={setting.key} className="grid gap-1 py-2.5 sm:grid-cols-3 sm:gap-4">
            <dt className="text-sm font-medium text-slate-700">{setting.label}</dt>
            <dd className="min-w-0 font-mono text-sm break-all text-slate-900 sm:col-span-2">
              {value === undefined ? <span className="font-sans text-slate-400 italic">Not set</span> : setting.secret ? SECRET_MASK : value}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

const toFormValues = (prompts: Setting[], view: InstallationView): SettingsForm => ({
  // Secrets start empty: the browser never holds a stored secret, and empty means "keep it".
  settings: Object.fromEntries(prompts.map((setting) => [setting.key, setting.secret ? "" : (view.settings[setting.key] ?? "")])),
});

function SettingsForm({ prompts, view, callbackUrl }: { prompts: Setting[]; view: InstallationView; callbackUrl: string }) {
  const router = useRouter();
  const toast = useToast();
  const update = useUpdateInstallationSettings(view.id);
  const [formError, setFormError] = useState<string | null>(null);
  const schema = useMemo(() => settingsFormSchema(prompts), [prompts]);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<SettingsForm>({ resolver: zodResolver(schema), defaultValues: toFormValues(prompts, view) });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    // Only what changed is sent, so the audit trail names exactly the keys someone touched.
    const patch: Record<string, string> = {};
    for (const setting of prompts) {
      const value = values.settings[setting.key] ?? "";
      const isChanged = setting.secret ? value !== "" : value !== (view.settings[setting.key] ?? "");
      if (isChanged) patch[setting.key] = value;
    }
    if (Object.keys(patch).length === 0) {
      toast.show("Nothing to save: no setting has changed.");
      return;
    }
    try {
      const next = await update.mutateAsync(patch);
      reset(toFormValues(prompts, next));
      toast.success("Settings saved");
      // The activity tab is rendered on the server; refreshing shows the new event.
      router.refresh();
    } catch (error) {
      if (!(error instanceof ApiClientError)) throw error;
      for (const issue of error.issues) setError(`settings.${issue.path}` as FieldPath<SettingsForm>, { message: issue.message });
      setFormError(error.message);
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Organization settings">
      <FormAlert message={formError} />
      {prompts.map((setting) => (
        <SettingField
          key={setting.key}
          setting={setting}
          registration={register(`settings.${setting.key}`)}
          error={errors.settings?.[setting.key]?.message}
          callbackUrl={callbackUrl}
          hasStoredSecret={setting.secret && view.settings[setting.key] !== undefined}
        />
      ))}
      <div className="flex justify-end border-t border-slate-100 pt-4">
        <Button type="submit" isPending={update.isPending}>
          Save settings
        </Button>
      </div>
    </form>
  );
}
