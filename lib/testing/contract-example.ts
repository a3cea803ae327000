/** The app definition example of CONTRACT.md, verbatim: the tests build, export and import exactly this. */
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
  oauthConfigs: [
    {
      name: "acme",
      linkUrl:
        "https://acme.example/authorize?client_id={{client_id}}&response_type=code&redirect_uri={{redirect_uri}}&state={{state}}&scope=contacts.read",
      authCodePath: "$.code",
      accessTokenPath: "$.access_token",
      refreshTokenPath: "$.refresh_token",
      expiresInPath: "$.expires_in",
      accessTokenVariable: "access_token",
      refreshTokenVariable: "refresh_token",
      tokenUrl: "https://acme.example/token",
      requestBody:
        '{"grant_type": "authorization_code", "redirect_uri": "{{redirect_uri}}", "code": "{{auth_code}}", "client_id": {{client_id}}, "client_secret": {{client_secret}}}',
      requestFormat: "json",
      clientAuthentication: "body",
      refreshTokenUrl: "https://acme.example/token",
      refreshTokenBody: '{"refresh_token": {{refresh_token}}, "grant_type": "refresh_token"}',
      pkce: false,
      logoUrl: "https://acme.example/logo.png",
    },
  ],
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
