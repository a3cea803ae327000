import type { ApiFormValues, OAuthConfigFormValues } from "./form-values";

/** The visible labels of the fields; error descriptions, usage lists and the problem list name fields by these. */
export const OAUTH_FIELD_LABELS = {
  // The platform's own words for the fields it has, in its order; the fields Gatehouse adds follow.
  name: "Config name",
  linkUrl: "Link url",
  authCodePath: "Extraction path auth code",
  accessTokenPath: "Extraction path access token",
  refreshTokenPath: "Extraction path refresh token",
  accessTokenVariable: "Access token variable name",
  refreshTokenVariable: "Refresh token variable name",
  requestBody: "Request body",
  refreshTokenUrl: "Refresh token url",
  tokenUrl: "Token url",
  refreshTokenBody: "Refresh token body",
  logoUrl: "Logo url",
  expiresInPath: "Expires-in path",
  requestFormat: "Body format",
  clientAuthentication: "Client authentication",
  pkce: "Use PKCE",
  revokeUrl: "Revocation URL",
  revokeBody: "Revocation body",
  issuer: "Issuer",
  requireIss: "Require iss in callbacks",
  scopePath: "Granted scope path",
} as const satisfies Record<keyof OAuthConfigFormValues, string>;

export const API_FIELD_LABELS = {
  name: "API name",
  method: "Method",
  url: "URL",
  headers: "Headers",
  body: "Body",
  oauthConfig: "OAuth config",
  expiredStatuses: "Expired-token statuses",
  expiredBodyPath: "Expired-token body path",
  expiredBodyValue: "Expired-token body value",
} as const satisfies Record<keyof ApiFormValues, string>;

export const SETTING_FIELD_LABELS = { key: "Key", label: "Label", level: "Level", secret: "Secret", required: "Required" } as const;

type IssuePath = (string | number)[];

const GENERAL_LABELS: Record<string, string> = { name: "App name", description: "Description" };

/** A form path in words, e.g. `OAuth config "acme" › Token url`, for the list of problems by the Save bar. */
export function describeFormPath(
  path: IssuePath,
  values: { oauthConfigs: { name: string }[]; apis: { name: string }[]; settings: { key: string }[] },
): string {
  const [root, index, field, row, part] = path;
  if (path.length === 1) return GENERAL_LABELS[String(root)] ?? String(root);
  if (typeof index !== "number") return String(root);
  const labelOf = (labels: Record<string, string>) => (typeof field === "string" ? (labels[field] ?? field) : "");
  if (root === "settings") return `Setting "${values.settings[index]?.key || index + 1}"${field ? ` › ${labelOf(SETTING_FIELD_LABELS)}` : ""}`;
  if (root === "oauthConfigs") {
    return `OAuth config "${values.oauthConfigs[index]?.name || index + 1}"${field ? ` › ${labelOf(OAUTH_FIELD_LABELS)}` : ""}`;
  }
  if (root === "apis") {
    const api = `API "${values.apis[index]?.name || index + 1}"`;
    if (field === "headers" && typeof row === "number") return `${api} › Header ${row + 1} ${part === "name" ? "name" : "value"}`;
    return `${api}${field ? ` › ${labelOf(API_FIELD_LABELS)}` : ""}`;
  }
  return path.join(".");
}
