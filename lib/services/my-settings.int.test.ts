import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startQuirksProvider, type QuirksHandle } from "@/e2e/providers/quirks";
import { POST as invokeRoute } from "@/app/api/v1/installations/[id]/apis/[apiName]/invoke/route";
import { GET as getMySettingsRoute, PATCH as patchMySettings } from "@/app/api/v1/installations/[id]/my-settings/route";
import { POST as addMember } from "@/app/api/v1/organizations/[orgId]/members/route";
import { listAuditEvents } from "@/lib/db/audit";
import { resetEnvForTesting } from "@/lib/env";
import { PRESET_SETTINGS } from "@/lib/presets/oauth-providers";
import { createPersonalAccessToken } from "@/lib/services/accounts";
import { callRoute } from "@/lib/testing/api";
import { installAppForTest } from "@/lib/testing/installed-app";
import { useTestDatabase } from "@/lib/testing/test-database";
import { completeConnect, getCallbackUrl, startConnect } from "./connect";

/**
 * A member's own user-level settings that are not tokens, through PATCH and GET /my-settings, reaching a
 * real upstream (the quirks provider's API on loopback) when they invoke, and a 409 naming a missing one.
 */

process.env.OUTBOUND_ALLOW_PRIVATE_NETWORKS = "true";
process.env.RATE_LIMIT_DISABLED = "true";
resetEnvForTesting();

const db = useTestDatabase();
let quirks: QuirksHandle;

beforeAll(async () => {
  quirks = await startQuirksProvider();
});
afterAll(async () => {
  await quirks?.close();
});

function definition() {
  return {
    schemaVersion: 1,
    name: "Workspaces",
    settings: [
      ...PRESET_SETTINGS,
      { key: "workspace_id", label: "Workspace ID", level: "user", secret: false, required: true },
      { key: "workspace_key", label: "Workspace key", level: "user", secret: true, required: false },
      { key: "region", label: "Region", level: "user", secret: false, required: false },
    ],
    oauthConfigs: [
      {
        name: "main",
        linkUrl: `${quirks.url("salesforce", "authorize")}?client_id={{client_id}}&redirect_uri={{redirect_uri}}&state={{state}}`,
        authCodePath: "$.code",
        accessTokenPath: "$.access_token",
        refreshTokenPath: "$.refresh_token",
        accessTokenVariable: "access_token",
        refreshTokenVariable: "refresh_token",
        tokenUrl: quirks.url("salesforce", "token"),
        requestBody:
          '{"grant_type": "authorization_code", "code": "{{auth_code}}", "redirect_uri": "{{redirect_uri}}", "client_id": "{{client_id}}", "client_secret": "{{client_secret}}"}',
        requestFormat: "form",
      },
    ],
    apis: [
      {
        name: "items",
        method: "GET",
        url: `${quirks.url("salesforce", "api")}/workspaces/{{workspace_id}}/items`,
        headers: { Authorization: "Bearer {{access_token}}", "X-Workspace": "{{workspace_id}}" },
        body: null,
        oauthConfig: "main",
      },
      {
        name: "by-region",
        method: "GET",
        url: `${quirks.url("salesforce", "api")}/regions/{{region}}`,
        headers: { Authorization: "Bearer {{access_token}}" },
        body: null,
        oauthConfig: "main",
      },
    ],
  };
}

/** The app installed by an owner, and a plain member of that organization who connects their own account. */
async function connectedMember() {
  const installed = await installAppForTest(definition(), { client_id: "quirks-client", client_secret: "quirks-secret", redirect_uri: getCallbackUrl() });
  const added = await callRoute(addMember, {
    token: installed.token,
    params: { orgId: installed.organizationId },
    body: { email: `member-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`, password: "long enough", role: "member" },
  });
  expect(added.status).toBe(201);
  const member = { userId: added.body.userId as string, token: await createPersonalAccessToken(added.body.userId, "t") };
  const authorizeUrl = await startConnect(member.userId, installed.installationId, "main");
  const redirect = await fetch(authorizeUrl, { redirect: "manual" });
  const callback = new URL(redirect.headers.get("location")!);
  expect((await completeConnect(member.userId, Object.fromEntries(callback.searchParams))).outcome).toBe("connected");
  return { installed, member, installationId: installed.installationId };
}

const invoke = (token: string, installationId: string, apiName: string, params: Record<string, string> = {}) =>
  callRoute(invokeRoute, { token, params: { id: installationId, apiName }, body: { params } });
const patch = (token: string, installationId: string, values: Record<string, unknown>) =>
  callRoute(patchMySettings, { method: "PATCH", token, params: { id: installationId }, body: { values } });

describe("a member's own non-token settings", () => {
  it("answers 409 naming a missing required one, then sends the filled workspace id to the upstream in the URL and a header", async () => {
    const { member, installationId } = await connectedMember();
    const callsBefore = quirks.apiCalls.length;

    const missing = await invoke(member.token, installationId, "items");
    expect(missing.status).toBe(409);
    expect(missing.body.error).toMatchObject({ code: "conflict", details: { missingSettings: [{ key: "workspace_id", label: "Workspace ID" }] } });
    expect(missing.body.error.message).toContain("Workspace ID (workspace_id)");
    // Not even a caller's param stands in for the member's setting, and nothing reached the upstream.
    expect((await invoke(member.token, installationId, "items", { workspace_id: "from-a-param" })).status).toBe(409);
    expect(quirks.apiCalls.length).toBe(callsBefore);

    const saved = await patch(member.token, installationId, { workspace_id: "ws 42/x" });
    expect(saved.status).toBe(200);
    expect(saved.body.values).toEqual({ workspace_id: "ws 42/x" });

    // The 409 above cached the member's state; the write must have told that cache.
    const result = await invoke(member.token, installationId, "items");
    expect(result.status).toBe(200);
    expect(result.body.status).toBe(200);
    expect(quirks.apiCalls.at(-1)).toMatchObject({ provider: "salesforce", path: "/workspaces/ws%2042%2Fx/items" });
    expect(result.body.body).toMatchObject({ workspace: "ws 42/x" });
  });

  it("asks for an optional one only when the API uses it", async () => {
    const { member, installationId } = await connectedMember();
    expect((await patch(member.token, installationId, { workspace_id: "w1" })).status).toBe(200);
    const missing = await invoke(member.token, installationId, "by-region");
    expect(missing.status).toBe(409);
    expect(missing.body.error.details.missingSettings).toEqual([{ key: "region", label: "Region" }]);
    expect((await invoke(member.token, installationId, "items")).status).toBe(200);
    expect((await patch(member.token, installationId, { region: "eu" })).status).toBe(200);
    const result = await invoke(member.token, installationId, "by-region");
    expect(result.body.body).toMatchObject({ path: "/regions/eu" });
  });

  it("refuses a token variable, an organization setting and an unknown key with a 422 naming each, and writes nothing", async () => {
    const { member, installationId } = await connectedMember();
    const rowsBefore = await db.get().prisma.settingValue.findMany({ where: { installationId, userId: member.userId }, orderBy: { key: "asc" } });
    const refused = await patch(member.token, installationId, {
      workspace_id: "w1",
      access_token: "forged",
      client_secret: "mine now",
      nonsense: "x",
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("validation_failed");
    const issues = refused.body.error.details.issues as { path: string; message: string }[];
    expect(issues.map((issue) => issue.path).sort()).toEqual(["values.access_token", "values.client_secret", "values.nonsense"]);
    expect(issues.find((issue) => issue.path === "values.access_token")!.message).toContain("token");
    const rowsAfter = await db.get().prisma.settingValue.findMany({ where: { installationId, userId: member.userId }, orderBy: { key: "asc" } });
    expect(rowsAfter).toEqual(rowsBefore);

    const notText = await patch(member.token, installationId, { workspace_id: 42 });
    expect(notText.status).toBe(422);
  });

  it("stores a secret encrypted, reads it back masked, keeps it when sent back as the mask, and records who changed what", async () => {
    const { member, installed, installationId } = await connectedMember();
    expect((await patch(member.token, installationId, { workspace_id: "w1", workspace_key: "k-very-secret" })).status).toBe(200);
    const row = await db.get().prisma.settingValue.findFirst({ where: { installationId, userId: member.userId, key: "workspace_key" } });
    expect(row).toMatchObject({ isEncrypted: true });
    expect(row!.value).not.toContain("k-very-secret");

    const read = await callRoute(getMySettingsRoute, { token: member.token, params: { id: installationId } });
    expect(read.status).toBe(200);
    expect(read.body.values).toEqual({ workspace_id: "w1", workspace_key: "********" });
    expect(read.body.settings.map((setting: { key: string }) => setting.key)).toEqual(["workspace_id", "workspace_key", "region"]);
    expect(JSON.stringify(read.body)).not.toContain("k-very-secret");

    expect((await patch(member.token, installationId, { workspace_key: "********" })).status).toBe(200);
    const unchanged = await db.get().prisma.settingValue.findFirst({ where: { installationId, userId: member.userId, key: "workspace_key" } });
    expect(unchanged!.value).toBe(row!.value);

    // Each member's values are their own: the owner sees none of the member's.
    const ownerView = await callRoute(getMySettingsRoute, { token: installed.token, params: { id: installationId } });
    expect(ownerView.body.values).toEqual({});

    const events = await listAuditEvents({ organizationId: installed.organizationId, installationId, limit: 20 });
    const changed = events.filter((event) => event.type === "installation.user_settings_changed");
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ detail: { keys: ["workspace_id", "workspace_key"] } });
    expect(JSON.stringify(changed)).not.toContain("k-very-secret");
  });

  it("answers 404 to someone outside the organization", async () => {
    const { installationId } = await connectedMember();
    const outsider = await installAppForTest(definition(), { client_id: "c", client_secret: "s", redirect_uri: getCallbackUrl() });
    expect((await patch(outsider.token, installationId, { workspace_id: "w" })).status).toBe(404);
    expect((await callRoute(getMySettingsRoute, { token: outsider.token, params: { id: installationId } })).status).toBe(404);
  });
});
