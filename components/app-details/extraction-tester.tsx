"use client";

import { useId, useState } from "react";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { extractValue, queryStringToObject } from "@/lib/oauth/extract";
import { OAUTH_FIELD_LABELS } from "./app-form-model";

/**
 * Try the extraction paths on a pasted callback query and token response, as the callback handler reads
 * them. Tokens and codes are masked: developers paste real responses here, and screens get shared.
 */

export interface ExtractionPaths {
  authCodePath: string;
  accessTokenPath: string;
  refreshTokenPath: string;
  expiresInPath: string;
}

// RFC 6749's own examples, so the tester shows results before anything is pasted.
const SAMPLE_CALLBACK = "?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz";
const SAMPLE_TOKEN_RESPONSE = `{
  "access_token": "2YotnFZFEjr1zCsicMWpAA",
  "token_type": "Bearer",
  "expires_in": 3600,
  "refresh_token": "tGzv3JOkF0XG5Qx2TlKWIA"
}`;

type Outcome = { tone: "ok" | "warning" | "error" | "muted"; text: string };

/** Shows the first 4 characters of a secret, enough to recognise it, never enough to use it. */
export function maskSecret(value: string): string {
  return value.length > 4 ? `${value.slice(0, 4)}…` : "•".repeat(Math.max(value.length, 1));
}

function describeValue(value: unknown, kind: "secret" | "expiry"): Outcome {
  if (kind === "expiry") {
    const isNumeric = typeof value === "number" ? Number.isFinite(value) : typeof value === "string" && /^\d+(\.\d+)?$/.test(value.trim());
    return isNumeric
      ? { tone: "ok", text: `${String(value)} seconds` }
      : { tone: "warning", text: `${typeof value === "string" ? maskSecret(value) : JSON.stringify(value)} is not a number of seconds` };
  }
  if (typeof value === "string") {
    return value === "" ? { tone: "warning", text: "an empty string" } : { tone: "ok", text: maskSecret(value) };
  }
  if (value !== null && typeof value === "object") return { tone: "warning", text: "an object or array, not a single value" };
  return { tone: "warning", text: `${JSON.stringify(value)}, not a string` };
}

function parseResponse(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, message: "Paste a token response to try the paths" };
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    // Some providers answer form-encoded; the callback handler reads those as an object of fields too.
    if (/^[^=&\s]+=/.test(trimmed)) return { ok: true, value: queryStringToObject(trimmed) };
    return { ok: false, message: "The response is neither JSON nor form-encoded fields" };
  }
}

function callbackQueryOf(text: string): string {
  const trimmed = text.trim();
  const withoutFragment = trimmed.split("#")[0] ?? "";
  const queryStart = withoutFragment.indexOf("?");
  return queryStart === -1 ? withoutFragment : withoutFragment.slice(queryStart + 1);
}

export function ExtractionTester({ paths }: { paths: ExtractionPaths }) {
  const [callback, setCallback] = useState(SAMPLE_CALLBACK);
  const [response, setResponse] = useState(SAMPLE_TOKEN_RESPONSE);
  const resultsId = useId();

  const query = queryStringToObject(callbackQueryOf(callback));
  const parsed = parseResponse(response);
  const rows: { field: keyof ExtractionPaths; source: "query" | "response"; kind: "secret" | "expiry" }[] = [
    { field: "authCodePath", source: "query", kind: "secret" },
    { field: "accessTokenPath", source: "response", kind: "secret" },
    { field: "refreshTokenPath", source: "response", kind: "secret" },
    { field: "expiresInPath", source: "response", kind: "expiry" },
  ];

  const outcomeOf = (field: keyof ExtractionPaths, source: "query" | "response", kind: "secret" | "expiry"): Outcome => {
    const path = paths[field].trim();
    if (!path) {
      return field === "expiresInPath"
        ? { tone: "muted", text: "not set: the expiry is unknown, so tokens are refreshed on a 401" }
        : { tone: "error", text: "no path yet" };
    }
    if (source === "response" && !parsed.ok) return { tone: "muted", text: parsed.message };
    const result = extractValue(source === "query" ? query : parsed.ok ? parsed.value : null, path);
    if (!result.ok) return { tone: field === "refreshTokenPath" || field === "expiresInPath" ? "warning" : "error", text: result.error.message };
    return describeValue(result.value, kind);
  };

  return (
    <details className="group rounded-md border border-slate-200 bg-white">
      <summary className="cursor-pointer select-none rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">
        Test the extraction paths
      </summary>
      <div className="space-y-4 border-t border-slate-200 px-3 py-3">
        <div className="grid gap-4 md:grid-cols-2">
          <Field label="Sample callback query" hint="The query of the redirect back to Gatehouse, or the whole URL">
            <Textarea rows={3} value={callback} onChange={(event) => setCallback(event.target.value)} aria-controls={resultsId} />
          </Field>
          <Field label="Sample token response" hint="The token endpoint's response body: JSON or form-encoded">
            <Textarea rows={6} value={response} onChange={(event) => setResponse(event.target.value)} aria-controls={resultsId} />
          </Field>
        </div>
        <div id={resultsId} role="table" aria-label="Extraction results" className="divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
          {rows.map(({ field, source, kind }) => {
            const outcome = outcomeOf(field, source, kind);
            return (
              <div key={field} role="row" className="grid gap-1 px-3 py-2 sm:grid-cols-[10rem_minmax(0,1fr)] sm:gap-3">
                <div role="rowheader" className="min-w-0">
                  <span className="font-medium text-slate-700">{OAUTH_FIELD_LABELS[field]}</span>
                  <span className="block break-all font-mono text-xs text-slate-500">{paths[field] || "—"}</span>
                </div>
                <div
                  role="cell"
                  className={`min-w-0 break-words ${
                    outcome.tone === "ok"
                      ? "font-mono text-emerald-700"
                      : outcome.tone === "warning"
                        ? "text-amber-700"
                        : outcome.tone === "error"
                          ? "text-red-700"
                          : "text-slate-500"
                  }`}
                >
                  {outcome.text}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </details>
  );
}
