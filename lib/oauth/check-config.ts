import { BUILT_IN_NAMES, type OAuthConfig } from "./config";
import { checkJsonPath } from "./extract";
import { checkJsonTemplate } from "./json-template";
import { REVOCATION_NAMES } from "./revocation";
import { checkTemplateNames, type TemplateIssue } from "./template";

export interface ConfigIssue {
  /** The OAuth config field the problem is in, e.g. "requestBody". */
  field: keyof OAuthConfig;
  message: string;
  name?: string;
  line?: number;
  column?: number;
}

const URL_FIELDS = ["linkUrl", "tokenUrl", "refreshTokenUrl", "revokeUrl"] as const;
const PATH_FIELDS = ["authCodePath", "accessTokenPath", "refreshTokenPath", "expiresInPath", "scopePath"] as const;
const VARIABLE_FIELDS = ["accessTokenVariable", "refreshTokenVariable"] as const;

/**
 * Save-time check of one OAuth config against the app's setting keys: template syntax, names that are neither
 * a setting nor a built-in, body templates that are not JSON of the right shape, and JSONPaths.
 */
export function checkOAuthConfig(config: OAuthConfig, settingKeys: readonly string[]): ConfigIssue[] {
  const allowedNames = [...settingKeys, ...BUILT_IN_NAMES];
  const issues: ConfigIssue[] = [];
  const addTemplateIssue = (field: keyof OAuthConfig, issue: TemplateIssue) =>
    issues.push({ field, message: `${field}: ${issue.message}`, line: issue.line, column: issue.column, ...(issue.name ? { name: issue.name } : {}) });

  for (const field of URL_FIELDS) {
    const template = config[field];
    if (template) for (const issue of checkTemplateNames(template, allowedNames)) addTemplateIssue(field, issue);
  }

  const format = config.requestFormat ?? "form";
  // A revocation body may also name the token it revokes (RFC 7009's parameters, or either token).
  const bodies = [
    ["requestBody", config.requestBody, allowedNames],
    ["refreshTokenBody", config.refreshTokenBody, allowedNames],
    ["revokeBody", config.revokeBody, [...allowedNames, ...REVOCATION_NAMES]],
  ] as const;
  for (const [field, template, names] of bodies) {
    if (!template) continue;
    const nameIssues = checkTemplateNames(template, names);
    for (const issue of nameIssues) addTemplateIssue(field, issue);
    const jsonIssue = nameIssues.some((issue) => issue.code === "invalid_syntax") ? null : checkJsonTemplate(template, format);
    if (jsonIssue) addTemplateIssue(field, jsonIssue);
  }

  for (const field of PATH_FIELDS) {
    const path = config[field];
    if (!path) continue;
    const check = checkJsonPath(path);
    if (!check.ok) issues.push({ field, message: `${field}: ${check.message}` });
  }

  for (const field of VARIABLE_FIELDS) {
    if (!settingKeys.includes(config[field])) {
      issues.push({ field, message: `${field}: "${config[field]}" is not one of the app's setting keys` });
    }
  }
  return issues;
}
