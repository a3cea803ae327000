import { describe, expect, it } from "vitest";
import type { AppDefinition, OAuthConfigDefinition } from "@/lib/schemas/app-definition";
import { diffVersions, hostOf, listSecretDestinations } from "./version-changes";

const config = {
  name: "acme",
  linkUrl: "https://acme.example/authorize?client_id={{client_id}}&state={{state}}&scope=contacts.read",
  authCodePath: "$.code",
  accessTokenPath: "$.access_token",
  refreshTokenPath: "$.refresh_token",
  accessTokenVariable: "access_token",
  refreshTokenVariable: "refresh_token",
  tokenUrl: "https://acme.example/token",
  requestBody: '{"code": "{{auth_code}}", "client_secret": {{client_secret}}}',
  refreshTokenBody: '{"refresh_token": {{refresh_token}}}',
} as OAuthConfigDefinition;

const base = {
  schemaVersion: 1,
  name: "Acme",
  description: undefined,
  settings: [
    { key: "client_id", label: "Client ID", level: "organization", secret: false, required: true },
    { key: "client_secret", label: "Client secret", level: "organization", secret: true, required: true },
    { key: "access_token", label: "Access token", level: "user", secret: true, required: false },
    { key: "refresh_token", label: "Refresh token", level: "user", secret: true, required: false },
  ],
  oauthConfigs: [config],
  apis: [{ name: "contacts", method: "GET", url: "https://api.acme.example/contacts", headers: { Authorization: "Bearer {{access_token}}" }, body: null, oauthConfig: undefined }],
} as AppDefinition;

const withConfig = (changes: Partial<OAuthConfigDefinition>): AppDefinition => ({ ...base, oauthConfigs: [{ ...config, ...changes }] });
const changed = (after: AppDefinition) => diffVersions(base, after).filter((change) => change.kind !== "secret_use");

describe("hostOf", () => {
  it.each([
    ["https://acme.example/token", "acme.example"],
    ["http://127.0.0.1:4000/x?y=1", "127.0.0.1:4000"],
    ["https://user:pw@Acme.Example:8443/", "acme.example:8443"],
    ["https://{{tenant}}.acme.example/authorize", "{{tenant}}.acme.example"],
    ["{{base}}/token", null],
    [undefined, null],
  ])("%s → %s", (url, host) => expect(hostOf(url)).toBe(host));
});

describe("diffVersions", () => {
  it("finds nothing but the unchanged secret uses between equal definitions", () => {
    const changes = diffVersions(base, structuredClone(base));
    expect(changes.every((change) => change.kind === "secret_use")).toBe(true);
    expect(changes).toContainEqual({ kind: "secret_use", path: "oauthConfigs.acme.requestBody", before: "client_secret", after: "client_secret" });
    expect(changes).toContainEqual({ kind: "secret_use", path: "apis.contacts.headers.Authorization", before: "access_token", after: "access_token" });
  });

  it.each<[string, AppDefinition, unknown[]]>([
    [
      "a refresh URL moved to another host, with the client secret added to its body",
      withConfig({ refreshTokenUrl: "https://evil.example:8443/t", refreshTokenBody: '{"r": {{refresh_token}}, "s": {{client_secret}}}' }),
      [
        { kind: "url_host_changed", path: "oauthConfigs.acme.refreshTokenUrl", before: "acme.example", after: "evil.example:8443" },
        { kind: "secret_use_added", path: "oauthConfigs.acme.refreshTokenBody", before: null, after: "refresh_token" },
        { kind: "secret_use_added", path: "oauthConfigs.acme.refreshTokenBody", before: null, after: "client_secret" },
      ],
    ],
    [
      "the token URL's port changed, so the code exchange's secret goes elsewhere",
      withConfig({ tokenUrl: "https://acme.example:444/token" }),
      [
        { kind: "url_host_changed", path: "oauthConfigs.acme.tokenUrl", before: "acme.example", after: "acme.example:444" },
        { kind: "url_host_changed", path: "oauthConfigs.acme.refreshTokenUrl", before: "acme.example", after: "acme.example:444" },
        { kind: "secret_use_added", path: "oauthConfigs.acme.requestBody", before: null, after: "client_secret" },
        { kind: "secret_use_added", path: "oauthConfigs.acme.refreshTokenBody", before: null, after: "refresh_token" },
      ],
    ],
    [
      "a scope added and one removed",
      withConfig({ linkUrl: config.linkUrl.replace("contacts.read", "contacts.write%20deals.read") }),
      [
        { kind: "scope_added", path: "oauthConfigs.acme.scopes", before: null, after: "contacts.write" },
        { kind: "scope_added", path: "oauthConfigs.acme.scopes", before: null, after: "deals.read" },
        { kind: "scope_removed", path: "oauthConfigs.acme.scopes", before: "contacts.read", after: null },
      ],
    ],
    [
      "a new API that sends the user's token to a new host",
      { ...base, apis: [...base.apis, { name: "export", method: "POST", url: "https://collect.example/in", headers: { "X-Token": "{{access_token}}" }, body: null, oauthConfig: undefined }] },
      [
        { kind: "url_added", path: "apis.export.url", before: null, after: "collect.example" },
        { kind: "secret_use_added", path: "apis.export.headers.X-Token", before: null, after: "access_token" },
      ],
    ],
    [
      "settings added, removed, and changed in level and secrecy",
      {
        ...base,
        settings: [
          { key: "client_id", label: "Client ID", level: "user", secret: false, required: true },
          { key: "client_secret", label: "Client secret", level: "organization", secret: false, required: true },
          base.settings[2]!,
          base.settings[3]!,
          { key: "tenant", label: "Tenant", level: "organization", secret: false, required: true },
        ],
      },
      [
        { kind: "setting_level_changed", path: "settings.client_id", before: "organization", after: "user" },
        { kind: "setting_secret_changed", path: "settings.client_secret", before: true, after: false },
        { kind: "setting_added", path: "settings.tenant", before: null, after: { level: "organization", secret: false, required: true } },
      ],
    ],
    [
      "HTTP Basic client authentication switched on",
      withConfig({ clientAuthentication: "basic" }),
      [{ kind: "secret_use_added", path: "oauthConfigs.acme.clientAuthentication", before: null, after: "client_secret" }],
    ],
  ])("%s", (_title, after, expected) => {
    expect(changed(after)).toEqual(expected);
  });

  it("lists a removed setting", () => {
    const after = { ...base, settings: base.settings.filter((setting) => setting.key !== "client_id") };
    expect(changed(after)).toContainEqual({
      kind: "setting_removed",
      path: "settings.client_id",
      before: { level: "organization", secret: false, required: true },
      after: null,
    });
  });
});

describe("listSecretDestinations", () => {
  it("names each host with the organization's secrets and the users' tokens it receives", () => {
    expect(listSecretDestinations(base)).toEqual([
      { host: "acme.example", organizationSecrets: ["client_secret"], userSecrets: ["refresh_token"] },
      { host: "api.acme.example", organizationSecrets: [], userSecrets: ["access_token"] },
    ]);
  });
});
