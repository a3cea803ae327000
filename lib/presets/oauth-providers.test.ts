import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { extractValue, renderFormFields, renderJsonTemplate, renderUrlTemplate, type TemplateValues } from "@/lib/oauth";
import { appDefinitionSchema, checkAppDefinition, type AppDefinitionInput } from "@/lib/schemas/app-definition";
import { CONTRACT_EXAMPLE } from "@/lib/testing/contract-example";
import { findOAuthProviderPreset, OAUTH_PROVIDER_PRESETS, PRESET_SETTINGS, type OAuthProviderPreset } from "./oauth-providers";

const SAMPLE_VALUES: TemplateValues = {
  client_id: "client-123",
  client_secret: "s3cret",
  redirect_uri: "https://gatehouse.example/v1/dev_oauth/callback",
  access_token: "at",
  refresh_token: "rt",
  state: "st",
  auth_code: "code-1",
};

function definitionWith(preset: OAuthProviderPreset): AppDefinitionInput {
  return {
    schemaVersion: 1,
    name: `${preset.label} app`,
    settings: structuredClone(CONTRACT_EXAMPLE.settings) as AppDefinitionInput["settings"],
    oauthConfigs: [{ name: preset.id, ...preset.config }],
    apis: [],
  };
}

function renderBody(preset: OAuthProviderPreset, template: string): Record<string, unknown> {
  return preset.config.requestFormat === "json"
    ? (renderJsonTemplate(template, SAMPLE_VALUES).value as Record<string, unknown>)
    : renderFormFields(template, SAMPLE_VALUES);
}

describe("OAuth provider presets", () => {
  it("cover the providers developers ask for", () => {
    const labels = OAUTH_PROVIDER_PRESETS.map((preset) => preset.label);
    for (const label of ["GitHub", "Google", "Microsoft", "Slack", "Notion", "Atlassian", "Salesforce", "HubSpot", "Dropbox", "Zoom", "Linear", "Asana"]) {
      expect(labels).toContain(label);
    }
    expect(new Set(OAUTH_PROVIDER_PRESETS.map((preset) => preset.id)).size).toBe(OAUTH_PROVIDER_PRESETS.length);
  });

  it("are written against the contract example's five settings", () => {
    expect(PRESET_SETTINGS).toEqual(CONTRACT_EXAMPLE.settings);
  });

  it.each(OAUTH_PROVIDER_PRESETS.map((preset) => [preset.label, preset] as const))(
    "%s passes checkAppDefinition and the schema with the standard settings",
    (_label, preset) => {
      const parsed = appDefinitionSchema.safeParse(definitionWith(preset));
      expect(parsed.error?.issues ?? []).toEqual([]);
      expect(checkAppDefinition(parsed.data!)).toEqual([]);
    },
  );

  it.each(OAUTH_PROVIDER_PRESETS.map((preset) => [preset.label, preset] as const))(
    "%s renders an https authorize URL that carries the state, and token bodies of its format",
    (_label, preset) => {
      const authorize = new URL(renderUrlTemplate(preset.config.linkUrl, SAMPLE_VALUES));
      expect(authorize.protocol).toBe("https:");
      expect(authorize.searchParams.get("state")).toBe("st");
      expect(authorize.searchParams.get("client_id")).toBe("client-123");
      expect(authorize.searchParams.get("redirect_uri")).toBe(SAMPLE_VALUES.redirect_uri);

      const exchange = renderBody(preset, preset.config.requestBody);
      expect(exchange).toMatchObject({ grant_type: "authorization_code", code: "code-1", redirect_uri: SAMPLE_VALUES.redirect_uri });
      const refresh = renderBody(preset, preset.config.refreshTokenBody!);
      expect(refresh).toMatchObject({ grant_type: "refresh_token", refresh_token: "rt" });
      // Basic authentication carries the credentials in the header, so they must not be in the bodies too.
      const isBasic = preset.config.clientAuthentication === "basic";
      for (const body of [exchange, refresh]) {
        expect("client_secret" in body).toBe(!isBasic);
      }
    },
  );

  it("keep each provider's particulars", () => {
    const config = (id: string) => findOAuthProviderPreset(id)!.config;
    // Slack's code exchange nests the user token under authed_user; its refresh answers at the top level.
    expect(config("slack").accessTokenPath).toBe("$..access_token");
    expect(config("slack").refreshTokenPath).toBe("$..refresh_token");
    for (const response of [{ authed_user: { access_token: "xoxp-1" } }, { access_token: "xoxp-1", authed_user: { id: "U1" } }]) {
      expect(extractValue(response, config("slack").accessTokenPath)).toEqual({ ok: true, value: "xoxp-1" });
    }
    expect(config("google").linkUrl).toContain("access_type=offline&prompt=consent");
    expect(config("atlassian").linkUrl).toContain("audience=api.atlassian.com");
    expect(config("atlassian").linkUrl).toContain("prompt=consent");
    expect(config("atlassian").requestFormat).toBe("json");
    expect(new URL(renderUrlTemplate(config("microsoft").linkUrl, SAMPLE_VALUES)).searchParams.get("scope")).toContain("offline_access");
    expect(config("notion")).toMatchObject({ requestFormat: "json", clientAuthentication: "basic" });
    expect(config("zoom").clientAuthentication).toBe("basic");
    expect(config("dropbox").linkUrl).toContain("token_access_type=offline");
    expect(config("salesforce").expiresInPath).toBeUndefined();
    expect(config("notion").expiresInPath).toBeUndefined();
  });

  it.each(OAUTH_PROVIDER_PRESETS.map((preset) => [preset.label, preset] as const))(
    "%s has a bundled SVG logo that loads nothing from elsewhere",
    (_label, preset) => {
      expect(preset.config.logoUrl).toBe(`/preset-logos/${preset.id}.svg`);
      const svg = readFileSync(path.join(process.cwd(), "public", preset.config.logoUrl!), "utf8");
      expect(svg.trimStart().startsWith("<svg")).toBe(true);
      // A drawn monogram: no hot-linked image, no script, no reference to another document.
      expect(svg).not.toMatch(/<image|<script|href=|url\(|@import/i);
      expect(svg.match(/https?:\/\/[^"]+/g) ?? []).toEqual(["http://www.w3.org/2000/svg"]);
    },
  );

  it("let a logo be a path on Gatehouse's own origin, but not one that leaves it", () => {
    const withLogo = (logoUrl: string) => {
      const definition = definitionWith(findOAuthProviderPreset("github")!);
      definition.oauthConfigs![0]!.logoUrl = logoUrl;
      return appDefinitionSchema.safeParse(definition).error?.issues.map((issue) => issue.path.join(".")) ?? [];
    };
    expect(withLogo("/preset-logos/github.svg")).toEqual([]);
    expect(withLogo("https://cdn.example/logo.png")).toEqual([]);
    for (const leaving of ["//evil.example/logo.png", "/\\evil.example/logo.png", "logo.png"]) {
      expect(withLogo(leaving)).toEqual(["oauthConfigs.0.logoUrl"]);
    }
  });
});
