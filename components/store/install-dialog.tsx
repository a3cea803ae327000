"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useForm, type FieldPath } from "react-hook-form";
import { SettingField, REDIRECT_URI_KEY } from "@/components/installations/setting-field";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormAlert } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { ApiClientError } from "@/lib/queries/api-client";
import { useInstallApp } from "@/lib/queries/installations";
import type { Setting } from "@/lib/schemas/app-definition";
import type { CredentialCheck } from "@/lib/services/credential-check";
import { installFormSchema, type InstallForm } from "@/lib/schemas/installations";

export interface InstallableApp {
  id: string;
  name: string;
  /** The version the page shows, which the installer agrees to by installing. */
  version: number;
  organizationSettings: Setting[];
  /** When the client credentials are checked; null or absent when the app asks for no client secret. */
  credentialCheck?: CredentialCheck | null;
}

interface InstallDialogProps {
  app: InstallableApp;
  /** The organizations the user administers that do not have the app yet. */
  organizations: { id: string; name: string }[];
  callbackUrl: string;
  open: boolean;
  onClose: () => void;
}

/** The install prompt: one field per organization-level setting, then the installation's page. */
export function InstallDialog({ app, organizations, callbackUrl, open, onClose }: InstallDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Install ${app.name}`}
      description="Answer the settings your organization provides. Secrets are stored encrypted and are never shown again."
    >
      {/* Mounted only while open (Dialog renders children then), so every opening starts afresh. */}
      <InstallForm app={app} organizations={organizations} callbackUrl={callbackUrl} onCancel={onClose} />
    </Dialog>
  );
}

function InstallForm({ app, organizations, callbackUrl, onCancel }: Omit<InstallDialogProps, "open" | "onClose"> & { onCancel: () => void }) {
  const router = useRouter();
  const toast = useToast();
  const install = useInstallApp();
  const [formError, setFormError] = useState<string | null>(null);
  const schema = useMemo(() => installFormSchema(app.organizationSettings), [app.organizationSettings]);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, submitCount },
  } = useForm<InstallForm>({
    resolver: zodResolver(schema),
    defaultValues: {
      organizationId: organizations[0]?.id ?? "",
      settings: Object.fromEntries(
        app.organizationSettings.map((setting) => [setting.key, setting.key === REDIRECT_URI_KEY ? callbackUrl : ""]),
      ),
    },
  });

  const needsAttention = app.organizationSettings.filter((setting) => errors.settings?.[setting.key]);
  const organizationName = (id: string) => organizations.find((organization) => organization.id === id)?.name ?? "your organization";

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    // Optional settings left empty are not sent: an installation stores only answered values.
    const settings = Object.fromEntries(Object.entries(values.settings).filter((entry): entry is [string, string] => !!entry[1]));
    try {
      const { id } = await install.mutateAsync({ organizationId: values.organizationId, appId: app.id, version: app.version, settings });
      toast.success(`${app.name} is installed in ${organizationName(values.organizationId)}. Next: connect your account.`);
      // The next step is each member's own: connecting their account, on the Connections tab.
      router.push(`/installations/${encodeURIComponent(id)}?tab=connections`);
    } catch (error) {
      if (!(error instanceof ApiClientError)) throw error;
      // A version published since the page loaded: show the installer what it is now before they agree to it.
      if (error.code === "conflict") router.refresh();
      for (const issue of error.issues) {
        if (issue.path.startsWith("settings.")) setError(issue.path as FieldPath<InstallForm>, { message: issue.message });
      }
      setFormError(error.message);
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label={`Install ${app.name}`}>
      <FormAlert message={formError} />
      {submitCount > 0 && !formError && (
        <FormAlert message={needsAttention.length > 0 ? `Fill in ${needsAttention.map((setting) => setting.label).join(", ")} to install.` : null} />
      )}

      {organizations.length > 1 ? (
        <Field label="Organization" error={errors.organizationId?.message} hint="The organization whose members will use the app.">
          <Select {...register("organizationId")}>
            {organizations.map((organization) => (
              <option key={organization.id} value={organization.id}>
                {organization.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : (
        <p className="text-sm text-slate-600">
          Installing into <span className="font-medium text-slate-900">{organizations[0]?.name}</span>.
        </p>
      )}

      {app.organizationSettings.length === 0 ? (
        <p className="text-sm text-slate-600">{app.name} needs no settings from your organization.</p>
      ) : (
        <fieldset className="space-y-4">
          <legend className="sr-only">Settings</legend>
          {app.organizationSettings.map((setting) => (
            <SettingField
              key={setting.key}
              setting={setting}
              registration={register(`settings.${setting.key}`)}
              error={errors.settings?.[setting.key]?.message}
              callbackUrl={callbackUrl}
            />
          ))}
        </fieldset>
      )}
      {app.credentialCheck && <CredentialCheckNote check={app.credentialCheck} />}

      <div className="-mx-5 -mb-4 flex justify-end gap-2 border-t border-slate-200 bg-slate-50 px-5 py-3">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" isPending={install.isPending}>
          Install
        </Button>
      </div>
    </form>
  );
}

/** Says whether a wrong client ID or secret shows now or only when a member first connects. */
function CredentialCheckNote({ check }: { check: CredentialCheck }) {
  return check === "on_save" ? (
    <p className="text-sm text-slate-600">
      <span className="font-medium text-slate-900">Checked on install.</span> Gatehouse asks the provider to check the client ID and
      secret before saving them.
    </p>
  ) : (
    <p className="text-sm text-slate-600">
      <span className="font-medium text-slate-900">Checked at first connect.</span> This provider cannot check the client ID and
      secret in advance: a wrong one shows when a member first connects.
    </p>
  );
}
