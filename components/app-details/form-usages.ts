import { listTemplateNamesLoosely as listNames } from "@/lib/oauth/api-params";
import { PRESET_SETTINGS } from "@/lib/presets/preset-settings";
import type { Setting } from "@/lib/schemas/app-definition";
import { API_FIELD_LABELS, OAUTH_FIELD_LABELS } from "./form-labels";
import type { AppFormValues, OAuthConfigFormValues } from "./form-values";

const TEMPLATE_FIELDS = ["linkUrl", "tokenUrl", "refreshTokenUrl", "requestBody", "refreshTokenBody"] as const;
const VARIABLE_FIELDS = ["accessTokenVariable", "refreshTokenVariable"] as const;

/** The scopes a config imported from an issuer asks for: its link url names {{scope}}, and the installer chooses them. */
export const SCOPE_SETTING: Setting = { key: "scope", label: "Scopes", level: "organization", secret: false, required: true };
const STANDARD_SETTINGS: readonly Setting[] = [...PRESET_SETTINGS, SCOPE_SETTING];

/** The standard settings a config's templates and variables use that the app does not have yet. */
export function findMissingSettings(config: OAuthConfigFormValues, settings: Setting[]): Setting[] {
  const used = new Set<string>([...TEMPLATE_FIELDS.flatMap((field) => listNames(config[field])), config.accessTokenVariable, config.refreshTokenVariable]);
  if (config.clientAuthentication === "basic") used.add("client_id").add("client_secret");
  const existing = new Set(settings.map((setting) => setting.key));
  return STANDARD_SETTINGS.filter((setting) => used.has(setting.key) && !existing.has(setting.key));
}

// Where things are used: a setting or config still referenced may not be deleted or renamed.

const configLabel = (config: { name: string }, index: number) => `OAuth config "${config.name || index + 1}"`;
const apiLabel = (api: { name: string }, index: number) => `API "${api.name || index + 1}"`;

/** Where a setting key is used, e.g. `OAuth config "acme" › Link url`; empty when it may go. */
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
