import { describe, expect, it } from "vitest";
import { renderJsonTemplate, renderUrlTemplate } from "@/lib/oauth";
import { appDefinitionSchema, checkAppDefinition } from "@/lib/schemas/app-definition";
import { PRESET_SETTINGS } from "./oauth-providers";
import { createSandboxPreset, SANDBOX_CREDENTIALS } from "./sandbox";

describe("the Sandbox preset", () => {
  const preset = createSandboxPreset("https://gatehouse.example/sandbox", "https://gatehouse.example/sandbox-logo.svg");

  it("makes a config that passes the schema and checkAppDefinition with the standard settings", () => {
    const parsed = appDefinitionSchema.safeParse({
      schemaVersion: 1,
      name: "Notes",
      settings: PRESET_SETTINGS,
      oauthConfigs: [{ name: "sandbox", ...preset.config }],
      apis: [],
    });
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(checkAppDefinition(parsed.data!)).toEqual([]);
  });

  it("points at the given sandbox and sends the JSON token request the sandbox expects", () => {
    const values = { client_id: SANDBOX_CREDENTIALS.clientId, client_secret: SANDBOX_CREDENTIALS.clientSecret, redirect_uri: "https://gatehouse.example/cb", state: "st", auth_code: "c1", refresh_token: "rt" };
    const authorize = new URL(renderUrlTemplate(preset.config.linkUrl, values));
    expect(`${authorize.origin}${authorize.pathname}`).toBe("https://gatehouse.example/sandbox/oauth/authorize");
    expect(authorize.searchParams.get("client_id")).toBe("gatehouse-sandbox");
    expect(preset.config.tokenUrl).toBe("https://gatehouse.example/sandbox/oauth/token");
    expect(renderJsonTemplate(preset.config.requestBody, values).value).toEqual({
      grant_type: "authorization_code",
      redirect_uri: "https://gatehouse.example/cb",
      code: "c1",
      client_id: "gatehouse-sandbox",
      client_secret: "sandbox-secret",
    });
    expect(preset.notes).toContain("sandbox-secret");
  });
});
