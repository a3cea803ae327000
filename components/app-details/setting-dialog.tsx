"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { settingSchema, type Setting } from "@/lib/schemas/app-definition";
import { Checkbox } from "./form-field";

interface SettingDialogProps {
  open: boolean;
  /** The setting being edited, or null to add one. */
  setting: Setting | null;
  /** The keys of the other settings, which the key may not repeat. */
  otherKeys: string[];
  /** Where a key is used; a used key may not be renamed, since its templates would lose it. */
  findUsages: (key: string) => string[];
  onSave: (setting: Setting) => void;
  onClose: () => void;
}

const FORM_ID = "setting-form";

export function SettingDialog({ open, setting, otherKeys, findUsages, onSave, onClose }: SettingDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={setting ? `Edit setting ${setting.key}` : "Add a setting"}
      description="Organization-level settings are asked of the installer; user-level ones are filled per user, for instance by the OAuth flow."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={FORM_ID}>
            Save setting
          </Button>
        </>
      }
    >
      <SettingForm setting={setting} otherKeys={otherKeys} findUsages={findUsages} onSave={onSave} />
    </Dialog>
  );
}

function SettingForm({ setting, otherKeys, findUsages, onSave }: Omit<SettingDialogProps, "open" | "onClose">) {
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<z.input<typeof settingSchema>, unknown, Setting>({
    resolver: zodResolver(settingSchema),
    defaultValues: setting ?? { key: "", label: "", level: "organization", secret: false, required: false },
  });

  const onSubmit = handleSubmit((values) => {
    if (otherKeys.includes(values.key)) {
      setError("key", { message: `Another setting already has the key "${values.key}"` });
      return;
    }
    if (setting && values.key !== setting.key) {
      const usages = findUsages(setting.key);
      if (usages.length > 0) {
        setError("key", { message: `"${setting.key}" is still used in ${usages.join("; ")}. Change those first.` });
        return;
      }
    }
    onSave(values);
  });

  return (
    <form id={FORM_ID} onSubmit={onSubmit} noValidate className="space-y-4">
      <Field label="Key" error={errors.key?.message} hint="Templates use it as {{key}}: letters, digits and _">
        <Input autoComplete="off" spellCheck={false} className="font-mono" autoFocus {...register("key")} />
      </Field>
      <Field label="Label" error={errors.label?.message} hint="What the installer or user sees">
        <Input autoComplete="off" {...register("label")} />
      </Field>
      <Field label="Level" error={errors.level?.message}>
        <Select {...register("level")}>
          <option value="organization">Organization (asked at install)</option>
          <option value="user">User (per user, e.g. tokens)</option>
        </Select>
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Checkbox label="Secret" hint="Stored encrypted and read back masked" {...register("secret")} />
        <Checkbox label="Required" hint="Installing asks for it" {...register("required")} />
      </div>
    </form>
  );
}
