"use client";

import { useFormContext } from "react-hook-form";
import { CardBody } from "@/components/ui/card";
import { Input, Textarea } from "@/components/ui/input";
import type { AppFormValues } from "./app-form-model";
import { FormField } from "./form-field";
import { SectionCard } from "./section-card";

export function GeneralSection() {
  const { register } = useFormContext<AppFormValues>();
  return (
    <SectionCard id="general" title="General" description="How the app appears in the store and on the connect page.">
      <CardBody className="grid gap-4 md:grid-cols-2">
        <FormField name="name" label="App name">
          <Input autoComplete="off" {...register("name")} />
        </FormField>
        <FormField name="description" label="Description" hint="Optional; one or two sentences for the store">
          <Textarea rows={2} className="font-sans text-sm" {...register("description")} />
        </FormField>
      </CardBody>
    </SectionCard>
  );
}
