import { OutboundError } from "@/lib/http";
import { AppError, conflict, notFound, validationFailed } from "@/lib/errors";
import {
  isExpiredTokenResponse,
  listTemplateNames,
  renderHeaderTemplate,
  renderHttpUrlTemplate,
  renderJsonTemplate,
  renderTextTemplate,
  TemplateError,
  type TemplateValues,
} from "@/lib/oauth";
import { mySettingsPagePath } from "@/lib/paths";
import type { ApiDefinition } from "@/lib/schemas/app-definition";
import { findOAuthConfig, loadInstallationContext, loadUserState, peekInstallationContext, peekUserState, type InstallationContext } from "./installation-context";
import { getOutboundClient } from "./outbound";
import { getUsableToken, peekUsableToken, type UsableToken } from "./token-refresh";

/**
 * Calls one of the app's APIs for the caller: renders its URL, headers and body from the organization
 * settings, the caller's user settings (their tokens among them) and the call's params, sends it through
 * the outbound client, and on a 401 (or the API's own expired-token signal) forces one refresh and retries once.
 */

export interface InvokeInput {
  params?: Record<string, string | number | boolean | null>;
  body?: unknown;
}

export interface InvokeResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const DROPPED_HEADERS = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "set-cookie",
]);

const INVOKE_TIMEOUT_MS = 15_000;
const INVOKE_MAX_BYTES = 2 * 1024 * 1024;

export async function invokeApi(userId: string, installationId: string, apiName: string, input: InvokeInput): Promise<InvokeResult> {
  // What is cached is read without waiting (most calls), a miss is loaded; a non-member gets a 404 either way.
  const context = peekInstallationContext(userId, installationId) ?? (await loadInstallationContext(userId, installationId, { cached: true }));
  const api = context.apis.find((candidate) => candidate.name === apiName);
  if (!api) throw notFound(`This app has no API named "${apiName}"`);
  const config = api.oauthConfig ? findOAuthConfig(context, api.oauthConfig) : null;

  // The user's values (their tokens among them) come with the token they belong to, or from the same cache.
  let token: UsableToken | null = config ? (peekUsableToken(context, config) ?? (await getUsableToken(context, config, { cached: true }))) : null;
  const userValues = token?.values ?? (peekUserState(context) ?? (await loadUserState(context, { cached: true }))).values;
  requirePersonalSettings(context, api, userValues);
  let response = await send(context, api, input, userValues);
  if (config && token && isExpiredTokenResponse(api, response)) {
    // The API refused a token we believed valid (a 401, or the API's own expired-token signal): refresh once
    // (unless someone already did) and retry.
    token = await getUsableToken(context, config, { force: true, seenVersion: token.connection.version });
    response = await send(context, api, input, token.values);
  }
  return response;
}

/**
 * A personal setting the API uses, or one the app requires, must be filled by the caller before any request
 * goes out: a 409 names each missing one, so a call never sends a placeholder left empty, nor takes a
 * caller's param in place of their setting.
 */
function requirePersonalSettings(context: InstallationContext, api: ApiDefinition, userValues: Record<string, string>): void {
  if (!context.personalSettings.length) return;
  const used = namesUsedBy(api);
  const missing = context.personalSettings.filter((setting) => (setting.required || used.has(setting.key)) && !userValues[setting.key]);
  if (!missing.length) return;
  const named = missing.map((setting) => `${setting.label} (${setting.key})`).join(", ");
  throw conflict(`Fill in your settings for this app first: ${named} ${missing.length === 1 ? "is" : "are"} not set`, {
    missingSettings: missing.map((setting) => ({ key: setting.key, label: setting.label })),
    settingsUrl: mySettingsPagePath(context.installationId),
  });
}

// The definitions come from the hot cache, so each API's names are parsed once per cached version.
const usedNames = new WeakMap<ApiDefinition, Set<string>>();
function namesUsedBy(api: ApiDefinition): Set<string> {
  let names = usedNames.get(api);
  if (!names) {
    const templates = [api.url, ...Object.values(api.headers), api.body ?? ""];
    names = new Set(templates.flatMap((template) => listTemplateNames(template).map((placeholder) => placeholder.name)));
    usedNames.set(api, names);
  }
  return names;
}

async function send(context: InstallationContext, api: ApiDefinition, input: InvokeInput, userValues: Record<string, string>): Promise<InvokeResult> {
  const settings = settingsOf(context.organizationSettings, userValues);
  // Settings win over params: a caller cannot replace the organization's credentials or their tokens.
  const hasParams = input.params !== undefined && Object.keys(input.params).length > 0;
  const values: TemplateValues = hasParams ? { ...input.params, ...settings.values } : settings.values;
  const request = renderRequest(api, values, input.body);
  const { secrets } = settings;
  try {
    const response = await getOutboundClient().request({
      ...request,
      timeoutMs: INVOKE_TIMEOUT_MS,
      maxResponseBytes: INVOKE_MAX_BYTES,
      secrets,
    });
    return { status: response.status, headers: filterHeaders(response.headers), body: parseBody(response.headers, response.body) };
  } catch (error) {
    if (error instanceof OutboundError) {
      const status = error.code === "blocked_address" || error.code === "invalid_url" ? "validation_failed" : "upstream_unreachable";
      throw new AppError(status, `The API could not be reached: ${error.message}`, { reason: error.code });
    }
    throw error;
  }
}

interface SettingValues {
  organization: Record<string, string>;
  /** The organization's values with the caller's over them, for rendering (never changed once made). */
  values: Readonly<Record<string, string>>;
  /** Every value long enough to be worth redacting from an error message. */
  secrets: string[];
}

// The settings objects come from the hot cache too, so their merge and the list of values to redact are
// made once per cached version rather than on every call.
const settingValues = new WeakMap<Record<string, string>, SettingValues>();
function settingsOf(organization: Record<string, string>, user: Record<string, string>): SettingValues {
  const known = settingValues.get(user);
  if (known?.organization === organization) return known;
  const made: SettingValues = {
    organization,
    values: Object.freeze({ ...organization, ...user }),
    secrets: [...Object.values(organization), ...Object.values(user)].filter((value) => value.length >= 4),
  };
  settingValues.set(user, made);
  return made;
}

function renderRequest(api: ApiDefinition, values: TemplateValues, callBody: unknown) {
  try {
    const headers: Record<string, string> = {};
    for (const [name, template] of Object.entries(api.headers)) {
      headers[name] = renderHeaderTemplate(template, values);
      // HTTP carries header values as Latin-1: anything else is the caller's input, not an upstream failure.
      if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(headers[name]!)) {
        throw validationFailed([{ path: `headers.${name}`, message: "The value put into this header has characters HTTP headers cannot carry" }]);
      }
    }
    let body: string | undefined;
    if (api.body) {
      const isJson = /^\s*[[{]/.test(api.body);
      body = isJson ? renderJsonTemplate(api.body, values).text : renderTextTemplate(api.body, values);
      if (isJson && !hasHeader(headers, "content-type")) headers["Content-Type"] = "application/json";
    } else if (callBody !== undefined && api.method !== "GET") {
      body = JSON.stringify(callBody);
      if (!hasHeader(headers, "content-type")) headers["Content-Type"] = "application/json";
    }
    return { url: renderHttpUrlTemplate(api.url, values), method: api.method, headers, body };
  } catch (error) {
    if (error instanceof TemplateError && error.code === "missing_value" && error.placeholder) {
      throw validationFailed([{ path: `params.${error.placeholder}`, message: `Give a value for "${error.placeholder}"` }]);
    }
    if (error instanceof TemplateError) throw validationFailed([{ path: "params", message: error.message }]);
    throw error;
  }
}

const hasHeader = (headers: Record<string, string>, name: string) => Object.keys(headers).some((key) => key.toLowerCase() === name);

function filterHeaders(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  // The outbound client hands back lower-cased names.
  for (const name in headers) if (!DROPPED_HEADERS.has(name)) kept[name] = headers[name]!;
  return kept;
}

function parseBody(headers: Record<string, string>, body: string): unknown {
  if (!/json/i.test(headers["content-type"] ?? "")) return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
