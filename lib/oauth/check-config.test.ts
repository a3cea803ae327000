import { describe, expect, it } from "vitest";

import { checkOAuthConfig } from "./check-config";
import { SEED_OAUTH_CONFIG, SEED_SETTING_KEYS } from "./seed-config.fixture";

describe("checkOAuthConfig", () => {
  it("accepts the contract's example config", () => {
    expect(checkOAuthConfig(SEED_OAUTH_CONFIG, SEED_SETTING_KEYS)).toEqual([]);
  });

  it("names an unknown template name, its field and where it stands", () => {
    const config = {
      ...SEED_OAUTH_CONFIG,
      linkUrl: "https://acme.example/authorize?client_id={{client_id}}&tenant={{tenant}}",
      requestBody: '{\n  "code": "{{auth_code}}",\n  "audience": {{audience}}\n}',
    };
    expect(checkOAuthConfig(config, SEED_SETTING_KEYS)).toEqual([
      { field: "linkUrl", name: "tenant", line: 1, column: 63, message: 'linkUrl: Unknown name "tenant" at line 1, column 63' },
      { field: "requestBody", name: "audience", line: 3, column: 15, message: 'requestBody: Unknown name "audience" at line 3, column 15' },
    ]);
  });

  it("reports a body that is not JSON, or not flat enough for a form", () => {
    expect(checkOAuthConfig({ ...SEED_OAUTH_CONFIG, refreshTokenBody: '{"refresh_token": {{refresh_token}},}' }, SEED_SETTING_KEYS)).toEqual([
      expect.objectContaining({ field: "refreshTokenBody", line: 1, column: 37 }),
    ]);
    const nested = { ...SEED_OAUTH_CONFIG, requestFormat: "form" as const, requestBody: '{"a": {"b": 1}}' };
    expect(checkOAuthConfig(nested, SEED_SETTING_KEYS)).toEqual([expect.objectContaining({ field: "requestBody", line: 1, column: 7 })]);
  });

  it("reports malformed braces once, without a JSON complaint on top", () => {
    const issues = checkOAuthConfig({ ...SEED_OAUTH_CONFIG, requestBody: '{"code": "{{auth_code"}' }, SEED_SETTING_KEYS);
    expect(issues).toEqual([expect.objectContaining({ field: "requestBody", message: expect.stringContaining("never closed") })]);
  });

  it("reports an invalid JSONPath", () => {
    expect(checkOAuthConfig({ ...SEED_OAUTH_CONFIG, accessTokenPath: "$..[?(@.token)]" }, SEED_SETTING_KEYS)).toEqual([
      expect.objectContaining({ field: "accessTokenPath", message: expect.stringContaining("Filter and script expressions") }),
    ]);
  });

  it("reports a token variable that is not a setting", () => {
    expect(checkOAuthConfig({ ...SEED_OAUTH_CONFIG, accessTokenVariable: "token" }, SEED_SETTING_KEYS)).toEqual([
      { field: "accessTokenVariable", message: 'accessTokenVariable: "token" is not one of the app\'s setting keys' },
    ]);
  });
});
