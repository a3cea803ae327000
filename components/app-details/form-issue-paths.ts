import { API_FIELD_LABELS, OAUTH_FIELD_LABELS, SETTING_FIELD_LABELS } from "./form-labels";
import type { HeaderRow } from "./form-values";

// Issue paths: the definition's (checkAppDefinition, the server's 422) onto the form's fields.

type IssuePath = (string | number)[];

/** Moves a definition path onto the form: a header named in the path becomes its row's value. */
export function toFormPath(path: IssuePath, values: { apis: { headers: HeaderRow[] }[] }): IssuePath {
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
