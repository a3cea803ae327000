import { BUILT_IN_NAMES } from "./config";
import { listTemplateNames } from "./template";

/** The placeholder names in a template; one with a syntax error still names them, found where the parser gives up. */
export function listTemplateNamesLoosely(template: string): string[] {
  try {
    return listTemplateNames(template).map((placeholder) => placeholder.name);
  } catch {
    return [...template.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g)].map((match) => match[1]!);
  }
}

/** An API as the definition holds it, or as the App details form does (headers as rows). */
export interface ApiTemplates {
  url: string;
  headers: Record<string, string> | { value: string }[];
  body?: string | null;
}

/**
 * The names in an API's URL, headers and body that invoke fills from the call's params, in order of first use:
 * those that are neither a setting (settings win over params; the token variables are user-level settings) nor
 * a built-in. The App details form and the Try it panel both list them from here.
 */
export function listApiParams(api: ApiTemplates, settingKeys: Iterable<string>): string[] {
  const taken = new Set<string>([...settingKeys, ...BUILT_IN_NAMES]);
  const headerValues = Array.isArray(api.headers) ? api.headers.map((row) => row.value) : Object.values(api.headers);
  const names = [api.url, ...headerValues, api.body ?? ""].flatMap(listTemplateNamesLoosely);
  return [...new Set(names)].filter((name) => !taken.has(name));
}
