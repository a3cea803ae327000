import type { DiscoveredConfig } from "@/lib/oauth/discovery";
import type { OAuthProviderPreset } from "@/lib/presets/oauth-providers";
import type { Setting } from "@/lib/schemas/app-definition";
import { toOAuthConfigFormValues, type ApiFormValues, type AppFormValues, type OAuthConfigFormValues } from "./form-values";

export const SEED_REQUEST_BODY =
  '{"grant_type": "authorization_code", "redirect_uri": "{{redirect_uri}}", "code": "{{auth_code}}", "client_id": {{client_id}}, "client_secret": {{client_secret}}}';
export const SEED_REFRESH_TOKEN_BODY = '{"refresh_token": {{refresh_token}}, "grant_type": "refresh_token"}';

function pickUserSetting(settings: Setting[], preferred: string, avoid?: string): string {
  const userKeys = settings.filter((setting) => setting.level === "user").map((setting) => setting.key);
  if (userKeys.includes(preferred)) return preferred;
  return userKeys.find((key) => key !== avoid) ?? "";
}

/** A config with the standard OAuth 2.0 response paths and the app's user-level settings as token variables. */
export function createBlankOAuthConfig(name: string, settings: Setting[]): OAuthConfigFormValues {
  const accessTokenVariable = pickUserSetting(settings, "access_token");
  return {
    name,
    linkUrl: "",
    authCodePath: "$.code",
    accessTokenPath: "$.access_token",
    refreshTokenPath: "$.refresh_token",
    expiresInPath: "$.expires_in",
    accessTokenVariable,
    refreshTokenVariable: pickUserSetting(settings, "refresh_token", accessTokenVariable),
    tokenUrl: "",
    // The platform's own starting point: "a JSON formatted string" for each body, sent as JSON.
    requestBody: SEED_REQUEST_BODY,
    requestFormat: "json",
    clientAuthentication: "body",
    refreshTokenUrl: "",
    refreshTokenBody: SEED_REFRESH_TOKEN_BODY,
    pkce: true,
    logoUrl: "",
    revokeUrl: "",
    revokeBody: "",
    issuer: "",
    requireIss: false,
    scopePath: "",
  };
}

export function createOAuthConfigFromPreset(name: string, preset: OAuthProviderPreset): OAuthConfigFormValues {
  return toOAuthConfigFormValues({ name, ...preset.config });
}

/**
 * A config filled from an issuer's metadata (Import from issuer): its endpoints, PKCE, client authentication,
 * revocation and issuer checks, with bodies that match that authentication; token variables the app already
 * has are kept.
 */
export function createOAuthConfigFromDiscovery(name: string, discovered: DiscoveredConfig, settings: Setting[]): OAuthConfigFormValues {
  const blank = createBlankOAuthConfig(name, settings);
  return {
    ...blank,
    linkUrl: discovered.linkUrl,
    tokenUrl: discovered.tokenUrl,
    issuer: discovered.issuer,
    requireIss: discovered.requireIss,
    pkce: discovered.pkce,
    clientAuthentication: discovered.clientAuthentication,
    requestFormat: discovered.requestFormat,
    requestBody: discovered.requestBody,
    refreshTokenBody: discovered.refreshTokenBody,
    revokeUrl: discovered.revokeUrl ?? "",
    authCodePath: discovered.authCodePath,
    accessTokenPath: discovered.accessTokenPath,
    refreshTokenPath: discovered.refreshTokenPath,
    expiresInPath: discovered.expiresInPath,
    scopePath: discovered.scopePath,
    accessTokenVariable: blank.accessTokenVariable || discovered.accessTokenVariable,
    refreshTokenVariable: blank.refreshTokenVariable || discovered.refreshTokenVariable,
  };
}

export function createBlankApi(name: string, values: Pick<AppFormValues, "oauthConfigs">): ApiFormValues {
  // An API almost always calls with the user's token of the app's only config, sent as a bearer token.
  const onlyConfig = values.oauthConfigs.length === 1 ? values.oauthConfigs[0]! : null;
  const headers = onlyConfig?.accessTokenVariable ? [{ name: "Authorization", value: `Bearer {{${onlyConfig.accessTokenVariable}}}` }] : [];
  return { name, method: "GET", url: "", headers, body: "", oauthConfig: onlyConfig?.name ?? "", expiredStatuses: [], expiredBodyPath: "", expiredBodyValue: "" };
}

/** `base`, or `base-2`, `base-3`… whichever is not taken yet. */
export function createUniqueName(base: string, taken: string[]): string {
  if (!taken.includes(base)) return base;
  for (let suffix = 2; ; suffix++) if (!taken.includes(`${base}-${suffix}`)) return `${base}-${suffix}`;
}
