"use client";

import { useState } from "react";
import { useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { Setting } from "@/lib/schemas/app-definition";
import { findOAuthConfigUsages, type AppFormValues, type OAuthConfigFormValues } from "./app-form-model";
import { lazyDialog } from "./lazy-dialog";
import { OAuthConfigCard } from "./oauth-config-card";
import { PartHeader } from "./part-header";
import { RefusalNotice } from "./refusal-notice";

// Opened on request: the dialog, its presets and the issuer import load after the page, not with it.
const AddOAuthConfigDialog = lazyDialog(() => import("./add-oauth-config-dialog").then((module) => module.AddOAuthConfigDialog));

export function OAuthConfigsSection() {
  const { control, getValues, setValue } = useFormContext<AppFormValues>();
  const { fields, append, remove } = useFieldArray({ control, name: "oauthConfigs" });
  const settings = useWatch({ control, name: "settings" });
  const [isAdding, setAdding] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  const removeConfig = (index: number) => {
    const name = getValues(`oauthConfigs.${index}.name`);
    const usages = findOAuthConfigUsages(getValues(), name);
    if (usages.length > 0) {
      setRefusal(`OAuth config "${name}" cannot be removed: ${usages.join(", ")} ${usages.length === 1 ? "calls" : "call"} through it. Change those first.`);
      return;
    }
    setRefusal(null);
    remove(index);
  };

  const addConfig = (config: OAuthConfigFormValues, newSettings: Setting[]) => {
    if (newSettings.length > 0) setValue("settings", [...getValues("settings"), ...newSettings], { shouldDirty: true });
    append(config);
    setAdding(false);
  };

  return (
    <section id="oauth-configs" aria-labelledby="oauth-configs-heading" className="scroll-mt-24 space-y-4">
      <PartHeader
        headingId="oauth-configs-heading"
        title="OAuth configs"
        description="How users connect their account: the authorize link, the token exchange, and where the tokens go."
        action={
          <Button size="sm" variant="secondary" onClick={() => setAdding(true)}>
            Add OAuth config
          </Button>
        }
      />
      <RefusalNotice message={refusal} onDismiss={() => setRefusal(null)} />
      {fields.length === 0 ? (
        <EmptyState
          title="No OAuth configs yet"
          description="Add one from a provider preset (GitHub, Google, Slack…) or start blank."
        />
      ) : (
        fields.map((field, index) => <OAuthConfigCard key={field.id} index={index} onRemove={() => removeConfig(index)} />)
      )}
      <AddOAuthConfigDialog
        open={isAdding}
        takenNames={getValues("oauthConfigs").map((config) => config.name)}
        settings={settings}
        onAdd={addConfig}
        onClose={() => setAdding(false)}
      />
    </section>
  );
}
