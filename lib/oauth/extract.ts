import { JSONPath } from "jsonpath-plus";

import { decodeForm } from "./form-encoding";

/**
 * JSONPath reads of token responses and callback queries. Paths are limited to a plain subset (names,
 * quoted names, indexes, `*` and `..`) that is checked here first: jsonpath-plus itself accepts almost any
 * string and reads it in surprising ways, and its filters and scripts need eval, which stays off.
 */

export type JsonPathCheck = { ok: true } | { ok: false; message: string };

export interface ExtractError {
  code: "path_not_found" | "invalid_path";
  path: string;
  topLevelKeys: string[];
  /** Names the path and the keys that are there, never a value. */
  message: string;
}

export type ExtractResult = { ok: true; value: unknown } | { ok: false; error: ExtractError };

const DOT_NAME = /[\p{L}\p{N}_-]+/uy;
const INDEX = /\d+(?=\])/y;
// A quoted name needs a letter or "_" and no character that jsonpath-plus treats as syntax.
const QUOTED_NAME = /(['"])([\p{L}\p{N}_\- .:/]*[\p{L}_][\p{L}\p{N}_\- .:/]*)\1(?=\])/uy;

/** Checks a JSONPath at save time. */
export function checkJsonPath(path: string): JsonPathCheck {
  const message = findPathProblem(path);
  return message === null ? { ok: true } : { ok: false, message };
}

function findPathProblem(path: string): string | null {
  if (!path.startsWith("$")) return 'A JSONPath starts with "$", as in "$.access_token"';
  const matchAt = (pattern: RegExp, at: number): number | null => {
    pattern.lastIndex = at;
    return pattern.exec(path) ? pattern.lastIndex : null;
  };
  let pos = 1;
  while (pos < path.length) {
    if (path[pos] === ".") {
      const isDescendant = path.startsWith("..", pos);
      pos += isDescendant ? 2 : 1;
      if (isDescendant && path[pos] === "[") continue;
      if (path[pos] === "*") {
        pos++;
        continue;
      }
      const end = matchAt(DOT_NAME, pos);
      if (end === null) return `Expected a name or "*" at position ${pos + 1} of ${path}`;
      pos = end;
    } else if (path[pos] === "[") {
      pos++;
      if (path[pos] === "?" || path[pos] === "(") {
        return `Filter and script expressions such as "[?(...)]" are not supported (position ${pos + 1} of ${path})`;
      }
      const end = path[pos] === "*" ? pos + 1 : (matchAt(INDEX, pos) ?? matchAt(QUOTED_NAME, pos));
      if (end === null || path[end] !== "]") {
        return `Expected an index, "*" or a quoted name followed by "]" at position ${pos + 1} of ${path}`;
      }
      pos = end + 1;
    } else {
      return `Unexpected ${JSON.stringify(path[pos])} at position ${pos + 1} of ${path}`;
    }
  }
  return null;
}

/** Reads the first value a JSONPath matches, with script evaluation off. */
export function extractValue(obj: unknown, path: string): ExtractResult {
  const topLevelKeys = isRecord(obj) ? Object.keys(obj) : [];
  const problem = findPathProblem(path);
  if (problem !== null) return { ok: false, error: { code: "invalid_path", path, topLevelKeys, message: problem } };
  const matches =
    obj !== null && typeof obj === "object" ? (JSONPath({ path, json: obj, eval: false, wrap: true }) as unknown[]) : [];
  if (matches.length > 0) return { ok: true, value: matches[0] };
  const keys = topLevelKeys.length > 0 ? topLevelKeys.map((key) => JSON.stringify(key)).join(", ") : "none";
  return {
    ok: false,
    error: { code: "path_not_found", path, topLevelKeys, message: `${path} matches nothing; the top-level keys are: ${keys}` },
  };
}

/** The callback's query as the object that `authCodePath` reads, e.g. `{"code": "…", "state": "…"}`. */
export function queryStringToObject(search: string): Record<string, string> {
  return decodeForm(search);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
