import type { OAuthConfig } from "./config";
import { isRecord } from "./extract";
import { encodeForm, formEncodeValue } from "./form-encoding";
import type { HttpRequest, HttpResponse, HttpSend } from "./http-send";
import { renderFormFields, renderJsonTemplate } from "./json-template";
import { collectRequestSecrets, redactSecrets } from "./redact";
import { TemplateError, renderHttpUrlTemplate, usesTemplateName, type TemplateValues } from "./template";
import type { TokenFailure } from "./token-response";

export interface TokenRequest extends HttpRequest {
  method: "POST";
  body: string;
}

export type TokenRequestConfig = Pick<
  OAuthConfig,
  | "tokenUrl"
  | "requestBody"
  | "requestFormat"
  | "clientAuthentication"
  | "refreshTokenUrl"
  | "refreshTokenBody"
  | "refreshTokenVariable"
  | "pkce"
>;

export type SendResult = { ok: true; response: HttpResponse } | { ok: false; failure: TokenFailure };

/**
 * Builds the authorization-code exchange. With PKCE on, `code_verifier` is added to the body unless the
 * template places it itself. Throws a TemplateError when a template cannot be rendered.
 */
export function buildCodeExchangeRequest(
  config: TokenRequestConfig,
  values: TemplateValues,
  { codeVerifier }: { codeVerifier?: string } = {},
): TokenRequest {
  const flowValues = codeVerifier ? { ...values, code_verifier: codeVerifier } : values;
  if (!config.pkce) return buildTokenRequest(config, config.tokenUrl, config.requestBody, flowValues);
  if (!codeVerifier) throw new Error("PKCE is on for this config: pass the code verifier");
  const extraFields: Record<string, string> = usesTemplateName(config.requestBody, "code_verifier")
    ? {}
    : { code_verifier: codeVerifier };
  return buildTokenRequest(config, config.tokenUrl, config.requestBody, flowValues, extraFields);
}

/** Builds the refresh request, to `refreshTokenUrl` or else `tokenUrl`, with `refreshTokenBody` or else defaultRefreshBody. */
export function buildRefreshRequest(config: TokenRequestConfig, values: TemplateValues): TokenRequest {
  return buildTokenRequest(
    config,
    config.refreshTokenUrl || config.tokenUrl,
    config.refreshTokenBody || defaultRefreshBody(config),
    values,
  );
}

/**
 * The refresh body of a config that sets none: RFC 6749 §6's `grant_type` and `refresh_token` (read from the
 * `refreshTokenVariable` setting), plus `client_id` and `client_secret` when the client authenticates in the
 * body, since §6 requires a confidential client to authenticate.
 */
export function defaultRefreshBody(config: Pick<OAuthConfig, "refreshTokenVariable" | "clientAuthentication">): string {
  const credentials = config.clientAuthentication === "basic" ? "" : ',"client_id":{{client_id}},"client_secret":{{client_secret}}';
  return `{"grant_type":"refresh_token","refresh_token":{{${config.refreshTokenVariable}}}${credentials}}`;
}

export function buildTokenRequest(
  config: Pick<TokenRequestConfig, "requestFormat" | "clientAuthentication">,
  urlTemplate: string,
  bodyTemplate: string,
  values: TemplateValues,
  extraFields: Record<string, string> = {},
): TokenRequest {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (config.clientAuthentication === "basic") headers.Authorization = basicAuthorization(values);

  let body: string;
  if (config.requestFormat === "json") {
    headers["Content-Type"] = "application/json";
    body = withJsonFields(renderJsonTemplate(bodyTemplate, values), extraFields);
  } else {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = encodeForm({ ...renderFormFields(bodyTemplate, values), ...extraFields });
  }
  return { url: renderHttpUrlTemplate(urlTemplate, values), method: "POST", headers, body };
}

// Without extra fields the rendered text is sent byte for byte as the developer wrote it.
function withJsonFields({ text, value }: { text: string; value: unknown }, extraFields: Record<string, string>): string {
  if (Object.keys(extraFields).length === 0) return text;
  if (!isRecord(value)) {
    throw new TemplateError("invalid_json", "The request body must be a JSON object for code_verifier to be added to it", {
      line: 1,
      column: 1,
    });
  }
  return JSON.stringify({ ...value, ...extraFields });
}

/** HTTP Basic client authentication as RFC 6749 §2.3.1 has it: id and secret form-encoded before base64. */
function basicAuthorization(values: TemplateValues): string {
  const credentials = `${formEncodeValue(credentialValue(values, "client_id"))}:${formEncodeValue(credentialValue(values, "client_secret"))}`;
  return `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`;
}

function credentialValue(values: TemplateValues, name: "client_id" | "client_secret"): string {
  const value = Object.hasOwn(values, name) ? values[name] : undefined;
  if (value === undefined || value === null) {
    throw new TemplateError("missing_value", `HTTP Basic client authentication needs a value for "${name}"`, { line: 0, column: 0 }, name);
  }
  return String(value);
}

/** Sends a token request; a network failure becomes a retryable `network` failure whose message holds none of the request's secrets. */
export async function sendTokenRequest(request: TokenRequest, send: HttpSend): Promise<SendResult> {
  try {
    return { ok: true, response: await send(request) };
  } catch (error) {
    const message = redactSecrets(`Could not reach the token endpoint: ${describeError(error)}`, collectRequestSecrets(request));
    return { ok: false, failure: { kind: "network", message } };
  }
}

// fetch reports "fetch failed" and puts the useful part ("connect ECONNREFUSED …") in its cause.
function describeError(error: unknown): string {
  const messages: string[] = [];
  for (let current = error; current instanceof Error && messages.length < 3; current = current.cause) {
    messages.push(current.message);
  }
  return messages.length > 0 ? messages.join(": ") : "unknown error";
}
