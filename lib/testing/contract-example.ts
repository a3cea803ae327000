import { SEED_OAUTH_CONFIG } from "@/lib/oauth/seed-config.fixture";

/** The app definition example of CONTRACT.md, verbatim: the tests build, export and import exactly this. */
type Widened<T> = { -readonly [K in keyof T]: T[K] extends string ? string : T[K] extends boolean ? boolean : T[K] };

// The engine's tests hold the same example's OAuth config; one copy of the contract's text is enough.
const seedConfig: Widened<typeof SEED_OAUTH_CONFIG> = SEED_OAUTH_CONFIG;

export const CONTRACT_EXAMPLE = {
  schemaVersion: 1,
  name: "Acme CRM",
  description: "Contacts and deals",
  settings: [
    { key: "client_id", label: "Client ID", level: "organization", secret: false, required: true },
    { key: "client_secret", label: "Client secret", level: "organization", secret: true, required: true },
    { key: "redirect_uri", label: "Redirect URI", level: "organization", secret: false, required: true },
    { key: "access_token", label: "Access token", level: "user", secret: true, required: false },
    { key: "refresh_token", label: "Refresh token", level: "user", secret: true, required: false },
  ],
  oauthConfigs: [{ ...seedConfig }],
  apis: [
    {
      name: "list-contacts",
      method: "GET",
      url: "https://api.acme.example/contacts?limit={{limit}}",
      headers: { Authorization: "Bearer {{access_token}}" },
      body: null,
      oauthConfig: "acme",
    },
  ],
};
