"use client";

import { useContext } from "react";
import { OAUTH_PROVIDER_PRESETS, type OAuthProviderPreset } from "@/lib/presets/oauth-providers";
import { createSandboxPreset } from "@/lib/presets/sandbox";
import { SandboxBaseUrlContext } from "./sandbox-base-url-context";

/** The provider presets to offer: the sandbox first when it is on, then the well-known providers. */
export function useProviderPresets(): readonly OAuthProviderPreset[] {
  const sandboxBaseUrl = useContext(SandboxBaseUrlContext);
  if (!sandboxBaseUrl) return OAUTH_PROVIDER_PRESETS;
  return [createSandboxPreset(sandboxBaseUrl, `${sandboxBaseUrl.replace(/\/sandbox$/, "")}/sandbox-logo.svg`), ...OAUTH_PROVIDER_PRESETS];
}
