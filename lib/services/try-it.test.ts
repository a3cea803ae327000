import { describe, expect, it } from "vitest";
import type { ApiDefinition } from "@/lib/schemas/app-definition";
import { listApiParams } from "@/lib/oauth/api-params";
import { maskLiteralQueryValues } from "./try-it";

const settings = [
  { key: "client_id", label: "Client ID", level: "organization" as const, secret: false, required: true },
  { key: "access_token", label: "Access token", level: "user" as const, secret: true, required: false },
];

describe("listApiParams", () => {
  it("lists the names that are neither settings nor built-ins, once each, in order of first use", () => {
    const api: ApiDefinition = {
      name: "search",
      method: "POST",
      url: "https://api.example/{{workspace}}/search?q={{query}}&client={{client_id}}",
      headers: { Authorization: "Bearer {{access_token}}", "X-Trace": "{{trace_id}}" },
      body: '{"query": "{{query}}", "state": "{{state}}"}',
      oauthConfig: undefined,
    };
    expect(listApiParams(api, settings.map((setting) => setting.key))).toEqual(["workspace", "query", "trace_id"]);
  });
});

describe("maskLiteralQueryValues", () => {
  it("keeps placeholders and masks literal values, which could be keys", () => {
    expect(maskLiteralQueryValues("https://api.example/v1/items?api_key=sk_live_123&limit={{limit}}&flag")).toBe(
      "https://api.example/v1/items?api_key=…&limit={{limit}}&flag",
    );
    expect(maskLiteralQueryValues("https://api.example/v1/items")).toBe("https://api.example/v1/items");
  });
});
