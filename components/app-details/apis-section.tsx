"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { Controller, useFieldArray, useForm, useFormContext, useWatch } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { CardBody } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { apiSchema, HTTP_METHODS } from "@/lib/schemas/app-definition";
import { API_FIELD_LABELS as LABELS, createBlankApi, createUniqueName, listApiParams, type AppFormValues } from "./app-form-model";
import { FormField } from "./form-field";
import { PartHeader } from "./part-header";
import { SectionCard } from "./section-card";

const mono = "font-mono text-[13px]";

export function ApisSection() {
  const { control, getValues } = useFormContext<AppFormValues>();
  const { fields, append, remove } = useFieldArray({ control, name: "apis" });
  const [isAdding, setAdding] = useState(false);

  return (
    <section id="apis" aria-labelledby="apis-heading" className="scroll-mt-24 space-y-4">
      <PartHeader
        headingId="apis-heading"
        title="APIs"
        description="The calls installations make through Gatehouse, with the user's token. Unknown {{names}} become params of each call."
        action={
          <Button size="sm" variant="secondary" onClick={() => setAdding(true)}>
            Add API
          </Button>
        }
      />
      {fields.length === 0 ? (
        <EmptyState title="No APIs yet" description="Describe an endpoint of the provider's API, for instance GET /contacts." />
      ) : (
        fields.map((field, index) => <ApiCard key={field.id} index={index} onRemove={() => remove(index)} />)
      )}
      <AddApiDialog
        open={isAdding}
        takenNames={getValues("apis").map((api) => api.name)}
        onAdd={(name) => {
          append(createBlankApi(name, getValues()));
          setAdding(false);
        }}
        onClose={() => setAdding(false)}
      />
    </section>
  );
}

function ApiCard({ index, onRemove }: { index: number; onRemove: () => void }) {
  const { register, control } = useFormContext<AppFormValues>();
  const prefix = `apis.${index}` as const;
  const api = useWatch({ control, name: prefix });
  const settings = useWatch({ control, name: "settings" });
  const configNames = useWatch({ control, name: "oauthConfigs" }).map((config) => config.name);
  const headers = useFieldArray({ control, name: `${prefix}.headers` });
  const params = listApiParams(api, settings.map((setting) => setting.key));
  const label = api.name || String(index + 1);

  return (
    <SectionCard
      title={`API ${label}`}
      description={
        params.length > 0 ? (
          <>
            Params of each call:{" "}
            {params.map((param) => (
              <code key={param} className="mr-1 inline-block rounded bg-slate-100 px-1 font-mono text-[12px] text-slate-700">
                {param}
              </code>
            ))}
          </>
        ) : undefined
      }
      actions={
        <Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50" onClick={onRemove} aria-label={`Remove API ${label}`}>
          Remove
        </Button>
      }
    >
      <CardBody className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,2fr)]">
          <FormField name={`${prefix}.name`} label={LABELS.name}>
            <Input autoComplete="off" spellCheck={false} className={mono} {...register(`${prefix}.name`)} />
          </FormField>
          <FormField name={`${prefix}.method`} label={LABELS.method}>
            <Select {...register(`${prefix}.method`)}>
              {HTTP_METHODS.map((method) => (
                <option key={method}>{method}</option>
              ))}
            </Select>
          </FormField>
          <Controller
            control={control}
            name={`${prefix}.oauthConfig`}
            render={({ field }) => (
              <FormField name={`${prefix}.oauthConfig`} label={LABELS.oauthConfig}>
                <Select ref={field.ref} name={field.name} value={field.value} onChange={field.onChange} onBlur={field.onBlur}>
                  <option value="">None: no user token</option>
                  {configNames.map((name, position) => (
                    <option key={`${name}-${position}`} value={name}>
                      {name || `(unnamed config ${position + 1})`}
                    </option>
                  ))}
                  {field.value && !configNames.includes(field.value) && <option value={field.value}>{field.value} (missing)</option>}
                </Select>
              </FormField>
            )}
          />
        </div>
        <FormField name={`${prefix}.url`} label={LABELS.url} hint="A template, e.g. https://api.provider.example/contacts?limit={{limit}}">
          <Input autoComplete="off" spellCheck={false} className={mono} {...register(`${prefix}.url`)} />
        </FormField>

        <fieldset className="min-w-0 space-y-2">
          <legend className="text-sm font-medium text-slate-700">{LABELS.headers}</legend>
          {headers.fields.length === 0 && <p className="text-xs text-slate-500">No headers. A bearer token goes in one: Authorization: Bearer {"{{access_token}}"}</p>}
          {headers.fields.map((row, rowIndex) => (
            <div key={row.id} className="grid gap-2 rounded-md border border-slate-200 p-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,2fr)_auto] sm:items-start sm:border-0 sm:p-0">
              <FormField name={`${prefix}.headers.${rowIndex}.name`} label="Header name">
                <Input autoComplete="off" spellCheck={false} className={mono} {...register(`${prefix}.headers.${rowIndex}.name`)} />
              </FormField>
              <FormField name={`${prefix}.headers.${rowIndex}.value`} label="Header value">
                <Input autoComplete="off" spellCheck={false} className={mono} {...register(`${prefix}.headers.${rowIndex}.value`)} />
              </FormField>
              <Button
                size="sm"
                variant="ghost"
                className="justify-self-start text-red-700 hover:bg-red-50 sm:mt-6"
                onClick={() => headers.remove(rowIndex)}
                aria-label={`Remove header ${rowIndex + 1}`}
              >
                Remove
              </Button>
            </div>
          ))}
          <Button size="sm" variant="secondary" onClick={() => headers.append({ name: "", value: "" })}>
            Add header
          </Button>
        </fieldset>

        <FormField name={`${prefix}.body`} label={LABELS.body} hint="Optional template; JSON text when the API sends JSON. Empty sends no body.">
          <Textarea rows={3} {...register(`${prefix}.body`)} />
        </FormField>
      </CardBody>
    </SectionCard>
  );
}

const addApiSchema = apiSchema.pick({ name: true });
const ADD_API_FORM_ID = "add-api-form";

function AddApiDialog({ open, takenNames, onAdd, onClose }: { open: boolean; takenNames: string[]; onAdd: (name: string) => void; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Add an API"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={ADD_API_FORM_ID}>
            Add API
          </Button>
        </>
      }
    >
      <AddApiForm takenNames={takenNames} onAdd={onAdd} />
    </Dialog>
  );
}

function AddApiForm({ takenNames, onAdd }: { takenNames: string[]; onAdd: (name: string) => void }) {
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<z.input<typeof addApiSchema>, unknown, z.output<typeof addApiSchema>>({
    resolver: zodResolver(addApiSchema),
    defaultValues: { name: createUniqueName("new-api", takenNames) },
  });
  const onSubmit = handleSubmit(({ name }) => {
    if (takenNames.includes(name)) setError("name", { message: `Another API is named "${name}"` });
    else onAdd(name);
  });
  return (
    <form id={ADD_API_FORM_ID} onSubmit={onSubmit} noValidate>
      <Field label="API name" error={errors.name?.message} hint="Letters, digits, -, _ and .; installations invoke it by this name">
        <Input autoComplete="off" spellCheck={false} className="font-mono" autoFocus {...register("name")} />
      </Field>
    </form>
  );
}
