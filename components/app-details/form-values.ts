import { z } from "zod";
import {
  apiSchema,
  appDefinitionSchema,
  oauthConfigSchema,
  settingSchema,
  type AppDefinition,
  type AppDefinitionInput,
  type HTTP_METHODS,
} from "@/lib/schemas/app-definition";

/**
 * The App details form's values, derived from the definition's zod schema (CONTRACT.md v1). The form differs
 * from the definition in two ways only: optional text is "" rather than absent, and an API's headers are rows
 * (so a header can be renamed, and a half-typed one exists). A field added to the schema appears here, in the
 * blank ↔ undefined mapping and in the type, without being spelled out again.
 */

/** A schema field as the form holds it: never absent, never null ("" for optional text). */
type FormValue<T> = Exclude<T, undefined | null>;
type FormValuesOf<S extends z.ZodObject> = { [K in keyof z.output<S>]-?: FormValue<z.output<S>[K]> };

export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface HeaderRow {
  name: string;
  value: string;
}

export type SettingFormValues = FormValuesOf<typeof settingSchema>;
export type OAuthConfigFormValues = FormValuesOf<typeof oauthConfigSchema>;
export type ApiFormValues = Omit<FormValuesOf<typeof apiSchema>, "headers"> & { headers: HeaderRow[] };

export interface AppFormValues {
  schemaVersion: 1;
  name: string;
  description: string;
  settings: SettingFormValues[];
  oauthConfigs: OAuthConfigFormValues[];
  apis: ApiFormValues[];
}

/** The contract's defaults for the optional fields that are not text (text defaults to ""). */
const OAUTH_CONFIG_DEFAULTS: Partial<OAuthConfigFormValues> = { requestFormat: "form", clientAuthentication: "body", pkce: false, requireIss: false };
const API_DEFAULTS: Partial<ApiFormValues> = { expiredStatuses: [] };
// Optional fields whose control cannot be left blank (a checkbox, a list): this value means "not set".
const UNSET_VALUES: Record<string, unknown> = { requireIss: false, expiredStatuses: [] };
const SETTING_DEFAULTS: Partial<SettingFormValues> = { secret: false, required: false };

// The fields a schema lets be absent: for them a blank form value means "not set".
function optionalKeys(schema: z.ZodObject): Set<string> {
  return new Set(Object.entries(schema.shape).flatMap(([key, field]) => ((field as z.ZodType).safeParse(undefined).success ? [key] : [])));
}
const OPTIONAL = {
  setting: optionalKeys(settingSchema),
  oauthConfig: optionalKeys(oauthConfigSchema),
  api: optionalKeys(apiSchema),
};

const isBlank = (value: unknown) => typeof value === "string" && value.trim() === "";
const isUnset = (key: string, value: unknown) =>
  isBlank(value) || (key in UNSET_VALUES && (value === UNSET_VALUES[key] || (Array.isArray(value) && value.length === 0)));

/** Form values → definition fields: blanks of optional fields become undefined; keys keep the schema's order. */
function fromForm(schema: z.ZodObject, optional: Set<string>, values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(schema.shape).map((key) => [key, optional.has(key) && isUnset(key, values[key]) ? undefined : values[key]]));
}

/** Definition fields → form values: absent or null becomes the default, or "" for text. */
function toForm<T>(schema: z.ZodObject, values: Record<string, unknown>, defaults: Partial<T>): T {
  return Object.fromEntries(
    Object.keys(schema.shape).map((key) => [key, values[key] ?? (defaults as Record<string, unknown>)[key] ?? ""]),
  ) as T;
}

/** The definition a form's values describe, unvalidated; keys in the contract's order, so exports read like it. */
export function toDefinition(values: AppFormValues): AppDefinition {
  return {
    schemaVersion: 1,
    name: values.name,
    description: isBlank(values.description) ? undefined : values.description,
    settings: values.settings.map((setting) => fromForm(settingSchema, OPTIONAL.setting, setting)),
    oauthConfigs: values.oauthConfigs.map((config) => fromForm(oauthConfigSchema, OPTIONAL.oauthConfig, config)),
    apis: values.apis.map((api) => {
      const fields = fromForm(apiSchema, OPTIONAL.api, { ...api, headers: Object.fromEntries(api.headers.map((row) => [row.name, row.value])) });
      // The contract writes an API without a body as `"body": null`.
      return { ...fields, body: fields.body ?? null };
    }),
  } as AppDefinition;
}

type OAuthConfigInput = NonNullable<AppDefinitionInput["oauthConfigs"]>[number];

export function toOAuthConfigFormValues(config: OAuthConfigInput): OAuthConfigFormValues {
  return toForm<OAuthConfigFormValues>(oauthConfigSchema, config, OAUTH_CONFIG_DEFAULTS);
}

/** The form's values for a definition, filling the contract's defaults (form body, body authentication, no PKCE). */
export function toFormValues(definition: AppDefinitionInput): AppFormValues {
  return {
    schemaVersion: 1,
    name: definition.name,
    description: definition.description ?? "",
    settings: (definition.settings ?? []).map((setting) => toForm<SettingFormValues>(settingSchema, setting, SETTING_DEFAULTS)),
    oauthConfigs: (definition.oauthConfigs ?? []).map(toOAuthConfigFormValues),
    apis: (definition.apis ?? []).map((api) => ({
      ...toForm<Omit<ApiFormValues, "headers">>(apiSchema.omit({ headers: true }), api, API_DEFAULTS),
      headers: Object.entries(api.headers ?? {}).map(([name, value]) => ({ name, value })),
    })),
  };
}

/** The JSON that export shows: exactly the definition, normalised as the server stores it. */
export function serializeDefinition(values: AppFormValues): string {
  const definition = toDefinition(values);
  const parsed = appDefinitionSchema.safeParse(definition);
  return JSON.stringify(parsed.success ? parsed.data : definition, null, 2);
}
