"use client";

import { createContext, forwardRef, useContext, type InputHTMLAttributes, type ReactElement, type ReactNode } from "react";
import { useFormContext, useFormState, useWatch, type FieldPath } from "react-hook-form";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import type { AppFormValues } from "./app-form-model";

export type AppFieldPath = FieldPath<AppFormValues>;

/** True once the developer tried to save or imported a definition: from then on every problem shows. */
export const RevealErrorsContext = createContext(false);

/**
 * The error to show next to a field. The whole definition is validated on every change, so an empty field
 * of a config added a moment ago has an error too; it shows once the field was visited, holds text, or the
 * developer tried to save, so that the form does not open covered in red.
 */
export function useVisibleError(name: AppFieldPath): string | undefined {
  const { control, getFieldState } = useFormContext<AppFormValues>();
  const formState = useFormState({ control, name });
  const value: unknown = useWatch({ control, name });
  const revealAll = useContext(RevealErrorsContext);
  const { error, isTouched } = getFieldState(name, formState);
  if (!error?.message) return undefined;
  const isFilled = typeof value === "string" ? value.trim() !== "" : value != null;
  return revealAll || isTouched || isFilled ? error.message : undefined;
}

interface FormFieldProps {
  name: AppFieldPath;
  label: ReactNode;
  hint?: ReactNode;
  className?: string;
  children: ReactElement<Record<string, unknown>>;
}

/** A labelled control of the App details form, showing its validation message. */
export function FormField({ name, label, hint, className, children }: FormFieldProps) {
  return (
    <Field label={label} hint={hint} error={useVisibleError(name)} className={className}>
      {children}
    </Field>
  );
}

interface CheckboxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "type"> {
  label: ReactNode;
  hint?: ReactNode;
}

/** A checkbox with its label beside it; the whole label is the click target. */
export const Checkbox = forwardRef<HTMLInputElement, CheckboxProps>(function Checkbox({ label, hint, className, ...props }, ref) {
  return (
    <label className={cn("flex items-start gap-2.5 text-sm text-slate-700", className)}>
      <input
        ref={ref}
        type="checkbox"
        className="mt-0.5 h-4 w-4 shrink-0 rounded border-slate-300 text-brand-600 accent-brand-600 focus-visible:outline-brand-500"
        {...props}
      />
      <span>
        <span className="font-medium">{label}</span>
        {hint && <span className="block text-xs text-slate-500">{hint}</span>}
      </span>
    </label>
  );
});

/** A titled group of fields inside a form card. */
export function FieldGroup({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="min-w-0 space-y-4 border-t border-slate-100 pt-5 first:border-t-0 first:pt-0">
      <legend className="float-left w-full pb-1">
        <span className="text-sm font-semibold text-slate-900">{title}</span>
        {description && <span className="mt-0.5 block text-xs font-normal text-slate-500">{description}</span>}
      </legend>
      <div className="clear-both space-y-4">{children}</div>
    </fieldset>
  );
}
