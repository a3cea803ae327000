"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import type { OAuthProviderPreset } from "@/lib/presets/oauth-providers";
import { oauthConfigSchema, type Setting } from "@/lib/schemas/app-definition";
import {
  createBlankOAuthConfig,
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
      description="Start from a provider preset, or from a blank config with the standard OAuth 2.0 paths."
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

function buildConfig(preset: OAuthProviderPreset | undefined, name: string, settings: Setting[]): OAuthConfigFormValues {
  return preset ? createOAuthConfigFromPreset(name, preset) : createBlankOAuthConfig(name, settings);
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
  const missingSettings = findMissingSettings(buildConfig(preset, "preview", settings), settings);

  const presetField = register("presetId", {
    // The name follows the preset until the developer types one of their own.
    onChange: (event: { target: { value: string } }) => {
      if (!getFieldState("name").isDirty) setValue("name", createUniqueName(event.target.value || "oauth", takenNames));
    },
  });

  const onSubmit = handleSubmit(({ presetId: chosen, name, addSettings }) => {
    if (takenNames.includes(name)) {
      setError("name", { message: `Another OAuth config is named "${name}"` });
      return;
    }
    const config = buildConfig(presets.find((candidate) => candidate.id === chosen), name, settings);
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
