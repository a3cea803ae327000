import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { PRESET_SETTINGS } from "../lib/presets/oauth-providers";
import { startOidcProvider, type OidcProviderHandle } from "./providers/oidc";
import { E2E_BASE_URL } from "./playwright.config";
import { addMember, signInWithPage, signUp } from "./support";

/**
 * Store trust in a real browser: a developer publishes a version 2 that would send each installer's client
 * secret to a server of their own. Installations keep running version 1 until an admin of the installing
 * organization reviews the upgrade, which names the new token host and the new use of client_secret.
 */

test.describe.configure({ mode: "serial" });

const CLIENT_SECRET = "e2e-trust-secret-Hx4";
let oidc: OidcProviderHandle;
let collector: { origin: string; received: string[]; close(): Promise<void> };

async function startCollector() {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push(body);
      res.writeHead(400, { "Content-Type": "application/json" }).end('{"error":"invalid_grant"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function trustApp(version: 1 | 2) {
  return {
    schemaVersion: 1,
    name: "Trusty Contacts",
    // A setting each user filled for themselves in version 1 becomes one the organization must answer in version 2.
    settings: [...PRESET_SETTINGS, { key: "tenant", label: "Tenant", level: version === 1 ? "user" : "organization", secret: false, required: version === 2 }],
    oauthConfigs: [
      {
        name: "oidc",
        linkUrl: `${oidc.authorizationEndpoint}?client_id={{client_id}}&response_type=code&redirect_uri={{redirect_uri}}&state={{state}}&scope=openid%20offline_access`,
        authCodePath: "$.code",
        accessTokenPath: "$.access_token",
        refreshTokenPath: "$.refresh_token",
        expiresInPath: "$.expires_in",
        accessTokenVariable: "access_token",
        refreshTokenVariable: "refresh_token",
        tokenUrl: oidc.tokenEndpoint,
        requestBody: '{"grant_type": "authorization_code", "code": "{{auth_code}}", "redirect_uri": "{{redirect_uri}}"}',
        requestFormat: "form",
        clientAuthentication: "basic",
        pkce: true,
        ...(version === 1
          ? { refreshTokenBody: '{"grant_type": "refresh_token", "refresh_token": {{refresh_token}}}' }
          : {
              refreshTokenUrl: `${collector.origin}/collect`,
              refreshTokenBody: '{"grant_type": "refresh_token", "refresh_token": {{refresh_token}}, "client_secret": {{client_secret}}}',
            }),
      },
    ],
    apis: [],
  };
}

test.beforeAll(async () => {
  oidc = await startOidcProvider({
    clients: [{ clientId: "gatehouse-trust", clientSecret: CLIENT_SECRET, redirectUris: [`${E2E_BASE_URL}/v1/dev_oauth/callback`], authMethod: "client_secret_basic" }],
  });
  collector = await startCollector();
});

test.afterAll(async () => {
  await collector?.close();
  await oidc?.close();
});

test("@store-trust a new version reaches an installation only after its admin reviews and accepts it", async ({ browser }) => {
  const developer = await signUp(E2E_BASE_URL, "developer", "Developer Org");
  const created = await developer.api.post(`/api/v1/organizations/${developer.organizationId}/apps`, { data: trustApp(1) });
  expect(created.status()).toBe(201);
  const { id: appId } = await created.json();
  expect(await (await developer.api.post(`/api/v1/apps/${appId}/publish`)).json()).toMatchObject({ version: 1 });

  const installer = await signUp(E2E_BASE_URL, "installer", "Installer Org");
  const installed = await installer.api.post(`/api/v1/organizations/${installer.organizationId}/installations`, {
    data: { appId, settings: { client_id: "gatehouse-trust", client_secret: CLIENT_SECRET, redirect_uri: `${E2E_BASE_URL}/v1/dev_oauth/callback` } },
  });
  expect(installed.status()).toBe(201);
  const { id: installationId } = await installed.json();
  const member = await addMember(E2E_BASE_URL, installer, "member");

  const memberPage = await browser.newPage({ baseURL: E2E_BASE_URL });
  await signInWithPage(memberPage, member, `/connect/${installationId}/oidc`);
  await memberPage.getByRole("button", { name: "Allow access" }).click();
  await memberPage.getByLabel("Login").fill("carol");
  await memberPage.getByRole("button", { name: "Sign in" }).click();
  await memberPage.getByRole("button", { name: "Allow" }).click();
  await expect(memberPage.getByRole("heading", { name: "Connected" })).toBeVisible();

  // The developer publishes the attack as version 2; refreshes keep going to the version 1 provider.
  expect((await developer.api.put(`/api/v1/apps/${appId}`, { data: trustApp(2) })).status()).toBe(200);
  expect(await (await developer.api.post(`/api/v1/apps/${appId}/publish`)).json()).toMatchObject({ version: 2 });
  // The App details page says who published each version.
  const developerPage = await browser.newPage({ baseURL: E2E_BASE_URL });
  await signInWithPage(developerPage, developer, `/apps/${appId}`);
  const published = developerPage.getByRole("list", { name: "Published versions" }).getByRole("listitem");
  await expect(published.filter({ hasText: "Version 2" })).toContainText("published by developer on");
  await developerPage.close();
  for (let round = 0; round < 2; round += 1) {
    const refreshed = await member.api.post(`/api/v1/installations/${installationId}/connections/oidc/refresh`);
    expect(await refreshed.json()).toMatchObject({ status: "connected" });
  }
  expect(collector.received).toEqual([]);

  // Members see nothing of the upgrade.
  await memberPage.goto(`/installations/${installationId}`);
  await expect(memberPage.getByRole("heading", { name: "Trusty Contacts" })).toBeVisible();
  await expect(memberPage.getByText("Version 2 of Trusty Contacts is available")).toHaveCount(0);

  // The installer reviews the changes and accepts.
  const adminPage = await browser.newPage({ baseURL: E2E_BASE_URL });
  await signInWithPage(adminPage, installer, `/installations/${installationId}`);
  await expect(adminPage.getByText("Version 2 of Trusty Contacts is available")).toBeVisible();
  await adminPage.getByRole("button", { name: "Review upgrade" }).click();
  const review = adminPage.getByRole("dialog", { name: "Upgrade Trusty Contacts to version 2" });
  const attention = review.getByRole("region", { name: "Needs your attention" });
  await expect(attention).toContainText("oauthConfigs.oidc.refreshTokenUrl");
  await expect(attention).toContainText(`to ${new URL(collector.origin).host}`);
  await expect(attention.getByRole("listitem").filter({ hasText: "oauthConfigs.oidc.refreshTokenBody" }).filter({ hasText: "Newly sends client_secret" })).toBeVisible();
  await expect(review).not.toContainText(CLIENT_SECRET);
  // The review asks for the setting version 2 now requires of the organization; accepting without it is refused at its field.
  await expect(review.getByRole("region", { name: "Organization settings to fill" }).getByLabel("Tenant")).toBeVisible();
  await review.getByRole("button", { name: "Accept" }).click();
  await expect(review.getByText("Tenant is required by version 2")).toBeVisible();
  await review.getByLabel("Tenant").fill("acme");
  await review.getByRole("button", { name: "Accept" }).click();
  await expect(adminPage.getByText("Version 2 of Trusty Contacts is available")).toHaveCount(0);
  expect(await (await installer.api.get(`/api/v1/installations/${installationId}`)).json()).toMatchObject({
    version: 2,
    upgrade: null,
    settings: { tenant: "acme" },
  });
  await adminPage.goto(`/organizations/${installer.organizationId}/activity`);
  const upgraded = adminPage.getByRole("list", { name: "Activity" }).getByRole("listitem").filter({ hasText: "upgraded an installation" });
  await expect(upgraded).toContainText("1 → 2");
  await expect(upgraded).toContainText("Trusty Contacts");

  // Only now does version 2 run.
  await member.api.post(`/api/v1/installations/${installationId}/connections/oidc/refresh`);
  expect(collector.received).toHaveLength(1);
  await memberPage.close();
  await adminPage.close();
});

test("@store-trust an install is refused when a new version was published after the installer viewed the app, and the page shows it", async ({ browser }) => {
  const developer = await signUp(E2E_BASE_URL, "developer", "Developer Org");
  const definition = { ...trustApp(1), name: "Racing Contacts" };
  const created = await developer.api.post(`/api/v1/organizations/${developer.organizationId}/apps`, { data: definition });
  const { id: appId } = await created.json();
  expect((await developer.api.post(`/api/v1/apps/${appId}/publish`)).status()).toBe(200);

  const installer = await signUp(E2E_BASE_URL, "installer", "Installer Org");
  const page = await browser.newPage({ baseURL: E2E_BASE_URL });
  await signInWithPage(page, installer, `/store/${appId}`);
  await expect(page.getByText("What installing version 1 agrees to")).toBeVisible();
  await page.getByRole("button", { name: "Install", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Install Racing Contacts" });
  await dialog.getByLabel("Client ID").fill("gatehouse-trust");
  await dialog.getByLabel("Client secret").fill(CLIENT_SECRET);

  // Meanwhile the developer publishes version 2.
  expect((await developer.api.put(`/api/v1/apps/${appId}`, { data: { ...definition, description: "Now different" } })).status()).toBe(200);
  expect(await (await developer.api.post(`/api/v1/apps/${appId}/publish`)).json()).toMatchObject({ version: 2 });

  await dialog.getByRole("button", { name: "Install", exact: true }).click();
  await expect(dialog.getByText("Racing Contacts changed since you viewed it")).toBeVisible();
  await expect(page.getByText("What installing version 2 agrees to")).toBeVisible();
  await dialog.getByRole("button", { name: "Install", exact: true }).click();
  await expect(page).toHaveURL(/\/installations\//);
  const installationId = new URL(page.url()).pathname.split("/")[2]!;
  expect(await (await installer.api.get(`/api/v1/installations/${installationId}`)).json()).toMatchObject({ version: 2 });
  await page.close();
});
