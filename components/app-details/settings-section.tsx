"use client";

import { useState } from "react";
import { useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CardBody } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { Setting } from "@/lib/schemas/app-definition";
import { findSettingUsages, type AppFormValues } from "./app-form-model";
import { useVisibleError } from "./form-field";
import { RefusalNotice } from "./refusal-notice";
import { SectionCard } from "./section-card";
import { SettingDialog } from "./setting-dialog";

type Editing = { index: number | null } | null;

export function SettingsSection() {
  const { control, getValues } = useFormContext<AppFormValues>();
  const { fields, append, update, remove } = useFieldArray({ control, name: "settings" });
  const settings = useWatch({ control, name: "settings" });
  const [editing, setEditing] = useState<Editing>(null);
  const [refusal, setRefusal] = useState<string | null>(null);

  const editedSetting = editing?.index != null ? (settings[editing.index] ?? null) : null;
  const findUsages = (key: string) => findSettingUsages(getValues(), key);

  const deleteSetting = (index: number) => {
    const key = settings[index]!.key;
    const usages = findUsages(key);
    if (usages.length > 0) {
      setRefusal(`"${key}" cannot be deleted: it is still used in ${usages.join("; ")}. Change those first.`);
      return;
    }
    setRefusal(null);
    remove(index);
  };

  const saveSetting = (setting: Setting) => {
    if (editing?.index != null) update(editing.index, setting);
    else append(setting);
    setRefusal(null);
    setEditing(null);
  };

  return (
    <SectionCard
      id="settings"
      title="Settings"
      description="The values templates use as {{key}}: the installer's (organization level) and each user's (user level)."
      actions={
        <Button size="sm" variant="secondary" onClick={() => setEditing({ index: null })}>
          Add setting
        </Button>
      }
    >
      {refusal && (
        <div className="px-5 pt-4">
          <RefusalNotice message={refusal} onDismiss={() => setRefusal(null)} />
        </div>
      )}
      {fields.length === 0 ? (
        <CardBody>
          <EmptyState
            title="No settings yet"
            description="Most apps need a client ID, a client secret and a redirect URI from the installer, and two user-level settings for the tokens. Picking a provider preset adds them for you."
          />
        </CardBody>
      ) : (
        <div className={refusal ? "mt-4 overflow-x-auto border-t border-slate-200" : "overflow-x-auto"}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Settings</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs font-medium uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-5 py-2">
                  Setting
                </th>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                  Level
                </th>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                  Flags
                </th>
                <th scope="col" className="px-5 py-2 text-right">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {fields.map((field, index) => (
                <SettingRow
                  key={field.id}
                  index={index}
                  setting={settings[index] ?? field}
                  onEdit={() => setEditing({ index })}
                  onDelete={() => deleteSetting(index)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <SettingDialog
        open={editing !== null}
        setting={editedSetting}
        otherKeys={settings.filter((_, index) => index !== editing?.index).map((setting) => setting.key)}
        findUsages={findUsages}
        onSave={saveSetting}
        onClose={() => setEditing(null)}
      />
    </SectionCard>
  );
}

function SettingRow({ index, setting, onEdit, onDelete }: { index: number; setting: Setting; onEdit: () => void; onDelete: () => void }) {
  // Settings have no inputs on the page; their problems (a repeated key after an import, say) show in the row.
  const problems = [
    useVisibleError(`settings.${index}.key`),
    useVisibleError(`settings.${index}.label`),
    useVisibleError(`settings.${index}.level`),
  ].filter(Boolean);
  const levelBadge = <Badge tone={setting.level === "user" ? "info" : "neutral"}>{setting.level}</Badge>;
  const flags = (
    <>
      {setting.secret && <Badge tone="warning">secret</Badge>}
      {setting.required && <Badge>required</Badge>}
    </>
  );
  return (
    <tr className="align-top">
      <td className="min-w-0 px-5 py-3">
        <div className="break-all font-mono text-[13px] font-medium text-slate-900">{setting.key}</div>
        <div className="text-slate-600">{setting.label}</div>
        <div className="mt-1.5 flex flex-wrap gap-1 sm:hidden">
          {levelBadge}
          {flags}
        </div>
        {problems.map((problem) => (
          <p key={problem} role="alert" className="mt-1 text-xs font-medium text-red-600">
            {problem}
          </p>
        ))}
      </td>
      <td className="hidden px-3 py-3 sm:table-cell">{levelBadge}</td>
      <td className="hidden px-3 py-3 sm:table-cell">
        <div className="flex flex-wrap gap-1">{flags}</div>
      </td>
      <td className="px-5 py-2.5">
        <div className="flex justify-end gap-1">
          <Button size="sm" variant="ghost" onClick={onEdit} aria-label={`Edit setting ${setting.key}`}>
            Edit
          </Button>
          <Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50" onClick={onDelete} aria-label={`Delete setting ${setting.key}`}>
            Delete
          </Button>
        </div>
      </td>
    </tr>
  );
}
