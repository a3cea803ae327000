import { NextRequest } from "next/server";
import fc from "fast-check";

/**
 * Shared pieces of the fuzz tests: the seed and run counts (fixed, so a failure replays; `FUZZ_SEED`
 * overrides the seed, `FUZZ_FULL=1` runs the full counts, as `npm run fuzz` does), value generators, and
 * the contract check every answer must pass.
 */

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
export const FUZZ_FULL = process.env.FUZZ_FULL === "1";

/** Full counts under `npm run fuzz`; a sample of each in `npm test`, to stay within CI's time. */
export function fuzzRuns(full: number, inCi: number): number {
  return FUZZ_FULL ? full : inCi;
}

export const fuzzParameters = (numRuns: number) => ({ seed: FUZZ_SEED, numRuns, endOnFailure: true });

const TEMPLATE_PIECES = [
  "{{",
  "}}",
  "{{client_id}}",
  "{{client_secret}}",
  "{{ redirect_uri }}",
  "{{state}}",
  "{{auth_code}}",
  "{{refresh_token}}",
  "{{access_token}}",
  "{{limit}}",
  "{{note}}",
  "{{}}",
  "{{a b}}",
  "{{{x}}}",
  '"',
  "\\",
  "{",
  "}",
  "[",
  "]",
  ":",
  ",",
  " ",
  "\n",
  "\r\n",
  "%",
  "%zz",
  "%7B%7B",
  "?",
  "&",
  "=",
  "#",
  "/",
  "http://",
  "https://",
  "127.0.0.1",
  "localhost",
  "acme.example",
  "javascript:",
  "$.",
  "$..",
  "[*]",
  "$['a']",
  "é",
  "😀",
  "\u200b",
  "\u2028",
  "null",
  "true",
  "1e999",
  "-0",
];

/** Strings built from the pieces templates, URLs, JSON and JSONPath are made of. */
export const templateString = fc.array(fc.constantFrom(...TEMPLATE_PIECES), { maxLength: 14 }).map((parts) => parts.join(""));

/** Any text: template-like, printable, or any code point. */
export const anyText = fc.oneof(
  templateString,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("", " ", "x".repeat(5_000), "__proto__", "constructor", "toString"),
);

/** Any JSON-ish value, weighted towards strings that look like what the handlers parse. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: anyText },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, [], {}) },
);

/** Every path (as keys) into a JSON value, containers included. */
export function collectPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => paths.push(...collectPaths(item, [...prefix, index])));
  else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) paths.push(...collectPaths(inner, [...prefix, key]));
  }
  return paths;
}

export type Mutation = { path: (string | number)[]; op: "set" | "delete" | "add" | "duplicate"; value: unknown; key: string };

/** Applies mutations to a deep copy: replace a value, drop a key or item, add an unknown key, or duplicate an item. */
export function applyMutations(base: unknown, mutations: Mutation[]): unknown {
  let root = structuredClone(base);
  for (const { path, op, value, key } of mutations) {
    if (path.length === 0) {
      if (op === "set") root = structuredClone(value);
      continue;
    }
    let parent: any = root;
    for (const step of path.slice(0, -1)) {
      if (parent === null || typeof parent !== "object") break;
      parent = parent[step];
    }
    if (parent === null || typeof parent !== "object") continue;
    const last = path[path.length - 1]!;
    if (op === "set") parent[last] = structuredClone(value);
    else if (op === "delete") {
      if (Array.isArray(parent) && typeof last === "number") parent.splice(last, 1);
      else delete parent[last];
    } else if (op === "add") {
      const target = parent[last];
      if (Array.isArray(target)) target.push(structuredClone(value));
      else if (target !== null && typeof target === "object") target[key] = structuredClone(value);
      else parent[key] = structuredClone(value);
    } else if (Array.isArray(parent) && typeof last === "number" && parent[last] !== undefined) {
      parent.push(structuredClone(parent[last]));
    }
  }
  return root;
}

/** Mutations of `base` at its own paths. */
export function mutationsOf(base: unknown, valueArbitrary: fc.Arbitrary<unknown> = anyValue) {
  const paths = collectPaths(base);
  const mutation: fc.Arbitrary<Mutation> = fc.record({
    path: fc.constantFrom(...paths),
    op: fc.constantFrom("set", "set", "set", "delete", "add", "duplicate"),
    value: valueArbitrary,
    key: fc.oneof(fc.constantFrom("extra", "__proto__", "constructor", "name", "schemaVersion"), fc.string({ maxLength: 10 })),
  });
  return fc.array(mutation, { minLength: 1, maxLength: 4 });
}

/** What every API answer must be: no 5xx, and an error in the contract's shape. */
export function contractViolation(response: { status: number; body: any }): string | null {
  if (response.status >= 500) return `HTTP ${response.status}: ${JSON.stringify(response.body)?.slice(0, 300)}`;
  if (response.status < 400) return null;
  const error = response.body?.error;
  if (!error || typeof error.code !== "string" || typeof error.message !== "string" || error.message === "") {
    return `HTTP ${response.status} without the contract's error shape: ${JSON.stringify(response.body)?.slice(0, 300)}`;
  }
  const extra = Object.keys(response.body).filter((key) => key !== "error");
  if (extra.length > 0) return `error body with extra fields ${extra.join(", ")}`;
  return null;
}

type Route = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler like `callRoute`, but keeps an unparseable answer as text, so it is reported, not thrown. */
export async function callRouteRaw(
  route: Route,
  options: { method: string; url: string; params?: Record<string, string>; token?: string; rawBody?: string },
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers = new Headers();
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  if (options.rawBody !== undefined) headers.set("content-type", "application/json");
  const request = new NextRequest(new URL(options.url, "http://localhost:3000"), {
    method: options.method,
    headers,
    ...(options.rawBody === undefined ? {} : { body: options.rawBody }),
  });
  const response = await route(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Left as text: not JSON, which contractViolation reports for an error status.
  }
  return { status: response.status, body, headers: response.headers };
}
