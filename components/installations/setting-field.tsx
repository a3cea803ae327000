"use client";

import type { UseFormRegisterReturn } from "react-hook-form";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { Setting } from "@/lib/schemas/app-definition";
import { SECRET_MASK } from "@/lib/schemas/installations";
import { CopyButton } from "./copy-button";

/** The setting the install prompt prefills with Gatehouse's own OAuth callback URL (CONTRACT.md). */
export const REDIRECT_URI_KEY = "redirect_uri";

interface SettingFieldProps {
  setting: Setting;
  registration: UseFormRegisterReturn;
  error?: string;
  callbackUrl: string;
  /** Set on the settings form: a secret with a stored value, which an empty input keeps. */
  hasStoredSecret?: boolean;
}

/** One organization-level setting as the install prompt and the settings form ask for it. */
export function SettingField({ setting, registration, error, callbackUrl, hasStoredSecret }: SettingFieldProps) {
  return (
    <Field label={setting.label} required={setting.required} error={error} hint={hintFor(setting, callbackUrl, hasStoredSecret)}>
      <Input
        // Secrets are write-only: typed into a password box and never filled in from the server.
        type={setting.secret ? "password" : "text"}
        // "new-password" keeps browsers from offering the user's own sign-in password here.
        autoComplete={setting.secret ? "new-password" : "off"}
        spellCheck={false}
        placeholder={setting.secret && hasStoredSecret ? SECRET_MASK : undefined}
        {...registration}
      />
    </Field>
  );
}

function hintFor(setting: Setting, callbackUrl: string, hasStoredSecret?: boolean) {
  if (setting.secret) {
    return hasStoredSecret ? (
      <>
        Stored as <span className="font-mono">{SECRET_MASK}</span>. Leave empty to keep it.
      </>
    ) : (
      "Stored encrypted; it cannot be read back."
    );
  }
  if (setting.key !== REDIRECT_URI_KEY) return undefined;
  return (
    <span className="block space-y-1.5">
      <span className="block">Register Gatehouse&apos;s callback URL with the provider as an allowed redirect URI:</span>
      <span className="flex items-center gap-2">
        <code className="min-w-0 flex-1 rounded bg-slate-100 px-2 py-1 font-mono break-all text-slate-700">{callbackUrl}</code>
        <CopyButton text={callbackUrl} label="Copy URL" />
      </span>
    </span>
  );
}
