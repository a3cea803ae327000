"use client";

import { useFormContext, type FieldErrors } from "react-hook-form";
import type { AppFieldPath } from "./form-field";
import { describeFormPath } from "./form-labels";
import type { AppFormValues } from "./form-values";

interface Problem {
  path: string;
  message: string;
}

/** Every message in react-hook-form's nested errors with its dotted path, in the form's order. */
export function listProblems(errors: unknown, prefix = ""): Problem[] {
  if (!errors || typeof errors !== "object") return [];
  const message = (errors as { message?: unknown }).message;
  if (typeof message === "string" && prefix) return [{ path: prefix, message }];
  return Object.entries(errors).flatMap(([key, value]) => (key === "ref" || key === "root" ? [] : listProblems(value, prefix ? `${prefix}.${key}` : key)));
}

// A setting is edited in a dialog, so its problems lead to its row in the Settings section.
const SECTION_OF: Record<string, string> = { settings: "settings", oauthConfigs: "oauth-configs", apis: "apis" };

/** The problems that stop a save, each a link that moves focus to its field. */
export function ProblemList({ errors }: { errors: FieldErrors<AppFormValues> }) {
  const { setFocus, getValues } = useFormContext<AppFormValues>();
  const problems = listProblems(errors);
  const values = getValues();
  const focus = (path: string) => {
    const field = document.querySelector<HTMLElement>(`[name="${CSS.escape(path)}"]`);
    if (field) {
      setFocus(path as AppFieldPath);
      field.focus();
      return;
    }
    const section = document.getElementById(SECTION_OF[path.split(".")[0]!] ?? "general");
    section?.scrollIntoView({ block: "start" });
    section?.querySelector<HTMLElement>("button, [href], input, select, textarea")?.focus();
  };
  return (
    <section id="problems" aria-labelledby="problems-title" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      <h2 id="problems-title" className="font-semibold">
        Fix {problems.length === 1 ? "this problem" : `these ${problems.length} problems`} before saving
      </h2>
      <ul className="mt-2 space-y-1">
        {problems.map((problem) => (
          <li key={problem.path}>
            <a
              href={`#${problem.path}`}
              onClick={(event) => {
                event.preventDefault();
                focus(problem.path);
              }}
              className="font-medium underline hover:text-red-950"
            >
              {describeFormPath(problem.path.split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part)), values)}
            </a>
            : {problem.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
