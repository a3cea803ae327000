import { PRESET_SETTINGS } from "@/lib/presets/preset-settings";

/**
 * The app definition most integration tests need: the five preset settings, one OAuth config against a
 * real provider with form-encoded token requests, and its APIs. The client authenticates with HTTP Basic
 * (the bodies then leave the credentials out) or in the body. Returns a fresh, mutable object each time,
 * so a test can change a copy into its next version.
 */
export function formEncodedApp(options: {
  name: string;
  configName: string;
  authorizeUrl: string;
  tokenUrl: string;
  scope: string;
  clientAuthentication: "basic" | "body";
  pkce?: boolean;
  extraSettings?: Array<{ key: string; label: string; level: "organization" | "user"; secret: boolean; required: boolean }>;
  apis: Array<{ name: string; url: string; headers?: Record<string, string> }>;
}) {
  const inBody = options.clientAuthentication === "body";
  const credentials = inBody ? ', "client_id": {{client_id}}, "client_secret": {{client_secret}}' : "";
  return {
    schemaVersion: 1,
    name: options.name,
    settings: [...PRESET_SETTINGS, ...(options.extraSettings ?? [])],
    oauthConfigs: [
      {
        name: options.configName,
        linkUrl: `${options.authorizeUrl}?client_id={{client_id}}&response_type=code&redirect_uri={{redirect_uri}}&state={{state}}&scope=${options.scope}`,
        authCodePath: "$.code",
        accessTokenPath: "$.access_token",
        refreshTokenPath: "$.refresh_token",
        expiresInPath: "$.expires_in",
        accessTokenVariable: "access_token",
        refreshTokenVariable: "refresh_token",
        tokenUrl: options.tokenUrl,
        requestBody: `{"grant_type": "authorization_code", "code": "{{auth_code}}", "redirect_uri": "{{redirect_uri}}"${credentials}}`,
        requestFormat: "form",
        clientAuthentication: options.clientAuthentication,
        refreshTokenBody: `{"grant_type": "refresh_token", "refresh_token": {{refresh_token}}${credentials}}`,
        pkce: options.pkce ?? true,
      },
    ],
    apis: options.apis.map((api) => ({
      name: api.name,
      method: "GET",
      url: api.url,
      headers: api.headers ?? { Authorization: "Bearer {{access_token}}" },
      body: null,
      oauthConfig: options.configName,
    })),
  };
}
