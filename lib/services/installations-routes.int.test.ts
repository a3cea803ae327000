import { describe, expect, it } from "vitest";
import { PUT as putApp } from "@/app/api/v1/apps/[appId]/route";
import { DELETE as uninstall, GET as getInstallation } from "@/app/api/v1/installations/[id]/route";
import { PATCH as patchSettings } from "@/app/api/v1/installations/[id]/settings/route";
import { POST as publish } from "@/app/api/v1/apps/[appId]/publish/route";
import { POST as createApp } from "@/app/api/v1/organizations/[orgId]/apps/route";
import { POST as install } from "@/app/api/v1/organizations/[orgId]/installations/route";
import { POST as addMember } from "@/app/api/v1/organizations/[orgId]/members/route";
import { listAuditEvents } from "@/lib/db/audit";
import { readSettingValues, writeSettingValues } from "@/lib/db/setting-values";
import { createPersonalAccessToken } from "@/lib/services/accounts";
import { loadOrganizationSettings } from "@/lib/services/installations";
import { callRoute, createTestAccount } from "@/lib/testing/api";
import { CONTRACT_EXAMPLE } from "@/lib/testing/contract-example";
import { useTestDatabase } from "@/lib/testing/test-database";

const db = useTestDatabase();

const CALLBACK_URL = "http://localhost:3000/v1/dev_oauth/callback";
const ANSWERS = { client_id: "b-client-id", client_secret: "b-very-secret-value", redirect_uri: CALLBACK_URL };

type Account = Awaited<ReturnType<typeof createTestAccount>>;

const issuePaths = (body: { error: { details: { issues: { path: string }[] } } }) =>
  body.error.details.issues.map((issue) => issue.path);

/** An app created by a developer organization, published unless asked otherwise. */
async function publishedApp(definition: unknown = CONTRACT_EXAMPLE, options: { publish?: boolean } = {}) {
  const developer = await createTestAccount("developer");
  const created = await callRoute(createApp, { token: developer.token, params: { orgId: developer.organizationId }, body: definition });
  expect(created.status).toBe(201);
  const appId = created.body.id as string;
  if (options.publish !== false) {
    expect((await callRoute(publish, { method: "POST", token: developer.token, params: { appId } })).status).toBe(200);
  }
  return { developer, appId };
}

function installAs(account: Account, organizationId: string, body: unknown) {
  return callRoute(install, { token: account.token, params: { orgId: organizationId }, body });
}

async function installedApp() {
  const { developer, appId } = await publishedApp();
  const installer = await createTestAccount("installer");
  const response = await installAs(installer, installer.organizationId, { appId, settings: ANSWERS });
  expect(response.status).toBe(201);
  return { developer, installer, appId, installationId: response.body.id as string };
}

async function addMemberTo(owner: Account, role: "member" | "admin") {
  const added = await callRoute(addMember, {
    token: owner.token,
    params: { orgId: owner.organizationId },
    body: { email: `${role}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`, password: "long enough", role },
  });
  expect(added.status).toBe(201);
  return { userId: added.body.userId as string, token: await createPersonalAccessToken(added.body.userId, "t") };
}

const countRows = (installationId: string) => db.get().prisma.settingValue.count({ where: { installationId } });

describe("installing an app", () => {
  it("installs another organization's published app and reads the secret back as ********", async () => {
    const { installer, appId, installationId } = await installedApp();
    const response = await callRoute(getInstallation, { token: installer.token, params: { id: installationId } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: installationId,
      appId,
      organizationId: installer.organizationId,
      settings: { client_id: "b-client-id", client_secret: "********", redirect_uri: CALLBACK_URL },
      version: 1,
      upgrade: null,
    });
    expect(JSON.stringify(response.body)).not.toContain(ANSWERS.client_secret);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses an install that leaves required settings empty, naming every missing one", async () => {
    const { appId } = await publishedApp();
    const installer = await createTestAccount("installer");
    const response = await installAs(installer, installer.organizationId, { appId, settings: { client_id: "x", client_secret: "   " } });
    expect(response.status).toBe(422);
    expect(issuePaths(response.body).sort()).toEqual(["settings.client_secret", "settings.redirect_uri"]);
    expect(response.body.error.details.issues.map((issue: { message: string }) => issue.message)).toEqual(
      expect.arrayContaining(["Client secret is required", "Redirect URI is required"]),
    );
    const nothing = await installAs(installer, installer.organizationId, { appId });
    expect(issuePaths(nothing.body).sort()).toEqual(["settings.client_id", "settings.client_secret", "settings.redirect_uri"]);
    expect(await db.get().prisma.installation.count({ where: { organizationId: installer.organizationId } })).toBe(0);
  });

  it("refuses keys that are not organization settings of the app, user-level tokens included", async () => {
    const { appId } = await publishedApp();
    const installer = await createTestAccount("installer");
    const response = await installAs(installer, installer.organizationId, {
      appId,
      settings: { ...ANSWERS, access_token: "planted", colour: "blue" },
    });
    expect(response.status).toBe(422);
    expect(issuePaths(response.body).sort()).toEqual(["settings.access_token", "settings.colour"]);
  });

  it("refuses to install the same app twice in one organization (409)", async () => {
    const { installer, appId } = await installedApp();
    const again = await installAs(installer, installer.organizationId, { appId, settings: ANSWERS });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain("already installed");
  });

  it("installs an app with no organization-level settings without asking anything", async () => {
    const { appId } = await publishedApp({
      schemaVersion: 1,
      name: "Ping",
      settings: [],
      oauthConfigs: [],
      apis: [{ name: "ping", method: "GET", url: "https://api.example.com/ping", headers: {}, body: null }],
    });
    const installer = await createTestAccount("installer");
    const response = await installAs(installer, installer.organizationId, { appId });
    expect(response.status).toBe(201);
    const view = await callRoute(getInstallation, { token: installer.token, params: { id: response.body.id } });
    expect(view.body.settings).toEqual({});
  });

  it("lets no one install an unpublished app: its own organization is told to publish (409), others get 404", async () => {
    const { developer, appId } = await publishedApp(CONTRACT_EXAMPLE, { publish: false });
    const own = await installAs(developer, developer.organizationId, { appId, settings: ANSWERS });
    expect(own.status).toBe(409);
    expect(own.body.error.message).toContain("Publish");
    const outsider = await createTestAccount("outsider");
    expect((await installAs(outsider, outsider.organizationId, { appId, settings: ANSWERS })).status).toBe(404);
    // Once published, its own organization installs it like anyone else.
    expect((await callRoute(publish, { method: "POST", token: developer.token, params: { appId } })).status).toBe(200);
    expect((await installAs(developer, developer.organizationId, { appId, settings: ANSWERS })).status).toBe(201);
  });
});

describe("who may do what", () => {
  it("lets a member read the installation but not install, change or uninstall (403)", async () => {
    const { installer, installationId } = await installedApp();
    const member = await addMemberTo(installer, "member");
    const asMember = { ...installer, token: member.token };

    const view = await callRoute(getInstallation, { token: member.token, params: { id: installationId } });
    expect(view.status).toBe(200);
    expect(view.body.settings.client_secret).toBe("********");

    const { appId: otherAppId } = await publishedApp();
    expect((await installAs(asMember, installer.organizationId, { appId: otherAppId, settings: ANSWERS })).status).toBe(403);
    const patch = await callRoute(patchSettings, { method: "PATCH", token: member.token, params: { id: installationId }, body: { client_id: "x" } });
    expect(patch.status).toBe(403);
    expect((await callRoute(uninstall, { method: "DELETE", token: member.token, params: { id: installationId } })).status).toBe(403);
    expect(await loadOrganizationSettings(installationId)).toEqual(ANSWERS);
  });

  it("lets an admin of the organization change settings", async () => {
    const { installer, installationId } = await installedApp();
    const admin = await addMemberTo(installer, "admin");
    const patch = await callRoute(patchSettings, { method: "PATCH", token: admin.token, params: { id: installationId }, body: { client_id: "by-admin" } });
    expect(patch.status).toBe(200);
    expect(patch.body.settings.client_id).toBe("by-admin");
  });

  it("shows a newer version's upgrade offer to owners and admins only: a plain member reads upgrade null", async () => {
    const { developer, installer, appId, installationId } = await installedApp();
    const member = await addMemberTo(installer, "member");
    const admin = await addMemberTo(installer, "admin");
    const edited = await callRoute(putApp, { method: "PUT", token: developer.token, params: { appId }, body: { ...CONTRACT_EXAMPLE, description: "Version 2" } });
    expect(edited.status).toBe(200);
    expect((await callRoute(publish, { method: "POST", token: developer.token, params: { appId } })).body).toMatchObject({ version: 2 });

    const viewAs = (token: string) => callRoute(getInstallation, { token, params: { id: installationId } });
    for (const token of [installer.token, admin.token]) {
      expect((await viewAs(token)).body).toMatchObject({ version: 1, upgrade: { version: 2 } });
    }
    const asMember = await viewAs(member.token);
    expect(asMember.status).toBe(200);
    expect(asMember.body).toMatchObject({ version: 1, upgrade: null });
  });

  it("answers 404 on every installation route to a user of a third organization, and changes nothing", async () => {
    const { developer, installer, appId, installationId } = await installedApp();
    const stranger = await createTestAccount("stranger");
    const params = { id: installationId };
    expect((await installAs(stranger, installer.organizationId, { appId, settings: ANSWERS })).status).toBe(404);
    expect((await callRoute(getInstallation, { token: stranger.token, params })).status).toBe(404);
    const patch = await callRoute(patchSettings, { method: "PATCH", token: stranger.token, params, body: { client_id: "hijacked" } });
    expect(patch.status).toBe(404);
    expect((await callRoute(uninstall, { method: "DELETE", token: stranger.token, params })).status).toBe(404);
    // The app's developers are strangers to their installers' installations too.
    expect((await callRoute(getInstallation, { token: developer.token, params })).status).toBe(404);
    expect((await loadOrganizationSettings(installationId)).client_id).toBe("b-client-id");
  });
});

describe("changing settings", () => {
  it("keeps a secret when it is omitted, sent empty or sent back masked, and replaces it when given", async () => {
    const { installer, installationId } = await installedApp();
    const send = (body: unknown) => callRoute(patchSettings, { method: "PATCH", token: installer.token, params: { id: installationId }, body });

    const omitted = await send({ client_id: "new-client-id" });
    expect(omitted.status).toBe(200);
    expect(omitted.body.settings).toEqual({ client_id: "new-client-id", client_secret: "********", redirect_uri: CALLBACK_URL });
    expect(await loadOrganizationSettings(installationId)).toEqual({ ...ANSWERS, client_id: "new-client-id" });

    expect((await send({ client_secret: "" })).status).toBe(200);
    expect((await send({ client_secret: "********", client_id: "new-client-id" })).status).toBe(200);
    expect((await loadOrganizationSettings(installationId)).client_secret).toBe(ANSWERS.client_secret);

    expect((await send({ client_secret: "rotated-secret" })).status).toBe(200);
    expect((await loadOrganizationSettings(installationId)).client_secret).toBe("rotated-secret");
  });

  it("refuses unknown keys and emptying a required value (422), changing nothing", async () => {
    const { installer, installationId } = await installedApp();
    const response = await callRoute(patchSettings, {
      method: "PATCH",
      token: installer.token,
      params: { id: installationId },
      body: { client_id: "", colour: "blue", access_token: "planted" },
    });
    expect(response.status).toBe(422);
    expect(issuePaths(response.body).sort()).toEqual(["access_token", "client_id", "colour"]);
    expect(await loadOrganizationSettings(installationId)).toEqual(ANSWERS);
  });

  it("clears an optional value sent empty", async () => {
    const definition = structuredClone(CONTRACT_EXAMPLE);
    definition.settings.push({ key: "tenant", label: "Tenant", level: "organization", secret: false, required: false });
    const { appId } = await publishedApp(definition);
    const installer = await createTestAccount("installer");
    const installed = await installAs(installer, installer.organizationId, { appId, settings: { ...ANSWERS, tenant: "eu" } });
    const id = installed.body.id as string;
    const cleared = await callRoute(patchSettings, { method: "PATCH", token: installer.token, params: { id }, body: { tenant: "" } });
    expect(cleared.status).toBe(200);
    expect(cleared.body.settings).not.toHaveProperty("tenant");
  });
});

describe("uninstalling", () => {
  it("deletes the installation with its stored values, every member's tokens included", async () => {
    const { installer, installationId } = await installedApp();
    await writeSettingValues(installationId, installer.userId, [{ key: "access_token", value: "user-token", isSecret: true }]);
    expect(await countRows(installationId)).toBe(4);

    const response = await callRoute(uninstall, { method: "DELETE", token: installer.token, params: { id: installationId } });
    expect(response.status).toBe(204);
    expect(await countRows(installationId)).toBe(0);
    expect((await callRoute(getInstallation, { token: installer.token, params: { id: installationId } })).status).toBe(404);
    expect((await callRoute(uninstall, { method: "DELETE", token: installer.token, params: { id: installationId } })).status).toBe(404);
  });
});

describe("the audit trail", () => {
  it("records who installed, changed and uninstalled, and which keys, never the values", async () => {
    const { installer, appId, installationId } = await installedApp();
    await callRoute(patchSettings, {
      method: "PATCH",
      token: installer.token,
      params: { id: installationId },
      body: { client_secret: "rotated-secret", client_id: ANSWERS.client_id },
    });
    // Sending everything back unchanged is not a change, and records nothing.
    await callRoute(patchSettings, { method: "PATCH", token: installer.token, params: { id: installationId }, body: { client_id: ANSWERS.client_id, client_secret: "" } });
    await callRoute(uninstall, { method: "DELETE", token: installer.token, params: { id: installationId } });

    const events = await listAuditEvents({ organizationId: installer.organizationId, installationId, limit: 10 });
    expect(events.map((event) => event.type)).toEqual(["installation.deleted", "installation.settings_changed", "installation.created"]);
    expect(events.every((event) => event.user?.id === installer.userId && event.user.email === installer.email)).toBe(true);
    expect(events[1]!.detail).toEqual({ keys: ["client_secret"] });
    expect(events[2]!.detail).toEqual({ appId, appName: "Acme CRM", version: 1, keys: ["client_id", "client_secret", "redirect_uri"] });
    const stored = JSON.stringify(await db.get().prisma.auditEvent.findMany({ where: { installationId } }));
    for (const value of [ANSWERS.client_id, ANSWERS.client_secret, "rotated-secret"]) expect(stored).not.toContain(value);
  });
});

describe("secret settings at rest", () => {
  it("stores a secret encrypted, bound to its row, so a ciphertext copied onto another row does not decrypt", async () => {
    const { installationId } = await installedApp();
    const prisma = db.get().prisma;
    const secretRow = await prisma.settingValue.findFirstOrThrow({ where: { installationId, userId: null, key: "client_secret" } });
    expect(secretRow.isEncrypted).toBe(true);
    expect(secretRow.value).not.toContain(ANSWERS.client_secret);
    const plainRow = await prisma.settingValue.findFirstOrThrow({ where: { installationId, userId: null, key: "client_id" } });
    expect(plainRow).toMatchObject({ value: ANSWERS.client_id, isEncrypted: false });

    await prisma.settingValue.update({ where: { id: plainRow.id }, data: { value: secretRow.value, isEncrypted: true } });
    await expect(readSettingValues(installationId, null, { keys: ["client_id"] })).rejects.toMatchObject({ name: "DecryptionError" });
    // The untouched row still opens: the failure is the binding, not the key.
    expect(await readSettingValues(installationId, null, { keys: ["client_secret"] })).toEqual({ client_secret: ANSWERS.client_secret });
  });
});
