import { z } from "zod";
import { checkOAuthConfig } from "@/lib/oauth/check-config";
import { BUILT_IN_NAMES, type OAuthConfig } from "@/lib/oauth/config";
import { withStateParameter } from "@/lib/oauth/authorize-url";
import { checkJsonPath } from "@/lib/oauth/extract";
import { listTemplateNames, validateTemplateSyntax } from "@/lib/oauth/template";

/**
 * The app definition, version 1 (CONTRACT.md): the JSON the App details page edits and import and export
 * carry. The same schema validates the forms in the browser and the API on the server. Field names are
 * fixed, so every object is strict: an unknown field is a 422 with its path.
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const requiredText = (what: string, max = 200) =>
  z.string({ error: `Enter ${what}` }).trim().min(1, `Enter ${what}`).max(max, `Use at most ${max} characters`);

/** An optional text field: empty strings and null both mean "not set". */
const optionalText = (max = 4000) =>
  z
    .string()
    .max(max, `Use at most ${max} characters`)
    .nullish()
    .transform((value) => (value == null || value.trim() === "" ? undefined : value));

const jsonPathField = (what: string) =>
  requiredText(what, 500).superRefine((path, context) => {
    const check = checkJsonPath(path);
    if (!check.ok) context.addIssue({ code: "custom", message: check.message });
  });

const optionalJsonPath = optionalText(500).superRefine((path, context) => {
  if (path === undefined) return;
  const check = checkJsonPath(path);
  if (!check.ok) context.addIssue({ code: "custom", message: check.message });
});

export const settingLevelSchema = z.enum(["organization", "user"], { error: 'level must be "organization" or "user"' });

export const settingSchema = z
  .object({
    key: z
      .string({ error: "Enter a key" })
      .trim()
      .min(1, "Enter a key")
      .max(64)
      .regex(IDENTIFIER, "Use letters, digits and _ only, starting with a letter or _")
      .refine((key) => !(BUILT_IN_NAMES as readonly string[]).includes(key), {
        message: `This name is built in (${BUILT_IN_NAMES.join(", ")}); choose another key`,
      }),
    label: requiredText("a label", 100),
    level: settingLevelSchema,
    secret: z.boolean().default(false),
    required: z.boolean().default(false),
  })
  .strict();
export type Setting = z.infer<typeof settingSchema>;

export const requestFormatSchema = z.enum(["json", "form"], { error: 'requestFormat must be "json" or "form"' });
export const clientAuthenticationSchema = z.enum(["body", "basic"], {
  error: 'clientAuthentication must be "body" or "basic"',
});

export const oauthConfigSchema = z
  .object({
    name: z.string({ error: "Enter a name" }).trim().min(1, "Enter a name").max(64).regex(NAME, "Use letters, digits, -, _ and . only"),
    // A link without the state would fail every callback: it is completed rather than saved broken.
    linkUrl: requiredText("the authorization link URL", 2000).transform(withStateParameter),
    authCodePath: jsonPathField("the auth code path"),
    accessTokenPath: jsonPathField("the access token path"),
    refreshTokenPath: jsonPathField("the refresh token path"),
    expiresInPath: optionalJsonPath,
    accessTokenVariable: requiredText("the access token variable", 64),
    refreshTokenVariable: requiredText("the refresh token variable", 64),
    tokenUrl: requiredText("the token URL", 2000),
    requestBody: requiredText("the token request body", 8000),
    requestFormat: requestFormatSchema.optional(),
    clientAuthentication: clientAuthenticationSchema.optional(),
    refreshTokenUrl: optionalText(2000),
    refreshTokenBody: optionalText(8000),
    pkce: z.boolean().optional(),
    logoUrl: optionalText(2000),
    revokeUrl: optionalText(2000).optional(),
    revokeBody: optionalText(8000).optional(),
    issuer: optionalText(2000).optional(),
    requireIss: z.boolean().optional(),
    scopePath: optionalJsonPath.optional(),
  })
  .strict();
export type OAuthConfigDefinition = z.infer<typeof oauthConfigSchema>;

/** What an OAuth config field left unset means; the one place these defaults are written. */
export const OAUTH_CONFIG_DEFAULTS = {
  requestFormat: "form",
  clientAuthentication: "body",
  pkce: false,
} as const satisfies Partial<OAuthConfigDefinition>;

// The engine's OAuthConfig (lib/oauth stays free of zod) is tied to this schema: the same field names,
// and every parsed definition is one. A field added here and not there, or the reverse, fails the build.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
type Assert<T extends true> = T;
export type OAuthConfigMatchesEngine = [
  Assert<SameKeys<OAuthConfig, OAuthConfigDefinition>>,
  Assert<OAuthConfigDefinition extends OAuthConfig ? true : false>,
];

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export const apiSchema = z
  .object({
    name: z.string({ error: "Enter a name" }).trim().min(1, "Enter a name").max(64).regex(NAME, "Use letters, digits, -, _ and . only"),
    method: z.enum(HTTP_METHODS, { error: `method must be one of ${HTTP_METHODS.join(", ")}` }),
    url: requiredText("the URL", 2000),
    headers: z.record(z.string().min(1, "Enter a header name").max(200), z.string().max(4000)).default({}),
    body: z.string().max(100_000).nullable().optional(),
    oauthConfig: optionalText(64),
    /** Statuses besides 401 that mean the token is dead (a forced refresh and one retry follow). */
    expiredStatuses: z.array(z.number().int().min(400, "Use a status from 400 to 599").max(599, "Use a status from 400 to 599")).max(10).optional(),
    /** A JSONPath into the API's error body whose value says the token is dead, e.g. `$.error.code`. */
    expiredBodyPath: optionalJsonPath.optional(),
    /** The value at expiredBodyPath that means it; any value when left out. */
    expiredBodyValue: optionalText(200).optional(),
  })
  .strict();
export type ApiDefinition = z.infer<typeof apiSchema>;

const appDefinitionShape = z
  .object({
    schemaVersion: z.literal(1, { error: "schemaVersion must be 1" }),
    name: requiredText("the app's name", 100),
    description: optionalText(1000),
    settings: z.array(settingSchema).max(100).default([]),
    oauthConfigs: z.array(oauthConfigSchema).max(20).default([]),
    apis: z.array(apiSchema).max(200).default([]),
  })
  .strict();

export type AppDefinition = z.infer<typeof appDefinitionShape>;
export type AppDefinitionInput = z.input<typeof appDefinitionShape>;

export interface DefinitionIssue {
  path: (string | number)[];
  message: string;
}

export interface DefinitionCheckOptions {
  /** Checks a configured URL against the outbound policy; the server passes the real one. */
  checkUrl?: (url: string) => string | null;
}

/**
 * The rules that span fields: unique keys and names, template names that are neither a setting nor a
 * built-in, body templates that are not JSON, token variables that are not user-level settings, APIs that
 * name a missing config, and URLs the outbound policy refuses.
 */
export function checkAppDefinition(definition: AppDefinition, options: DefinitionCheckOptions = {}): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const settingKeys = definition.settings.map((setting) => setting.key);
  const userKeys = new Set(definition.settings.filter((setting) => setting.level === "user").map((setting) => setting.key));
  const secretKeys = new Set(definition.settings.filter((setting) => setting.secret).map((setting) => setting.key));

  reportDuplicates(settingKeys, (index, key) => issues.push({ path: ["settings", index, "key"], message: `The key "${key}" is used twice` }));
  reportDuplicates(
    definition.oauthConfigs.map((config) => config.name),
    (index, name) => issues.push({ path: ["oauthConfigs", index, "name"], message: `The name "${name}" is used twice` }),
  );
  reportDuplicates(
    definition.apis.map((api) => api.name),
    (index, name) => issues.push({ path: ["apis", index, "name"], message: `The name "${name}" is used twice` }),
  );

  definition.oauthConfigs.forEach((config, index) => {
    for (const issue of checkOAuthConfig(config, settingKeys)) {
      // Paths are checked field by field by the schema; the variables get a more precise message below.
      if (issue.field.endsWith("Path") || issue.field.endsWith("Variable")) continue;
      issues.push({ path: ["oauthConfigs", index, issue.field], message: withoutFieldPrefix(issue.message, issue.field) });
    }
    for (const field of ["accessTokenVariable", "refreshTokenVariable"] as const) {
      const key = config[field];
      if (userKeys.has(key)) continue;
      const message = settingKeys.includes(key)
        ? `"${key}" is an organization-level setting; tokens belong to each user, so choose a user-level setting`
        : `"${key}" is not a setting of this app; add it as a user-level setting first`;
      issues.push({ path: ["oauthConfigs", index, field], message });
    }
    if (config.requireIss && !config.issuer) {
      issues.push({ path: ["oauthConfigs", index, "requireIss"], message: "Name the issuer to require it in callbacks" });
    }
    for (const field of ["linkUrl", "tokenUrl", "refreshTokenUrl", "logoUrl", "revokeUrl"] as const) {
      // Only the browser loads a logo, so it may also be a path on Gatehouse's own origin (the presets' bundled ones).
      if (field === "logoUrl" && isOwnOriginPath(config.logoUrl)) continue;
      const message = checkConfiguredUrl(config[field], options, URL_EXAMPLES[field]);
      if (message) issues.push({ path: ["oauthConfigs", index, field], message });
    }
    // The user's browser carries the authorization link, so a secret in it would reach anyone watching.
    const secretsInLink = namesIn(config.linkUrl).filter((name) => secretKeys.has(name));
    if (secretsInLink.length) {
      const names = [...new Set(secretsInLink)].map((name) => `{{${name}}}`).join(", ");
      issues.push({
        path: ["oauthConfigs", index, "linkUrl"],
        message: `${names} is a secret setting; the user's browser carries this link, so it may not appear here`,
      });
    }
  });

  const configNames = new Set(definition.oauthConfigs.map((config) => config.name));
  definition.apis.forEach((api, index) => {
    if (api.oauthConfig && !configNames.has(api.oauthConfig)) {
      issues.push({ path: ["apis", index, "oauthConfig"], message: `There is no OAuth config named "${api.oauthConfig}"` });
    }
    const templates: [(string | number)[], string | null | undefined][] = [
      [["url"], api.url],
      [["body"], api.body],
      ...Object.entries(api.headers).map(([name, value]): [(string | number)[], string] => [["headers", name], value]),
    ];
    for (const [path, template] of templates) {
      const issue = template ? validateTemplateSyntax(template) : null;
      if (issue) issues.push({ path: ["apis", index, ...path], message: issue.message });
    }
    const message = checkLiteralOrigin(api.url) ?? checkConfiguredUrl(api.url, options, URL_EXAMPLES.apiUrl);
    if (message) issues.push({ path: ["apis", index, "url"], message });
  });
  return issues;
}

function namesIn(template: string): string[] {
  try {
    return listTemplateNames(template).map((placeholder) => placeholder.name);
  } catch {
    return []; // a syntax error is reported on its own
  }
}

/**
 * An API's URL must name its scheme and host literally, with placeholders only in its path and query:
 * a user's token then goes only to the origin the installer approved, whatever a param says.
 */
function checkLiteralOrigin(url: string): string | null {
  const origin = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i.exec(url.trim());
  const templated = origin ? origin[0].includes("{{") : url.trimStart().startsWith("{{");
  return templated
    ? "Write the scheme and host literally (https://api.example.com/…); placeholders may stand only in the path and query"
    : null;
}

// Each URL field's own example, so the error under a logo URL does not suggest a token endpoint.
const URL_EXAMPLES = {
  linkUrl: "https://provider.example/oauth/authorize?client_id={{client_id}}&state={{state}}",
  tokenUrl: "https://provider.example/oauth/token",
  refreshTokenUrl: "https://provider.example/oauth/token",
  logoUrl: "https://provider.example/logo.png",
  revokeUrl: "https://provider.example/oauth/revoke",
  apiUrl: "https://api.provider.example/v1/contacts?limit={{limit}}",
} as const;

/** `/preset-logos/x.svg`: a path on this origin; `//host/…` and `/\host` would leave it, so they are not. */
const isOwnOriginPath = (value: string | undefined) => value !== undefined && /^\/(?![/\\])[^\s\\{}]*$/.test(value);

function checkConfiguredUrl(template: string | undefined, options: DefinitionCheckOptions, example: string): string | null {
  if (!template) return null;
  // The scheme and host are checked with the placeholders blanked out: their values come later.
  const sample = template.replace(/\{\{[^}]*\}\}/g, "x");
  if (!URL.canParse(sample)) return `Enter an absolute URL, such as ${example}`;
  return options.checkUrl?.(sample) ?? null;
}

function reportDuplicates(values: string[], report: (index: number, value: string) => void) {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) report(index, value);
    seen.add(value);
  });
}

function withoutFieldPrefix(message: string, field: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}

/** The whole definition schema with the cross-field rules; pass the server's URL check on the server. */
export function createAppDefinitionSchema(options: DefinitionCheckOptions = {}) {
  return appDefinitionShape.superRefine((definition, context) => {
    for (const issue of checkAppDefinition(definition, options)) {
      context.addIssue({ code: "custom", path: issue.path, message: issue.message });
    }
  });
}

export const appDefinitionSchema = createAppDefinitionSchema();

/** A blank definition for a new app. */
export function emptyAppDefinition(name: string): AppDefinition {
  return { schemaVersion: 1, name, description: undefined, settings: [], oauthConfigs: [], apis: [] };
}
