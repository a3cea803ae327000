import { z } from "zod";
import type { IssueDetail } from "@/lib/errors";

/**
 * Strings every layer accepts. PostgreSQL refuses a NUL character in text (22021) and a lone UTF-16
 * surrogate cannot be encoded as UTF-8 or stored in jsonb, so both are refused where input enters,
 * with a 422 naming the field, instead of failing deep inside a query as a 500.
 */

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSAFE_STRING_MESSAGE = "Must not contain a NUL character or an unpaired UTF-16 surrogate";

export function isSafeString(value: string): boolean {
  return !UNSAFE.test(value);
}

/** The zod refinement for new string schemas: `z.string().check(safeText())` or `safeString()`. */
export const safeText = () => z.refine<string>(isSafeString, UNSAFE_STRING_MESSAGE);

/** A zod string that refuses NUL and lone surrogates. */
export const safeString = () => z.string().check(safeText());

const MAX_DEPTH = 64;

/**
 * Every string (and object key) in a parsed JSON value, a query or route params that is not safe, with
 * its dotted path. The API core runs this on every input before its schema, so every string field of
 * every schema is covered, whether or not the schema itself refines it.
 */
export function findUnsafeStrings(input: unknown, prefix = ""): IssueDetail[] {
  const issues: IssueDetail[] = [];
  const visit = (value: unknown, path: string, depth: number) => {
    if (issues.length >= 20 || depth > MAX_DEPTH) return;
    if (typeof value === "string") {
      if (!isSafeString(value)) issues.push({ path, message: UNSAFE_STRING_MESSAGE });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, join(path, String(index)), depth + 1));
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (!isSafeString(key)) issues.push({ path: join(path, "(key)"), message: `A field name: ${UNSAFE_STRING_MESSAGE}` });
        else visit(item, join(path, key), depth + 1);
      }
    }
  };
  visit(input, prefix, 0);
  return issues;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
