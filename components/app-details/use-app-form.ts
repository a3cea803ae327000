"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { get, set, useForm, type FieldErrors, type Resolver, type UseFormReturn } from "react-hook-form";
import type { AppDefinitionInput } from "@/lib/schemas/app-definition";
import { createAppFormSchema, toFormValues, type AppFormValues } from "./app-form-model";
import type { PublicUrlPolicy } from "./browser-url-policy";

/** A problem the server found at a form path, kept until the developer changes the value it was about. */
export interface ServerIssue {
  path: string;
  message: string;
  /** The value at `path` when the server refused it, as JSON. */
  value: string;
}

const snapshot = (value: unknown) => JSON.stringify(value ?? null);

/**
 * The App details form: the shared schema through zodResolver (with the browser's URL check), plus the
 * server's last 422 for the values it was about, since the server checks a few things a browser cannot.
 */
export function useAppForm(definition: AppDefinitionInput, urlPolicy: PublicUrlPolicy) {
  const serverIssues = useRef<ServerIssue[]>([]);
  const schemaResolver = useMemo(
    // The schema's input type allows null and absent optional text, which the form never holds: it always has "".
    () => zodResolver(createAppFormSchema(urlPolicy), undefined, { raw: true }) as Resolver<AppFormValues>,
    [urlPolicy],
  );
  const resolver = useCallback<Resolver<AppFormValues>>(
    async (values, context, options) => {
      const result = await schemaResolver(values, context, options);
      const applicable = serverIssues.current.filter((issue) => snapshot(get(values, issue.path)) === issue.value);
      if (applicable.length === 0) return result;
      const errors: FieldErrors<AppFormValues> = { ...result.errors };
      for (const issue of applicable) {
        if (!get(errors, issue.path)) set(errors, issue.path, { type: "server", message: issue.message });
      }
      return { values: {}, errors };
    },
    [schemaResolver],
  );
  const form = useForm<AppFormValues>({ defaultValues: toFormValues(definition), resolver, mode: "onChange" });
  useRevalidateOnChange(form);

  const setServerIssues = useCallback(
    (issues: { path: string; message: string }[]) => {
      const values = form.getValues();
      serverIssues.current = issues.map((issue) => ({ ...issue, value: snapshot(get(values, issue.path)) }));
    },
    [form],
  );
  return { form, setServerIssues };
}

/**
 * Cross-field rules (a setting's level, a renamed config, the body format) put errors on fields other than
 * the one that changed, which react-hook-form alone would not re-check; so after each change, re-check all.
 */
function useRevalidateOnChange(form: UseFormReturn<AppFormValues>) {
  const { watch, trigger } = form;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    void trigger();
    const subscription = watch(() => {
      clearTimeout(timer);
      timer = setTimeout(() => void trigger(), 120);
    });
    return () => {
      clearTimeout(timer);
      subscription.unsubscribe();
    };
  }, [watch, trigger]);
}

/** Warns before the page is left with unsaved changes: on reload or close, and on links within Gatehouse. */
export function useUnsavedChangesWarning(isDirty: boolean) {
  useEffect(() => {
    if (!isDirty) return;
    const message = "You have unsaved changes. Leave this page and lose them?";
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    // Client-side navigation through next/link never fires beforeunload, so links are asked too.
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.("a[href]");
      if (!(link instanceof HTMLAnchorElement) || link.target === "_blank" || link.hasAttribute("download")) return;
      const url = new URL(link.href);
      if (url.origin === window.location.origin && url.pathname === window.location.pathname) return;
      if (!window.confirm(message)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [isDirty]);
}

/** The number of problems in react-hook-form's nested errors. */
export function countErrors(errors: unknown): number {
  if (!errors || typeof errors !== "object") return 0;
  if (typeof (errors as { message?: unknown }).message === "string") return 1;
  return Object.entries(errors).reduce((sum, [key, value]) => (key === "ref" ? sum : sum + countErrors(value)), 0);
}
