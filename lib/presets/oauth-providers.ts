import type { z } from "zod";
import type { oauthConfigSchema } from "@/lib/schemas/app-definition";

/**
 * Provider presets for the App details page: an OAuth config per well-known provider, written against the
 * standard five settings below. They are data only, so a unit test can hold every one to the same rules as
 * a saved definition. Scopes are modest examples; developers change them to what their app needs.
 */

// In a module of its own, so the App details page's main bundle can have them without every preset.
export { PRESET_SETTINGS } from "./preset-settings";

export interface OAuthProviderPreset {
  id: string;
  label: string;
  /** What is particular about this provider, shown when the preset is picked. */
  notes: string;
  docsUrl: string;
  /** A config as a definition carries it (optional fields may be left out), without its name. */
  config: Omit<z.input<typeof oauthConfigSchema>, "name">;
}

// The token requests of most providers: the client authenticates in a form-encoded body.
const CODE_EXCHANGE_BODY =
  '{"grant_type": "authorization_code", "code": "{{auth_code}}", "redirect_uri": "{{redirect_uri}}", "client_id": "{{client_id}}", "client_secret": "{{client_secret}}"}';
const REFRESH_BODY =
  '{"grant_type": "refresh_token", "refresh_token": "{{refresh_token}}", "client_id": "{{client_id}}", "client_secret": "{{client_secret}}"}';
// With HTTP Basic the credentials travel in the header, so the bodies leave them out.
const BASIC_CODE_EXCHANGE_BODY = '{"grant_type": "authorization_code", "code": "{{auth_code}}", "redirect_uri": "{{redirect_uri}}"}';
const BASIC_REFRESH_BODY = '{"grant_type": "refresh_token", "refresh_token": "{{refresh_token}}"}';

/**
 * A preset's logo: a neutral monogram bundled with Gatehouse (public/preset-logos), never the provider's
 * trademark nor an image hot-linked from its site. A path on Gatehouse's own origin, which logoUrl allows.
 */
export const presetLogoPath = (presetId: string) => `/preset-logos/${presetId}.svg`;

const STANDARD_PATHS = {
  authCodePath: "$.code",
  accessTokenPath: "$.access_token",
  refreshTokenPath: "$.refresh_token",
  expiresInPath: "$.expires_in",
  accessTokenVariable: "access_token",
  refreshTokenVariable: "refresh_token",
} as const;

export const OAUTH_PROVIDER_PRESETS: readonly OAuthProviderPreset[] = [
  {
    id: "github",
    label: "GitHub",
    notes:
      "OAuth App tokens do not expire and come without a refresh token; GitHub Apps with expiring user tokens return both, which the paths pick up.",
    docsUrl: "https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps",
    config: {
      linkUrl:
        "https://github.com/login/oauth/authorize?client_id={{client_id}}&redirect_uri={{redirect_uri}}&state={{state}}&scope=read:user%20repo",
      ...STANDARD_PATHS,
      tokenUrl: "https://github.com/login/oauth/access_token",
      requestBody: CODE_EXCHANGE_BODY,
      requestFormat: "form",
      clientAuthentication: "body",
      refreshTokenUrl: "https://github.com/login/oauth/access_token",
      refreshTokenBody: REFRESH_BODY,
      pkce: false,
      logoUrl: presetLogoPath("github"),
    },
  },
  {
    id: "google",
    label: "Google",
    notes:
      "access_type=offline asks for a refresh token and prompt=consent makes Google send one again on every consent. Refresh tokens are not rotated.",
    docsUrl: "https://developers.google.com/identity/protocols/oauth2/web-server",
    config: {
      linkUrl:
        "https://accounts.google.com/o/oauth2/v2/auth?client_id={{client_id}}&redirect_uri={{redirect_uri}}&response_type=code&scope=openid%20email%20profile&state={{state}}&access_type=offline&prompt=consent",
      ...STANDARD_PATHS,
      tokenUrl: "https://oauth2.googleapis.com/token",
      requestBody: CODE_EXCHANGE_BODY,
      requestFormat: "form",
      clientAuthentication: "body",
      refreshTokenUrl: "https://oauth2.googleapis.com/token",
      refreshTokenBody: REFRESH_BODY,
      pkce: true,
      logoUrl: presetLogoPath("google"),
    },
  },
  {
    id: "microsoft",
    label: "Microsoft",
    notes:
      "Microsoft identity platform v2 (the common tenant). The offline_access scope is what brings a refresh token; refresh tokens rotate.",
    docsUrl: "https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow",
    config: {
      linkUrl:
        "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id={{client_id}}&response_type=code&redirect_uri={{redirect_uri}}&response_mode=query&scope=offline_access%20User.Read&state={{state}}",
      ...STANDARD_PATHS,
      tokenUrl: "https://login.microsoftonline.com/common/oauth2/v2.0/token",
      requestBody:
        '{"grant_type": "authorization_code", "code": "{{auth_code}}", "redirect_uri": "{{redirect_uri}}", "client_id": "{{client_id}}", "client_secret": "{{client_secret}}", "scope": "offline_access User.Read"}',
      requestFormat: "form",
      clientAuthentication: "body",
      refreshTokenUrl: "https://login.microsoftonline.com/common/oauth2/v2.0/token",
      refreshTokenBody:
        '{"grant_type": "refresh_token", "refresh_token": "{{refresh_token}}", "client_id": "{{client_id}}", "client_secret": "{{client_secret}}", "scope": "offline_access User.Read"}',
      pkce: true,
      logoUrl: presetLogoPath("microsoft"),
    },
  },
  {
    id: "slack",
    label: "Slack",
    notes:
      "User tokens (user_scope) arrive under authed_user from the code exchange but at the top level from a refresh, so the paths search both ($..); refresh token and expiry are only there when token rotation is on. Asking for bot scopes too adds a top-level bot token: then use $.authed_user paths and no refresh.",
    docsUrl: "https://api.slack.com/authentication/oauth-v2",
    config: {
      linkUrl:
        "https://slack.com/oauth/v2/authorize?client_id={{client_id}}&user_scope=users:read&redirect_uri={{redirect_uri}}&state={{state}}",
      authCodePath: "$.code",
      accessTokenPath: "$..access_token",
      refreshTokenPath: "$..refresh_token",
      expiresInPath: "$..expires_in",
      accessTokenVariable: "access_token",
      refreshTokenVariable: "refresh_token",
      tokenUrl: "https://slack.com/api/oauth.v2.access",
      requestBody: CODE_EXCHANGE_BODY,
      requestFormat: "form",
      clientAuthentication: "body",
      refreshTokenUrl: "https://slack.com/api/oauth.v2.access",
      refreshTokenBody: REFRESH_BODY,
      pkce: false,
      logoUrl: presetLogoPath("slack"),
    },
  },
  {
    id: "notion",
    label: "Notion",
    notes: "The token endpoint takes a JSON body and HTTP Basic client authentication. Tokens carry no expires_in.",
    docsUrl: "https://developers.notion.com/docs/authorization",
    config: {
      linkUrl:
        "https://api.notion.com/v1/oauth/authorize?client_id={{client_id}}&response_type=code&owner=user&redirect_uri={{redirect_uri}}&state={{state}}",
      authCodePath: "$.code",
      accessTokenPath: "$.access_token",
      refreshTokenPath: "$.refresh_token",
      accessTokenVariable: "access_token",
      refreshTokenVariable: "refresh_token",
      tokenUrl: "https://api.notion.com/v1/oauth/token",
      requestBody: BASIC_CODE_EXCHANGE_BODY,
      requestFormat: "json",
      clientAuthentication: "basic",
      refreshTokenUrl: "https://api.notion.com/v1/oauth/token",
      refreshTokenBody: BASIC_REFRESH_BODY,
      pkce: false,
      logoUrl: presetLogoPath("notion"),
    },
  },
  {
    id: "atlassian",
    label: "Atlassian",
    notes:
      "Jira and Confluence Cloud (3LO): audience=api.atlassian.com and prompt=consent are required, offline_access brings a rotating refresh token, and the token endpoint takes JSON.",
    docsUrl: "https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/",
    config: {
      linkUrl:
        "https://auth.atlassian.com/authorize?audience=api.atlassian.com&client_id={{client_id}}&scope=read%3Ajira-work%20read%3Ajira-user%20offline_access&redirect_uri={{redirect_uri}}&state={{state}}&response_type=code&prompt=consent",
      ...STANDARD_PATHS,
      tokenUrl: "https://auth.atlassian.com/oauth/token",
      requestBody: CODE_EXCHANGE_BODY,
      requestFormat: "json",
      clientAuthentication: "body",
      refreshTokenUrl: "https://auth.atlassian.com/oauth/token",
      refreshTokenBody: REFRESH_BODY,
      pkce: false,
      logoUrl: presetLogoPath("atlassian"),
    },
  },
  {
    id: "salesforce",
    label: "Salesforce",
    notes:
      "Token responses carry no expires_in, so tokens are refreshed on a 401. The refresh_token scope is needed for a refresh token; API calls go to the returned instance_url.",
    docsUrl: "https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm",
    config: {
      linkUrl:
        "https://login.salesforce.com/services/oauth2/authorize?response_type=code&client_id={{client_id}}&redirect_uri={{redirect_uri}}&state={{state}}&scope=api%20refresh_token",
      authCodePath: "$.code",
      accessTokenPath: "$.access_token",
      refreshTokenPath: "$.refresh_token",
      accessTokenVariable: "access_token",
      refreshTokenVariable: "refresh_token",
      tokenUrl: "https://login.salesforce.com/services/oauth2/token",
      requestBody: CODE_EXCHANGE_BODY,
      requestFormat: "form",
      clientAuthentication: "body",
      refreshTokenUrl: "https://login.salesforce.com/services/oauth2/token",
      refreshTokenBody: REFRESH_BODY,
      pkce: true,
      logoUrl: presetLogoPath("salesforce"),
    },
  },
  {
    id: "hubspot",
    label: "HubSpot",
    notes: "Scopes are space-separated and the oauth scope is always needed. Access tokens last 30 minutes.",
    docsUrl: "https://developers.hubspot.com/docs/api/oauth-quickstart-guide",
    config: {
      linkUrl:
        "https://app.hubspot.com/oauth/authorize?client_id={{client_id}}&redirect_uri={{redirect_uri}}&scope=oauth%20crm.objects.contacts.read&state={{state}}",
      ...STANDARD_PATHS,
      tokenUrl: "https://api.hubapi.com/oauth/v1/token",
      requestBody: CODE_EXCHANGE_BODY,
      requestFormat: "form",
      clientAuthentication: "body",
      refreshTokenUrl: "https://api.hubapi.com/oauth/v1/token",
      refreshTokenBody:
        '{"grant_type": "refresh_token", "refresh_token": "{{refresh_token}}", "client_id": "{{client_id}}", "client_secret": "{{client_secret}}", "redirect_uri": "{{redirect_uri}}"}',
      pkce: false,
      logoUrl: presetLogoPath("hubspot"),
    },
  },
  {
    id: "dropbox",
    label: "Dropbox",
    notes: "token_access_type=offline is what brings a refresh token; access tokens are short-lived and refresh tokens are not rotated.",
    docsUrl: "https://developers.dropbox.com/oauth-guide",
    config: {
      linkUrl:
        "https://www.dropbox.com/oauth2/authorize?client_id={{client_id}}&response_type=code&redirect_uri={{redirect_uri}}&state={{state}}&token_access_type=offline",
      ...STANDARD_PATHS,
      tokenUrl: "https://api.dropboxapi.com/oauth2/token",
      requestBody: BASIC_CODE_EXCHANGE_BODY,
      requestFormat: "form",
      clientAuthentication: "basic",
      refreshTokenUrl: "https://api.dropboxapi.com/oauth2/token",
      refreshTokenBody: BASIC_REFRESH_BODY,
      pkce: false,
      logoUrl: presetLogoPath("dropbox"),
    },
  },
  {
    id: "zoom",
    label: "Zoom",
    notes: "The token endpoint wants HTTP Basic client authentication and a form body. Refresh tokens rotate.",
    docsUrl: "https://developers.zoom.us/docs/integrations/oauth/",
    config: {
      linkUrl: "https://zoom.us/oauth/authorize?response_type=code&client_id={{client_id}}&redirect_uri={{redirect_uri}}&state={{state}}",
      ...STANDARD_PATHS,
      tokenUrl: "https://zoom.us/oauth/token",
      requestBody: BASIC_CODE_EXCHANGE_BODY,
      requestFormat: "form",
      clientAuthentication: "basic",
      refreshTokenUrl: "https://zoom.us/oauth/token",
      refreshTokenBody: BASIC_REFRESH_BODY,
      pkce: false,
      logoUrl: presetLogoPath("zoom"),
    },
  },
  {
    id: "linear",
    label: "Linear",
    notes: "Scopes are comma-separated. Newer Linear apps get expiring access tokens with a refresh token.",
    docsUrl: "https://linear.app/developers/oauth-2-0-authentication",
    config: {
      linkUrl:
        "https://linear.app/oauth/authorize?client_id={{client_id}}&redirect_uri={{redirect_uri}}&response_type=code&scope=read&state={{state}}&prompt=consent",
      ...STANDARD_PATHS,
      tokenUrl: "https://api.linear.app/oauth/token",
      requestBody: CODE_EXCHANGE_BODY,
      requestFormat: "form",
      clientAuthentication: "body",
      refreshTokenUrl: "https://api.linear.app/oauth/token",
      refreshTokenBody: REFRESH_BODY,
      pkce: false,
      logoUrl: presetLogoPath("linear"),
    },
  },
  {
    id: "asana",
    label: "Asana",
    notes: "Access tokens last an hour; the refresh request repeats the redirect_uri.",
    docsUrl: "https://developers.asana.com/docs/oauth",
    config: {
      linkUrl:
        "https://app.asana.com/-/oauth_authorize?client_id={{client_id}}&redirect_uri={{redirect_uri}}&response_type=code&state={{state}}",
      ...STANDARD_PATHS,
      tokenUrl: "https://app.asana.com/-/oauth_token",
      requestBody: CODE_EXCHANGE_BODY,
      requestFormat: "form",
      clientAuthentication: "body",
      refreshTokenUrl: "https://app.asana.com/-/oauth_token",
      refreshTokenBody:
        '{"grant_type": "refresh_token", "refresh_token": "{{refresh_token}}", "client_id": "{{client_id}}", "client_secret": "{{client_secret}}", "redirect_uri": "{{redirect_uri}}"}',
      pkce: false,
      logoUrl: presetLogoPath("asana"),
    },
  },
];

export function findOAuthProviderPreset(id: string): OAuthProviderPreset | undefined {
  return OAUTH_PROVIDER_PRESETS.find((preset) => preset.id === id);
}
