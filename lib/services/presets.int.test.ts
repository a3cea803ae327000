import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startQuirksProvider, type QuirksHandle, type QuirksProvider } from "@/e2e/providers/quirks";
import { POST as invokeRoute } from "@/app/api/v1/installations/[id]/apis/[apiName]/invoke/route";
import { POST as refreshRoute } from "@/app/api/v1/installations/[id]/connections/[configName]/refresh/route";
import { GET as callbackRoute } from "@/app/v1/dev_oauth/callback/route";
import { readUserState } from "@/lib/db/connections";
import { resetEnvForTesting } from "@/lib/env";
import { findOAuthProviderPreset, PRESET_SETTINGS } from "@/lib/presets/oauth-providers";
import { callRoute } from "@/lib/testing/api";
import { callRouteRaw } from "@/lib/testing/fuzz";
import { installAppForTest } from "@/lib/testing/installed-app";
import { useTestDatabase } from "@/lib/testing/test-database";
import { getCallbackUrl, startConnect } from "./connect";

/**
 * The provider presets as a developer picks them, proven end to end: each preset's config, unchanged but
 * for its provider's origin, pointed at the quirks provider playing that provider (GitHub's form-encoded
 * answers, Slack's tokens under authed_user, Notion's JSON body with Basic client authentication,
 * Salesforce's answers without expires_in and refreshes without a new refresh token), connected through the
 * real callback route, invoked, and refreshed.
 */

process.env.OUTBOUND_ALLOW_PRIVATE_NETWORKS = "true";
process.env.RATE_LIMIT_DISABLED = "true";
resetEnvForTesting();

useTestDatabase();
let quirks: QuirksHandle;

beforeAll(async () => {
  quirks = await startQuirksProvider();
});
afterAll(async () => {
  await quirks?.close();
});

// Everything before the query is the provider's own endpoint; the preset's query is kept as written.
const moveEndpoint = (template: string, to: string) => template.replace(/^https:\/\/[^?]+/, to);

function definitionFrom(presetId: string, flavour: QuirksProvider) {
  const preset = findOAuthProviderPreset(presetId)!;
  const { config } = preset;
  return {
    schemaVersion: 1,
    name: `${preset.label} app`,
    settings: PRESET_SETTINGS,
    oauthConfigs: [
      {
        ...config,
        name: presetId,
        linkUrl: moveEndpoint(config.linkUrl, quirks.url(flavour, "authorize")),
        tokenUrl: quirks.url(flavour, "token"),
        ...(config.refreshTokenUrl ? { refreshTokenUrl: quirks.url(flavour, "token") } : {}),
      },
    ],
    apis: [
      { name: "me", method: "GET", url: `${quirks.url(flavour, "api")}/me`, headers: { Authorization: "Bearer {{access_token}}" }, body: null, oauthConfig: presetId },
    ],
  };
}

const PRESETS: { id: string; flavour: QuirksProvider; expiresKnown: boolean }[] = [
  { id: "github", flavour: "github", expiresKnown: true },
  { id: "slack", flavour: "slack", expiresKnown: true },
  { id: "notion", flavour: "notion", expiresKnown: false },
  { id: "salesforce", flavour: "salesforce", expiresKnown: false },
];

describe.each(PRESETS)("the $id preset", ({ id, flavour, expiresKnown }) => {
  it("connects through the callback route, invokes, and refreshes against its provider's quirks", async () => {
    const installed = await installAppForTest(definitionFrom(id, flavour), {
      client_id: "quirks-client",
      client_secret: "quirks-secret",
      redirect_uri: getCallbackUrl(),
    });
    const { userId, token, installationId } = installed;

    const authorizeUrl = await startConnect(userId, installationId, id);
    const redirect = await fetch(authorizeUrl, { redirect: "manual" });
    expect(redirect.status).toBe(302);
    const back = new URL(redirect.headers.get("location")!);
    expect(`${back.origin}${back.pathname}`).toBe(getCallbackUrl());
    const callback = await callRouteRaw(callbackRoute as never, { method: "GET", url: `/v1/dev_oauth/callback${back.search}`, token });
    expect(callback.status).toBe(303);
    expect(new URL(callback.headers.get("location")!, "http://localhost").searchParams.get("outcome")).toBe("connected");

    const exchange = quirks.requests.filter((record) => record.provider === flavour && record.endpoint === "token").at(-1)!;
    expect(exchange).toMatchObject({ grantType: "authorization_code", status: 200 });
    const first = await readUserState(installationId, userId);
    expect(first.values.access_token).toBeTruthy();
    expect(first.values.refresh_token).toBeTruthy();
    expect(first.connections[0]!.expiresAt !== null).toBe(expiresKnown);

    const invoked = await callRoute(invokeRoute, { token, params: { id: installationId, apiName: "me" }, body: {} });
    expect(invoked.status).toBe(200);
    expect(invoked.body).toMatchObject({ status: 200, body: { provider: flavour, path: "/me" } });

    // Two forced refreshes: a rotating provider's new refresh token, or Salesforce's kept one, must work again.
    for (let round = 0; round < 2; round += 1) {
      const before = await readUserState(installationId, userId);
      const refreshed = await callRoute(refreshRoute, { method: "POST", token, params: { id: installationId, configName: id } });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.status).toBe("connected");
      const after = await readUserState(installationId, userId);
      expect(after.values.access_token).not.toBe(before.values.access_token);
      expect(after.values.refresh_token).toBeTruthy();
    }
    const refreshes = quirks.requests.filter((record) => record.provider === flavour && record.endpoint === "token" && record.grantType === "refresh_token");
    expect(refreshes.slice(-2).map((record) => record.status)).toEqual([200, 200]);

    const again = await callRoute(invokeRoute, { token, params: { id: installationId, apiName: "me" }, body: {} });
    expect(again.body).toMatchObject({ status: 200, body: { provider: flavour } });
  });
});

it("sends each preset's token requests the way its provider wants them", () => {
  const exchanges = (flavour: string) => quirks.requests.filter((record) => record.provider === flavour && record.endpoint === "token");
  for (const record of exchanges("notion")) expect(record).toMatchObject({ clientAuthentication: "basic", contentType: expect.stringMatching(/^application\/json/) });
  for (const flavour of ["github", "slack", "salesforce"]) {
    for (const record of exchanges(flavour)) {
      expect(record).toMatchObject({ clientAuthentication: "body", contentType: expect.stringMatching(/^application\/x-www-form-urlencoded/) });
    }
  }
  expect(exchanges("notion").length).toBeGreaterThan(0);
});
