import { describe, expect, it } from "vitest";
import { suggestConfigFromMetadata } from "@/lib/oauth/discovery";
import { OAUTH_PROVIDER_PRESETS } from "@/lib/presets/oauth-providers";
import { CONTRACT_EXAMPLE } from "@/lib/testing/contract-example";
import type { AppDefinitionInput } from "@/lib/schemas/app-definition";
import {
  checkImportedDefinition,
  createAppFormSchema,
  createOAuthConfigFromDiscovery,
  createOAuthConfigFromPreset,
  findMissingSettings,
  findSettingUsages,
  isFieldPath,
  parseIssuePath,
  serializeDefinition,
  toFormPath,
  toFormValues,
} from "./app-form-model";
import { createBrowserUrlCheck } from "./browser-url-policy";

const STRICT_POLICY = { allowPrivateNetworks: false, allowedOrigins: [] };
const example = () => toFormValues(structuredClone(CONTRACT_EXAMPLE) as AppDefinitionInput);

function formIssues(values: unknown, policy = STRICT_POLICY) {
  const result = createAppFormSchema(policy).safeParse(values);
  return (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

describe("the App details form model", () => {
  it("round-trips the contract's example exactly", () => {
    expect(JSON.parse(serializeDefinition(example()))).toEqual(CONTRACT_EXAMPLE);
    expect(formIssues(example())).toEqual([]);
  });

  it("reports the developer's mistakes on the fields they typed them in", () => {
    const values = example();
    const config = values.oauthConfigs[0]!;
    config.linkUrl += "&prompt={{promt}}";
    config.requestBody = '{"code": "{{auth_code}}",';
    config.accessTokenPath = "$.[";
    values.settings[3]!.level = "organization";
    config.tokenUrl = "http://acme.example/token";
    values.apis[0]!.headers.push({ name: "authorization", value: "{{x" });
    const byPath = Object.fromEntries(formIssues(values).map((issue) => [issue.path, issue.message]));
    expect(byPath["oauthConfigs.0.linkUrl"]).toMatch(/Unknown name "promt"/);
    expect(byPath["oauthConfigs.0.requestBody"]).toMatch(/Unexpected end of JSON/);
    expect(byPath["oauthConfigs.0.accessTokenPath"]).toMatch(/position 3/);
    expect(byPath["oauthConfigs.0.accessTokenVariable"]).toMatch(/organization-level setting/);
    expect(byPath["oauthConfigs.0.tokenUrl"]).toBe("The URL must use https");
    expect(byPath["apis.0.headers.1.name"]).toMatch(/set twice/);
    expect(byPath["apis.0.headers.1.value"]).toMatch(/never closed/);
  });

  it("refuses, on the field it is in, a secret setting in the link URL and a placeholder in an API's host, as the server does", () => {
    const secretInLink = example();
    secretInLink.oauthConfigs[0]!.linkUrl += "&secret={{client_secret}}";
    const linkIssues = formIssues(secretInLink);
    expect(linkIssues.map((issue) => issue.path)).toEqual(["oauthConfigs.0.linkUrl"]);
    expect(linkIssues[0]!.message).toContain("{{client_secret}}");

    for (const url of ["https://{{tenant}}.acme.example/contacts", "{{base}}/contacts", "https://api.acme.example:{{port}}/contacts"]) {
      const placeholderInHost = example();
      placeholderInHost.apis[0]!.url = url;
      expect(formIssues(placeholderInHost).map((issue) => issue.path), url).toEqual(["apis.0.url"]);
    }
    // Placeholders in the path and query stay allowed, and a plain setting in the link URL too.
    const allowed = example();
    allowed.apis[0]!.url = "https://api.acme.example/contacts/{{id}}?limit={{limit}}";
    allowed.oauthConfigs[0]!.linkUrl += "&login_hint={{client_id}}";
    expect(formIssues(allowed)).toEqual([]);
  });

  it("follows the outbound policy: http only when private networks or the origin are allowed", () => {
    expect(createBrowserUrlCheck(STRICT_POLICY)("http://acme.example/x")).toBe("The URL must use https");
    expect(createBrowserUrlCheck(STRICT_POLICY)("https://localhost/x")).toMatch(/localhost/);
    expect(createBrowserUrlCheck(STRICT_POLICY)("https://user:pw@acme.example/")).toMatch(/user name/);
    expect(createBrowserUrlCheck({ allowPrivateNetworks: true, allowedOrigins: [] })("http://127.0.0.1:9/x")).toBeNull();
    expect(createBrowserUrlCheck({ allowPrivateNetworks: false, allowedOrigins: ["http://localhost:3000/"] })("http://localhost:3000/t")).toBeNull();
    expect(createBrowserUrlCheck({ allowPrivateNetworks: false, allowedOrigins: ["http://localhost:3000"] })("http://localhost:3001/t")).not.toBeNull();
  });

  it("maps the server's dotted paths onto header rows, keeping dots in header names", () => {
    const values = example();
    values.apis[0]!.headers.push({ name: "X-Api.Key", value: "" });
    expect(parseIssuePath("oauthConfigs.0.requestBody")).toEqual(["oauthConfigs", 0, "requestBody"]);
    expect(toFormPath(parseIssuePath("apis.0.headers.X-Api.Key"), values)).toEqual(["apis", 0, "headers", 1, "value"]);
    expect(toFormPath(parseIssuePath("apis.0.headers.Authorization"), values)).toEqual(["apis", 0, "headers", 0, "value"]);
    expect(isFieldPath(["oauthConfigs", 0, "requestBody"])).toBe(true);
    expect(isFieldPath(["apis", 0, "headers", 1, "value"])).toBe(true);
    expect(isFieldPath(["settings", 0, "colour"])).toBe(false);
    expect(isFieldPath([])).toBe(false);
  });

  it("names every place a setting is still used", () => {
    const values = example();
    expect(findSettingUsages(values, "client_id")).toEqual(['OAuth config "acme" › Link url', 'OAuth config "acme" › Request body']);
    expect(findSettingUsages(values, "access_token")).toEqual([
      'OAuth config "acme" › Access token variable name',
      'API "list-contacts" › Header "Authorization"',
    ]);
    values.oauthConfigs[0]!.clientAuthentication = "basic";
    expect(findSettingUsages(values, "client_secret")).toContain('OAuth config "acme" › Client authentication (HTTP Basic)');
  });

  it("knows which standard settings a preset still needs", () => {
    const notion = OAUTH_PROVIDER_PRESETS.find((preset) => preset.id === "notion")!;
    const config = createOAuthConfigFromPreset("notion", notion);
    expect(findMissingSettings(config, []).map((setting) => setting.key)).toEqual([
      "client_id",
      "client_secret",
      "redirect_uri",
      "access_token",
      "refresh_token",
    ]);
    expect(findMissingSettings(config, example().settings)).toEqual([]);
  });

  it("fills a config from an issuer's metadata that the form accepts once the settings it names are added", () => {
    const issuer = "https://login.provider.example";
    const discovered = suggestConfigFromMetadata(issuer, {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      revocation_endpoint: `${issuer}/revoke`,
      code_challenge_methods_supported: ["S256"],
      token_endpoint_auth_methods_supported: ["client_secret_post"],
      authorization_response_iss_parameter_supported: true,
    });
    if (!discovered.ok) throw new Error(discovered.message);
    const values = example();
    values.settings = values.settings.filter((setting) => setting.key !== "refresh_token");
    const config = createOAuthConfigFromDiscovery("login", discovered.config, values.settings);
    expect(config).toMatchObject({
      tokenUrl: `${issuer}/token`,
      revokeUrl: `${issuer}/revoke`,
      issuer,
      requireIss: true,
      pkce: true,
      clientAuthentication: "body",
      accessTokenVariable: "access_token",
      refreshTokenVariable: "refresh_token",
    });
    const missing = findMissingSettings(config, values.settings);
    expect(missing.map((setting) => setting.key)).toEqual(["refresh_token", "scope"]);
    values.settings.push(...missing);
    values.oauthConfigs = [config];
    values.apis = [];
    expect(formIssues(values)).toEqual([]);
  });

  it("checks imported JSON, and offers to load it when only rules are broken", () => {
    expect(checkImportedDefinition(JSON.stringify(CONTRACT_EXAMPLE), STRICT_POLICY)).toMatchObject({ ok: true, definition: CONTRACT_EXAMPLE });
    expect(checkImportedDefinition("{", STRICT_POLICY)).toMatchObject({ ok: false, message: /not valid JSON/ });

    const withUnknownField = structuredClone(CONTRACT_EXAMPLE) as Record<string, unknown>;
    withUnknownField.id = "abc";
    const unknown = checkImportedDefinition(JSON.stringify(withUnknownField), STRICT_POLICY);
    expect(unknown).toMatchObject({ ok: false, issues: [{ path: "id", message: 'Unknown field "id"' }], loadable: undefined });

    const withBadTemplate = structuredClone(CONTRACT_EXAMPLE);
    withBadTemplate.oauthConfigs[0]!.linkUrl += "&x={{nope}}";
    const broken = checkImportedDefinition(JSON.stringify(withBadTemplate), STRICT_POLICY);
    expect(broken).toMatchObject({ ok: false, issues: [{ path: "oauthConfigs.0.linkUrl" }] });
    expect(broken.ok === false && broken.loadable).toBeTruthy();
  });
});
