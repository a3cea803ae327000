import { z } from "zod";
import { zodIssues, type IssueDetail } from "@/lib/errors";
import { BUILT_IN_NAMES } from "@/lib/oauth/config";
import { listTemplateNames } from "@/lib/oauth/template";
import { PRESET_SETTINGS, type OAuthProviderPreset } from "@/lib/presets/oauth-providers";
import {
  apiSchema,
  appDefinitionSchema,
  checkAppDefinition,
  createAppDefinitionSchema,
  type AppDefinition,
  type AppDefinitionInput,
  type HTTP_METHODS,
  type Setting,
} from "@/lib/schemas/app-definition";
import { createBrowserUrlCheck, type PublicUrlPolicy } from "./browser-url-policy";

/**
 * The App details form's values and their mapping to and from the app definition (CONTRACT.md v1). The form
 * differs from the definition in two ways only: optional text is "" rather than absent, and an API's headers
 * are rows (so a header can be renamed, and a half-typed one exists). Paths are otherwise the same.
 */

export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface HeaderRow {
  name: string;
  value: string;
}

export interface OAuthConfigFormValues {
  name: string;
  linkUrl: string;
  authCodePath: string;
  accessTokenPath: string;
  refreshTokenPath: string;
  expiresInPath: string;
  accessTokenVariable: string;
  refreshTokenVariable: string;
  tokenUrl: string;
  requestBody: string;
  requestFormat: "json" | "form";
  clientAuthentication: "body" | "basic";
  refreshTokenUrl: string;
  refreshTokenBody: string;
  pkce: boolean;
  logoUrl: string;
}

export interface ApiFormValues {
  name: string;
  method: HttpMethod;
  url: string;
  headers: HeaderRow[];
  body: string;
  oauthConfig: string;
}

export interface AppFormValues {
  schemaVersion: 1;
  name: string;
  description: string;
  settings: Setting[];
  oauthConfigs: OAuthConfigFormValues[];
  apis: ApiFormValues[];
}

/** The visible labels of the fields; error descriptions and usage lists name fields by these too. */
export const OAUTH_FIELD_LABELS = {
  name: "Config name",
  linkUrl: "Link URL",
  authCodePath: "Auth code path",
  accessTokenPath: "Access token path",
  refreshTokenPath: "Refresh token path",
  expiresInPath: "Expires-in path",
  accessTokenVariable: "Access token variable",
  refreshTokenVariable: "Refresh token variable",
  tokenUrl: "Token URL",
  requestBody: "Request body",
  requestFormat: "Body format",
  clientAuthentication: "Client authentication",
  refreshTokenUrl: "Refresh URL",
  refreshTokenBody: "Refresh body",
  pkce: "Use PKCE",
  logoUrl: "Logo URL",
} as const satisfies Record<keyof OAuthConfigFormValues, string>;

export const API_FIELD_LABELS = {
  name: "API name",
  method: "Method",
  url: "URL",
  headers: "Headers",
  body: "Body",
  oauthConfig: "OAuth config",
} as const satisfies Record<keyof ApiFormValues, string>;

const SETTING_FIELD_LABELS = { key: "Key", label: "Label", level: "Level", secret: "Secret", required: "Required" } as const;

const TEMPLATE_FIELDS = ["linkUrl", "tokenUrl", "refreshTokenUrl", "requestBody", "refreshTokenBody"] as const;
const VARIABLE_FIELDS = ["accessTokenVariable", "refreshTokenVariable"] as const;

// ---------------------------------------------------------------------------------------------------------
// The form's schema: the shared definition schema with the headers swapped for rows, plus the cross-field
// rules of checkAppDefinition with the browser's URL check, their paths moved onto the form's fields.

const headersRecord = apiSchema.shape.headers.unwrap();
const headerRowSchema = z.object({ name: headersRecord.keyType, value: headersRecord.valueType });
const apiFormSchema = apiSchema.omit({ headers: true }).extend({ headers: z.array(headerRowSchema) });
// The shared schema carries its cross-field refinement, which zod will not let .omit() copy; its shape can.
const appFormShape = z.object(appDefinitionSchema.shape).omit({ apis: true }).extend({ apis: z.array(apiFormSchema) });

type AppFormOutput = z.output<typeof appFormShape>;
type IssuePath = (string | number)[];

export function createAppFormSchema(policy: PublicUrlPolicy) {
  const checkUrl = createBrowserUrlCheck(policy);
  return appFormShape.superRefine((values, context) => {
    values.apis.forEach((api, apiIndex) => {
      const seen = new Set<string>();
      api.headers.forEach((row, rowIndex) => {
        const name = row.name.toLowerCase();
        if (name && seen.has(name)) {
          context.addIssue({ code: "custom", path: ["apis", apiIndex, "headers", rowIndex, "name"], message: `The header "${row.name}" is set twice` });
        }
        seen.add(name);
      });
    });
    for (const issue of checkAppDefinition(toDefinition(values), { checkUrl })) {
      context.addIssue({ code: "custom", path: toFormPath(issue.path, values), message: issue.message });
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Definition ⇄ form values

const blankToUndefined = (value: string | null | undefined): string | undefined =>
  value == null || value.trim() === "" ? undefined : value;

/** The definition a form's values describe, unvalidated; keys in the contract's order, so exports read like it. */
export function toDefinition(values: AppFormOutput): AppDefinition {
  return {
    schemaVersion: 1,
    name: values.name,
    description: blankToUndefined(values.description),
    settings: values.settings.map(({ key, label, level, secret, required }) => ({ key, label, level, secret, required })),
    oauthConfigs: values.oauthConfigs.map((config) => ({
      name: config.name,
      linkUrl: config.linkUrl,
      authCodePath: config.authCodePath,
      accessTokenPath: config.accessTokenPath,
      refreshTokenPath: config.refreshTokenPath,
      expiresInPath: blankToUndefined(config.expiresInPath),
      accessTokenVariable: config.accessTokenVariable,
      refreshTokenVariable: config.refreshTokenVariable,
      tokenUrl: config.tokenUrl,
      requestBody: config.requestBody,
      requestFormat: config.requestFormat,
      clientAuthentication: config.clientAuthentication,
      refreshTokenUrl: blankToUndefined(config.refreshTokenUrl),
      refreshTokenBody: blankToUndefined(config.refreshTokenBody),
      pkce: config.pkce,
      logoUrl: blankToUndefined(config.logoUrl),
    })),
    apis: values.apis.map((api) => ({
      name: api.name,
      method: api.method,
      url: api.url,
      headers: Object.fromEntries(api.headers.map((row) => [row.name, row.value])),
      body: blankToUndefined(api.body) ?? null,
      oauthConfig: blankToUndefined(api.oauthConfig),
    })),
  };
}

type OAuthConfigInput = AppDefinitionInput["oauthConfigs"] extends (infer C)[] | undefined ? C : never;

function toOAuthConfigFormValues(config: OAuthConfigInput): OAuthConfigFormValues {
  return {
    name: config.name,
    linkUrl: config.linkUrl,
    authCodePath: config.authCodePath,
    accessTokenPath: config.accessTokenPath,
    refreshTokenPath: config.refreshTokenPath,
    expiresInPath: config.expiresInPath ?? "",
    accessTokenVariable: config.accessTokenVariable,
    refreshTokenVariable: config.refreshTokenVariable,
    tokenUrl: config.tokenUrl,
    requestBody: config.requestBody,
    requestFormat: config.requestFormat ?? "form",
    clientAuthentication: config.clientAuthentication ?? "body",
    refreshTokenUrl: config.refreshTokenUrl ?? "",
    refreshTokenBody: config.refreshTokenBody ?? "",
    pkce: config.pkce ?? false,
    logoUrl: config.logoUrl ?? "",
  };
}

/** The form's values for a definition, filling the contract's defaults (form body, body authentication, no PKCE). */
export function toFormValues(definition: AppDefinitionInput): AppFormValues {
  return {
    schemaVersion: 1,
    name: definition.name,
    description: definition.description ?? "",
    settings: (definition.settings ?? []).map(({ key, label, level, secret, required }) => ({
      key,
      label,
      level,
      secret: secret ?? false,
      required: required ?? false,
    })),
    oauthConfigs: (definition.oauthConfigs ?? []).map(toOAuthConfigFormValues),
    apis: (definition.apis ?? []).map((api) => ({
      name: api.name,
      method: api.method,
      url: api.url,
      headers: Object.entries(api.headers ?? {}).map(([name, value]) => ({ name, value })),
      body: api.body ?? "",
      oauthConfig: api.oauthConfig ?? "",
    })),
  };
}

/** The JSON that export shows: exactly the definition, normalised as the server stores it. */
export function serializeDefinition(values: AppFormValues): string {
  const definition = toDefinition(values);
  const parsed = appDefinitionSchema.safeParse(definition);
  return JSON.stringify(parsed.success ? parsed.data : definition, null, 2);
}

// ---------------------------------------------------------------------------------------------------------
// New configs and APIs

function pickUserSetting(settings: Setting[], preferred: string, avoid?: string): string {
  const userKeys = settings.filter((setting) => setting.level === "user").map((setting) => setting.key);
  if (userKeys.includes(preferred)) return preferred;
  return userKeys.find((key) => key !== avoid) ?? "";
}

/** A config with the standard OAuth 2.0 response paths and the app's user-level settings as token variables. */
export function createBlankOAuthConfig(name: string, settings: Setting[]): OAuthConfigFormValues {
  const accessTokenVariable = pickUserSetting(settings, "access_token");
  return {
    name,
    linkUrl: "",
    authCodePath: "$.code",
    accessTokenPath: "$.access_token",
    refreshTokenPath: "$.refresh_token",
    expiresInPath: "$.expires_in",
    accessTokenVariable,
    refreshTokenVariable: pickUserSetting(settings, "refresh_token", accessTokenVariable),
    tokenUrl: "",
    requestBody: "",
    requestFormat: "form",
    clientAuthentication: "body",
    refreshTokenUrl: "",
    refreshTokenBody: "",
    pkce: false,
    logoUrl: "",
  };
}

export function createOAuthConfigFromPreset(name: string, preset: OAuthProviderPreset): OAuthConfigFormValues {
  return toOAuthConfigFormValues({ name, ...preset.config });
}

export function createBlankApi(name: string, values: Pick<AppFormValues, "oauthConfigs">): ApiFormValues {
  // An API almost always calls with the user's token of the app's only config.
  const onlyConfig = values.oauthConfigs.length === 1 ? values.oauthConfigs[0]!.name : "";
  return { name, method: "GET", url: "", headers: [], body: "", oauthConfig: onlyConfig };
}

/** `base`, or `base-2`, `base-3`… whichever is not taken yet. */
export function createUniqueName(base: string, taken: string[]): string {
  if (!taken.includes(base)) return base;
  for (let suffix = 2; ; suffix++) if (!taken.includes(`${base}-${suffix}`)) return `${base}-${suffix}`;
}

/** The standard settings a config's templates and variables use that the app does not have yet. */
export function findMissingSettings(config: OAuthConfigFormValues, settings: Setting[]): Setting[] {
  const used = new Set<string>([...TEMPLATE_FIELDS.flatMap((field) => listNames(config[field])), config.accessTokenVariable, config.refreshTokenVariable]);
  if (config.clientAuthentication === "basic") used.add("client_id").add("client_secret");
  const existing = new Set(settings.map((setting) => setting.key));
  return PRESET_SETTINGS.filter((setting) => used.has(setting.key) && !existing.has(setting.key));
}

// ---------------------------------------------------------------------------------------------------------
// Where things are used: a setting or config still referenced may not be deleted or renamed.

// A template with a syntax error still names its settings; the regex finds them where the parser gives up.
function listNames(template: string): string[] {
  try {
    return listTemplateNames(template).map((placeholder) => placeholder.name);
  } catch {
    return [...template.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g)].map((match) => match[1]!);
  }
}

const configLabel = (config: { name: string }, index: number) => `OAuth config "${config.name || index + 1}"`;
const apiLabel = (api: { name: string }, index: number) => `API "${api.name || index + 1}"`;

/** Where a setting key is used, e.g. `OAuth config "acme" › Link URL`; empty when it may go. */
export function findSettingUsages(values: Pick<AppFormValues, "oauthConfigs" | "apis">, key: string): string[] {
  const usages: string[] = [];
  values.oauthConfigs.forEach((config, index) => {
    const where = configLabel(config, index);
    for (const field of TEMPLATE_FIELDS) {
      if (listNames(config[field]).includes(key)) usages.push(`${where} › ${OAUTH_FIELD_LABELS[field]}`);
    }
    for (const field of VARIABLE_FIELDS) {
      if (config[field] === key) usages.push(`${where} › ${OAUTH_FIELD_LABELS[field]}`);
    }
    if (config.clientAuthentication === "basic" && (key === "client_id" || key === "client_secret")) {
      usages.push(`${where} › ${OAUTH_FIELD_LABELS.clientAuthentication} (HTTP Basic)`);
    }
  });
  values.apis.forEach((api, index) => {
    const where = apiLabel(api, index);
    if (listNames(api.url).includes(key)) usages.push(`${where} › ${API_FIELD_LABELS.url}`);
    for (const row of api.headers) {
      if (listNames(row.value).includes(key)) usages.push(`${where} › Header "${row.name}"`);
    }
    if (listNames(api.body).includes(key)) usages.push(`${where} › ${API_FIELD_LABELS.body}`);
  });
  return usages;
}

/** The APIs that call through an OAuth config. */
export function findOAuthConfigUsages(values: Pick<AppFormValues, "apis">, name: string): string[] {
  return values.apis.flatMap((api, index) => (api.oauthConfig === name ? [apiLabel(api, index)] : []));
}

/** The names an API's templates use that are neither settings nor built-ins: its params, supplied with each invoke. */
export function listApiParams(api: ApiFormValues, settings: Setting[]): string[] {
  const known = new Set<string>([...settings.map((setting) => setting.key), ...BUILT_IN_NAMES]);
  const names = [api.url, api.body, ...api.headers.map((row) => row.value)].flatMap(listNames);
  return [...new Set(names)].filter((name) => !known.has(name));
}

// ---------------------------------------------------------------------------------------------------------
// Issue paths: the definition's (checkAppDefinition, the server's 422) onto the form's fields.

/** Moves a definition path onto the form: a header named in the path becomes its row's value. */
export function toFormPath(path: IssuePath, values: Pick<AppFormOutput, "apis">): IssuePath {
  const [root, apiIndex, part] = path;
  if (root !== "apis" || typeof apiIndex !== "number" || part !== "headers" || path.length < 4) return path;
  const name = path.slice(3).join(".");
  const rows = values.apis[apiIndex]?.headers ?? [];
  for (let row = rows.length - 1; row >= 0; row--) {
    if (rows[row]!.name === name) return ["apis", apiIndex, "headers", row, "value"];
  }
  return ["apis", apiIndex, "headers"];
}

/** Reads a dotted issue path of the API (`apis.0.headers.X-Api.Key`), keeping a header's name whole. */
export function parseIssuePath(dotted: string): IssuePath {
  const segments = dotted === "" ? [] : dotted.split(".");
  const path: IssuePath = segments.map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  if (path[0] === "apis" && path[2] === "headers" && segments.length > 3) return [...path.slice(0, 3), segments.slice(3).join(".")];
  return path;
}

/** Whether the form shows an error at this path next to a control (others go to a list above the form). */
export function isFieldPath(path: IssuePath): boolean {
  const [root, index, field, row, part] = path;
  if (path.length === 1) return root === "name" || root === "description";
  if (typeof index !== "number" || typeof field !== "string") return false;
  if (root === "settings") return path.length === 3 && field in SETTING_FIELD_LABELS;
  if (root === "oauthConfigs") return path.length === 3 && field in OAUTH_FIELD_LABELS;
  if (root !== "apis") return false;
  if (field === "headers") return path.length === 5 && typeof row === "number" && (part === "name" || part === "value");
  return path.length === 3 && field in API_FIELD_LABELS;
}

// ---------------------------------------------------------------------------------------------------------
// Import

export type ImportCheck =
  | { ok: true; definition: AppDefinition }
  | {
      ok: false;
      message: string;
      issues: IssueDetail[];
      /** Set when the JSON has the definition's shape and only breaks rules the form can show and fix. */
      loadable?: AppDefinitionInput;
    };

// Problems with values the form can hold; a wrong type or an unknown field cannot be shown in it.
const LOADABLE_ISSUE_CODES = new Set(["custom", "too_small", "too_big", "invalid_format"]);

/** Checks pasted or uploaded JSON as the server would, with the browser's URL check. */
export function checkImportedDefinition(text: string, policy: PublicUrlPolicy): ImportCheck {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `This is not valid JSON: ${error instanceof Error ? error.message : "it does not parse"}`, issues: [] };
  }
  const result = createAppDefinitionSchema({ checkUrl: createBrowserUrlCheck(policy) }).safeParse(input);
  if (result.success) return { ok: true, definition: result.data };
  const issues = zodIssues(result.error);
  const isLoadable = result.error.issues.every((issue) => LOADABLE_ISSUE_CODES.has(issue.code));
  return {
    ok: false,
    message: `This definition has ${issues.length === 1 ? "a problem" : `${issues.length} problems`}`,
    issues,
    loadable: isLoadable ? (input as AppDefinitionInput) : undefined,
  };
}
