import { defaultRefreshBody, listTemplateNames, readScopes } from "@/lib/oauth";
import type { AppDefinition, OAuthConfigDefinition, Setting } from "@/lib/schemas/app-definition";
import type { VersionChange } from "@/lib/schemas/installations";

/**
 * What an installer agrees to, read from a definition alone: where each URL points, which scopes the
 * authorization links ask for, and where each secret setting's value is sent. Comparing two definitions
 * gives the changes an upgrade review shows. Pure functions, no value is ever read.
 */

/** The host (with its port) a URL template points at; a templated host is kept as written. Null without one. */
export function hostOf(template: string | null | undefined): string | null {
  const match = template ? /^\s*[a-z][a-z0-9+.-]*:\/\/([^/?#\s]*)/i.exec(template) : null;
  if (!match) return null;
  const authority = match[1] ?? "";
  return authority.slice(authority.lastIndexOf("@") + 1).toLowerCase() || null;
}

export { readScopes };

/** The host an authorization link points at, without its port; templated hosts (`{{tenant}}.example.com`) are kept as written. */
export function describeProviderHost(linkUrl: string): string {
  try {
    return new URL(linkUrl).hostname;
  } catch {
    // Never the whole URL: only what stands before its path, so no query parameter is shown.
    const authority = linkUrl.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").split(/[/?#]/)[0] ?? "";
    return authority.slice(authority.lastIndexOf("@") + 1).replace(/:\d+$/, "");
  }
}

/** A URL of the definition that Gatehouse or the user's browser sends a request to. */
interface UrlEntry {
  path: string;
  host: string | null;
}

/** One place a secret setting's value is sent: the template that carries it and the host it goes to. */
export interface SecretUse {
  path: string;
  key: string;
  host: string | null;
}

const isSentUrl = (field: string) => field.endsWith("Url") && field !== "logoUrl";
const refreshUrl = (config: OAuthConfigDefinition) => config.refreshTokenUrl || config.tokenUrl;

/** Which URL a body template is sent to: `requestBody` with `tokenUrl`, `xBody` with `xUrl`. */
function urlOfBody(config: OAuthConfigDefinition, field: string): string | undefined {
  if (field === "requestBody") return config.tokenUrl;
  if (field === "refreshTokenBody") return refreshUrl(config);
  return (config as Record<string, unknown>)[field.replace(/Body$/, "Url")] as string | undefined;
}

/** Every URL that is sent to, the refresh URL as it is used (the token URL when none is set). */
function listUrls(definition: AppDefinition): UrlEntry[] {
  const urls: UrlEntry[] = [];
  for (const config of definition.oauthConfigs) {
    for (const [field, value] of Object.entries(config)) {
      if (!isSentUrl(field) || typeof value !== "string" || field === "refreshTokenUrl") continue;
      urls.push({ path: `oauthConfigs.${config.name}.${field}`, host: hostOf(value) });
    }
    urls.push({ path: `oauthConfigs.${config.name}.refreshTokenUrl`, host: hostOf(refreshUrl(config)) });
  }
  for (const api of definition.apis) urls.push({ path: `apis.${api.name}.url`, host: hostOf(api.url) });
  return urls;
}

function namesIn(template: string | null | undefined): string[] {
  if (!template) return [];
  try {
    return listTemplateNames(template).map((placeholder) => placeholder.name);
  } catch {
    return [];
  }
}

/** Every template with the host it is sent to, bodies as they are used (the default refresh body included). */
function listTemplates(definition: AppDefinition): { path: string; template: string; host: string | null }[] {
  const templates: { path: string; template: string; host: string | null }[] = [];
  for (const config of definition.oauthConfigs) {
    const base = `oauthConfigs.${config.name}`;
    for (const [field, value] of Object.entries(config)) {
      if (typeof value !== "string" || field === "refreshTokenBody") continue;
      if (isSentUrl(field)) templates.push({ path: `${base}.${field}`, template: value, host: hostOf(value) });
      else if (field.endsWith("Body")) templates.push({ path: `${base}.${field}`, template: value, host: hostOf(urlOfBody(config, field)) });
    }
    templates.push({
      path: `${base}.refreshTokenBody`,
      template: config.refreshTokenBody || defaultRefreshBody(config),
      host: hostOf(refreshUrl(config)),
    });
    if (config.clientAuthentication === "basic") {
      // HTTP Basic sends client_id and client_secret with both the code exchange and the refresh.
      const hosts = [...new Set([hostOf(config.tokenUrl), hostOf(refreshUrl(config))])].join(", ");
      templates.push({ path: `${base}.clientAuthentication`, template: "{{client_id}}{{client_secret}}", host: hosts });
    }
  }
  for (const api of definition.apis) {
    const host = hostOf(api.url);
    templates.push({ path: `apis.${api.name}.url`, template: api.url, host });
    for (const [name, value] of Object.entries(api.headers)) templates.push({ path: `apis.${api.name}.headers.${name}`, template: value, host });
    if (api.body) templates.push({ path: `apis.${api.name}.body`, template: api.body, host });
  }
  return templates;
}

/** Where each of the given secret keys is used. */
export function listSecretUses(definition: AppDefinition, secretKeys: ReadonlySet<string> = secretKeysOf(definition)): SecretUse[] {
  return listTemplates(definition).flatMap(({ path, template, host }) =>
    [...new Set(namesIn(template))].filter((name) => secretKeys.has(name)).map((key) => ({ path, key, host })),
  );
}

const secretKeysOf = (definition: AppDefinition) => new Set(definition.settings.filter((setting) => setting.secret).map((setting) => setting.key));

/** The scopes each config's authorization link asks for. */
export function listScopes(definition: AppDefinition): { config: string; scopes: string[] }[] {
  return definition.oauthConfigs.map((config) => ({ config: config.name, scopes: readScopes(config.linkUrl) }));
}

export interface SecretDestination {
  host: string;
  /** Secret organization settings sent there (the installer's client secret, for instance). */
  organizationSecrets: string[];
  /** Secret user settings sent there (each user's tokens). */
  userSecrets: string[];
}

/** The hosts that receive the organization's secrets and the users' tokens, for the store page. */
export function listSecretDestinations(definition: AppDefinition): SecretDestination[] {
  const levels = new Map(definition.settings.map((setting) => [setting.key, setting.level]));
  const byHost = new Map<string, SecretDestination>();
  for (const use of listSecretUses(definition)) {
    for (const host of (use.host ?? "(no host)").split(", ")) {
      const entry = byHost.get(host) ?? { host, organizationSecrets: [], userSecrets: [] };
      const list = levels.get(use.key) === "user" ? entry.userSecrets : entry.organizationSecrets;
      if (!list.includes(use.key)) list.push(use.key);
      byHost.set(host, entry);
    }
  }
  return [...byHost.values()];
}

const settingFacts = (setting: Setting) => ({ level: setting.level, secret: setting.secret, required: setting.required });

/**
 * The changes between the version an installation runs and a newer one that matter to its installer.
 * A secret use counts as new when that template did not carry the key before, or now goes to another host.
 * Every secret use of the newer version is listed, so the review shows where each secret goes.
 */
export function diffVersions(before: AppDefinition, after: AppDefinition): VersionChange[] {
  const changes: VersionChange[] = [];

  const oldUrls = new Map(listUrls(before).map((entry) => [entry.path, entry.host]));
  for (const { path, host } of listUrls(after)) {
    if (!oldUrls.has(path)) changes.push({ kind: "url_added", path, before: null, after: host });
    else if (oldUrls.get(path) !== host) changes.push({ kind: "url_host_changed", path, before: oldUrls.get(path) ?? null, after: host });
  }

  const oldScopes = new Map(listScopes(before).map((entry) => [entry.config, new Set(entry.scopes)]));
  for (const { config, scopes } of listScopes(after)) {
    const previous = oldScopes.get(config) ?? new Set<string>();
    const path = `oauthConfigs.${config}.scopes`;
    for (const scope of scopes) if (!previous.has(scope)) changes.push({ kind: "scope_added", path, before: null, after: scope });
    for (const scope of previous) if (!scopes.includes(scope)) changes.push({ kind: "scope_removed", path, before: scope, after: null });
  }

  const oldSettings = new Map(before.settings.map((setting) => [setting.key, setting]));
  const newKeys = new Set(after.settings.map((setting) => setting.key));
  for (const setting of after.settings) {
    const path = `settings.${setting.key}`;
    const previous = oldSettings.get(setting.key);
    if (!previous) {
      changes.push({ kind: "setting_added", path, before: null, after: settingFacts(setting) });
      continue;
    }
    if (previous.level !== setting.level) changes.push({ kind: "setting_level_changed", path, before: previous.level, after: setting.level });
    if (previous.secret !== setting.secret) changes.push({ kind: "setting_secret_changed", path, before: previous.secret, after: setting.secret });
  }
  for (const setting of before.settings) {
    if (!newKeys.has(setting.key)) changes.push({ kind: "setting_removed", path: `settings.${setting.key}`, before: settingFacts(setting), after: null });
  }

  // A key secret in either version: a value stored as secret stays one even if the new version says otherwise.
  const secretKeys = new Set([...secretKeysOf(before), ...secretKeysOf(after)]);
  const oldUses = new Map(listSecretUses(before, secretKeys).map((use) => [`${use.path}\u0000${use.key}`, use.host]));
  for (const use of listSecretUses(after, secretKeys)) {
    const id = `${use.path}\u0000${use.key}`;
    const isNew = !oldUses.has(id) || oldUses.get(id) !== use.host;
    changes.push({ kind: isNew ? "secret_use_added" : "secret_use", path: use.path, before: isNew ? null : use.key, after: use.key });
  }
  return changes;
}
