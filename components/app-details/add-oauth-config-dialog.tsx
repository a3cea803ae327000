"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState, type KeyboardEvent } from "react";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import type { OAuthProviderPreset } from "@/lib/presets/oauth-providers";
import { ApiClientError } from "@/lib/queries/api-client";
import { useDiscoverIssuer, type DiscoveryAnswer } from "@/lib/queries/discovery";
import { oauthConfigSchema, type Setting } from "@/lib/schemas/app-definition";
import {
  createBlankOAuthConfig,
  createOAuthConfigFromDiscovery,
  createOAuthConfigFromPreset,
  createUniqueName,
  findMissingSettings,
  type OAuthConfigFormValues,
} from "./app-form-model";
import { Checkbox } from "./form-field";
import { useProviderPresets } from "./sandbox-preset-context";

const FORM_ID = "add-oauth-config-form";
const BLANK = "";

const addConfigSchema = oauthConfigSchema.pick({ name: true }).extend({ presetId: z.string(), addSettings: z.boolean() });

interface AddOAuthConfigDialogProps {
  open: boolean;
  takenNames: string[];
  settings: Setting[];
  onAdd: (config: OAuthConfigFormValues, newSettings: Setting[]) => void;
  onClose: () => void;
}

export function AddOAuthConfigDialog({ open, takenNames, settings, onAdd, onClose }: AddOAuthConfigDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Add an OAuth config"
      description="Start from a provider preset, from an issuer's published metadata, or from a blank config with the standard OAuth 2.0 paths."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={FORM_ID}>
            Add config
          </Button>
        </>
      }
    >
      <AddOAuthConfigForm takenNames={takenNames} settings={settings} onAdd={onAdd} />
    </Dialog>
  );
}

function buildConfig(
  preset: OAuthProviderPreset | undefined,
  imported: DiscoveryAnswer | null,
  name: string,
  settings: Setting[],
): OAuthConfigFormValues {
  if (imported) return createOAuthConfigFromDiscovery(name, imported, settings);
  return preset ? createOAuthConfigFromPreset(name, preset) : createBlankOAuthConfig(name, settings);
}

/** A failed import in words: the 422's own explanation of the issuer, or what went wrong on the way. */
function describeImportError(error: Error): string {
  if (error instanceof ApiClientError) return error.issues.find((issue) => issue.path === "issuer")?.message ?? error.message;
  return error.message;
}

/** What an import filled, so the developer knows before adding the config. */
function describeImport(answer: DiscoveryAnswer): string {
  const filled = [
    "the link url",
    "token url",
    "issuer",
    answer.pkce ? "PKCE (S256)" : "no PKCE",
    `client authentication ${answer.clientAuthentication}`,
    answer.revokeUrl ? "revocation URL" : "no revocation URL (none advertised)",
    answer.requireIss ? "iss required in callbacks" : "iss not required",
  ];
  return `Read ${answer.metadataUrl}: ${filled.join(", ")}.`;
}

function AddOAuthConfigForm({ takenNames, settings, onAdd }: Omit<AddOAuthConfigDialogProps, "open" | "onClose">) {
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    control,
    getFieldState,
    formState: { errors },
  } = useForm<z.input<typeof addConfigSchema>, unknown, z.output<typeof addConfigSchema>>({
    resolver: zodResolver(addConfigSchema),
    defaultValues: { presetId: BLANK, name: createUniqueName("oauth", takenNames), addSettings: true },
  });
  const presets = useProviderPresets();
  const presetId = useWatch({ control, name: "presetId" });
  const preset = presets.find((candidate) => candidate.id === presetId);
  const [issuer, setIssuer] = useState("");
  const [imported, setImported] = useState<DiscoveryAnswer | null>(null);
  const discover = useDiscoverIssuer();
  const missingSettings = findMissingSettings(buildConfig(preset, imported, "preview", settings), settings);

  const presetField = register("presetId", {
    // The name follows the preset until the developer types one of their own; a preset replaces an import.
    onChange: (event: { target: { value: string } }) => {
      if (event.target.value) setImported(null);
      if (!getFieldState("name").isDirty) setValue("name", createUniqueName(event.target.value || "oauth", takenNames));
    },
  });

  const importFromIssuer = () => {
    setImported(null);
    discover.mutate(issuer.trim(), {
      onSuccess: (answer) => {
        setImported(answer);
        setValue("presetId", BLANK);
      },
    });
  };
  // Enter in the issuer field imports rather than adding the config before anything was read.
  const onIssuerKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    if (!discover.isPending) importFromIssuer();
  };

  const onSubmit = handleSubmit(({ presetId: chosen, name, addSettings }) => {
    if (discover.isPending) return; // the config waits for what the issuer publishes
    if (takenNames.includes(name)) {
      setError("name", { message: `Another OAuth config is named "${name}"` });
      return;
    }
    const config = buildConfig(presets.find((candidate) => candidate.id === chosen), imported, name, settings);
    onAdd(config, addSettings ? findMissingSettings(config, settings) : []);
  });

  return (
    <form id={FORM_ID} onSubmit={onSubmit} noValidate className="space-y-4">
      <Field
        label="Provider preset"
        hint={
          preset ? (
            <>
              {preset.notes}{" "}
              <a href={preset.docsUrl} target="_blank" rel="noreferrer" className="font-medium text-brand-700 underline">
                {preset.label} docs
              </a>
            </>
          ) : imported ? (
            "None: the config is filled from the issuer's metadata below."
          ) : (
            "A blank config: you write the URLs and bodies."
          )
        }
      >
        <Select autoFocus {...presetField}>
          <option value={BLANK}>None: a blank config</option>
          {presets.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </Select>
      </Field>
      <div className="space-y-2">
        <Field
          label="Issuer URL"
          error={discover.error ? describeImportError(discover.error) : undefined}
          hint="Or fill the config from the provider's published OpenID Connect or OAuth metadata, e.g. https://login.provider.example"
        >
          <Input
            type="url"
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            placeholder="https://login.provider.example"
            value={issuer}
            onChange={(event) => {
              setIssuer(event.target.value);
              discover.reset();
            }}
            onKeyDown={onIssuerKeyDown}
          />
        </Field>
        <Button variant="secondary" size="sm" isPending={discover.isPending} disabled={!issuer.trim()} onClick={importFromIssuer}>
          {discover.isPending ? "Importing…" : "Import from issuer"}
        </Button>
        {imported && (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-xs text-emerald-900 break-all">
            {describeImport(imported)}
          </p>
        )}
      </div>
      <Field label="Config name" error={errors.name?.message} hint="Letters, digits, -, _ and .; part of the connect URL">
        <Input autoComplete="off" spellCheck={false} className="font-mono" {...register("name")} />
      </Field>
      {missingSettings.length > 0 && (
        <Checkbox
          label="Also add the settings it uses"
          hint={`${missingSettings.map((setting) => setting.key).join(", ")}. Leave this off to write your own client ID and secret into the templates instead.`}
          {...register("addSettings")}
        />
      )}
    </form>
  );
}
