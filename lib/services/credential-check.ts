import { validationFailed, type IssueDetail } from "@/lib/errors";
import { logger } from "@/lib/logger";
import {
  buildCredentialProbe,
  classifyCredentialProbe,
  credentialTemplateNames,
  sendTokenRequest,
  TemplateError,
  type CredentialProbeOutcome,
} from "@/lib/oauth";
import type { OAuthConfigDefinition, Setting } from "@/lib/schemas/app-definition";
import { getCallbackUrl } from "./connect";
import { sendThroughOutboundClient } from "./oauth-http";
import { isSandboxEnabled, sandboxBaseUrl } from "./sandbox-provider";

/**
 * Checking an installer's client credentials with the provider before they are saved, where the provider
 * allows it, so a wrong secret is refused at install rather than after a member's consent. Elsewhere they
 * are checked at first connect, and the install prompt says so.
 */

/** When an installer's client credentials are checked: with the provider on save, or at a member's first connect. */
export type CredentialCheck = "on_save" | "at_first_connect";

interface VersionDefinition {
  settings: Setting[];
  oauthConfigs: OAuthConfigDefinition[];
}

/**
 * The token endpoints whose answer to a probe is trusted: providers known to authenticate the client
 * before they read the code. Today that is the built-in sandbox; another provider joins once it is known
 * to behave so.
 */
function probeableTokenEndpoints(): string[] {
  return isSandboxEnabled() ? [`${sandboxBaseUrl()}/oauth/token`] : [];
}

function endpointOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return null;
  }
}

/** Whether the config's provider can check client credentials before anyone connects. */
export function canProbeCredentials(config: Pick<OAuthConfigDefinition, "tokenUrl">): boolean {
  const endpoint = endpointOf(config.tokenUrl);
  return endpoint !== null && probeableTokenEndpoints().some((known) => endpointOf(known) === endpoint);
}

/** The organization-level settings the config's client authenticates with. */
function credentialSettings(settings: Setting[], config: OAuthConfigDefinition): Setting[] {
  let names: Set<string>;
  try {
    names = credentialTemplateNames(config);
  } catch (error) {
    if (error instanceof TemplateError) return [];
    throw error;
  }
  return settings.filter((setting) => setting.level === "organization" && names.has(setting.key));
}

/** How a version's client credentials are checked, or null when it asks the installer for no client secret. */
export function describeCredentialCheck(definition: VersionDefinition): CredentialCheck | null {
  const withSecrets = definition.oauthConfigs.filter((config) =>
    credentialSettings(definition.settings, config).some((setting) => setting.secret),
  );
  if (withSecrets.length === 0) return null;
  return withSecrets.every(canProbeCredentials) ? "on_save" : "at_first_connect";
}

/**
 * Checks the client credentials in `values` (an installation's organization settings, decrypted) with every
 * provider that can check them. A refusal throws a 422 naming each secret setting the client authenticates
 * with, under `pathPrefix`. An unclear answer, or none, lets the save go on: the first connect will tell.
 * With `changedKeys`, only configs whose credentials are among them are checked.
 */
export async function checkClientCredentials(
  definition: VersionDefinition,
  values: Record<string, string>,
  { pathPrefix = "", changedKeys }: { pathPrefix?: string; changedKeys?: ReadonlySet<string> } = {},
): Promise<void> {
  const issues: IssueDetail[] = [];
  for (const config of definition.oauthConfigs) {
    const settings = credentialSettings(definition.settings, config);
    const secrets = settings.filter((setting) => setting.secret);
    if (secrets.length === 0 || !canProbeCredentials(config)) continue;
    if (changedKeys && !settings.some((setting) => changedKeys.has(setting.key))) continue;
    if ((await probe(config, values)) !== "refused") continue;
    for (const setting of secrets) {
      const path = `${pathPrefix}${setting.key}`;
      if (!issues.some((issue) => issue.path === path)) issues.push({ path, message: `${setting.label} is not accepted by the provider` });
    }
  }
  if (issues.length > 0) {
    throw validationFailed(issues, "The provider does not accept these client credentials: check the client ID and secret against what it issued");
  }
}

async function probe(config: OAuthConfigDefinition, values: Record<string, string>): Promise<CredentialProbeOutcome> {
  const callbackUrl = getCallbackUrl();
  let request;
  try {
    request = buildCredentialProbe(config, { ...values, redirect_uri: values.redirect_uri ?? callbackUrl, callback_url: callbackUrl, state: "credential-check" });
  } catch (error) {
    // A user-level value the request needs, for instance: it can only be checked at connect.
    if (error instanceof TemplateError) return "unknown";
    throw error;
  }
  const sent = await sendTokenRequest(request, sendThroughOutboundClient);
  const outcome = sent.ok ? classifyCredentialProbe(sent.response) : "unknown";
  logger.info("client credentials checked with the provider", { config: config.name, outcome });
  return outcome;
}
