import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { PRESET_SETTINGS } from "../lib/presets/oauth-providers";
import { startOidcProvider, type OidcProviderHandle } from "./providers/oidc";
import { startQuirksProvider, type QuirksHandle } from "./providers/quirks";
import { E2E_BASE_URL, E2E_PORT, POSTGRES_PORTS } from "./playwright.config";
import { addMember, publishAndInstall, signInWithPage, signUp } from "./support";

/**
 * The consent flow in a real browser: the branded landing page, a real authorization server (PKCE,
 * client_secret_basic, form bodies), the callback, and the error pages. The secrets that pass through are
 * collected, and the last test checks that the server log holds none of them.
 */

test.describe.configure({ mode: "serial" });

const CLIENT_SECRET = "e2e-oidc-secret-Zq8";
const SEED_SECRET = 'seed-"secret"\\with-ünïcødé';
const issued = { tokens: new Set<string>(), codes: new Set<string>() };
let oidc: OidcProviderHandle;
let quirks: QuirksHandle;
let contacts: { url: string; close(): Promise<void> };

/** A protected API that checks bearer tokens with the provider and remembers them for the log check. */
async function startContactsApi(provider: OidcProviderHandle) {
  const server = http.createServer((req, res) => {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "")?.[1];
    void (token ? provider.findAccessToken(token) : Promise.resolve(null)).then((found) => {
      if (token) issued.tokens.add(token);
      res.writeHead(found ? 200 : 401, { "Content-Type": "application/json" });
      res.end(JSON.stringify(found ? { contacts: [{ name: "Ada Lovelace" }] } : { error: "invalid_token" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/contacts`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function oidcApp(baseURL: string) {
  return {
    schemaVersion: 1,
    name: "Contacts Hub",
    description: "Reads contacts through a real authorization server",
    settings: PRESET_SETTINGS,
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
        refreshTokenBody: '{"grant_type": "refresh_token", "refresh_token": {{refresh_token}}}',
        pkce: true,
        logoUrl: `${baseURL}/sandbox-logo.svg`,
      },
    ],
    apis: [{ name: "contacts", method: "GET", url: contacts.url, headers: { Authorization: "Bearer {{access_token}}" }, body: null, oauthConfig: "oidc" }],
  };
}

function seedApp() {
  const config = (name: string, provider: "seed" | "slack", accessTokenPath: string) => ({
    name,
    linkUrl: `${quirks.url(provider, "authorize")}?client_id={{client_id}}&response_type=code&redirect_uri={{redirect_uri}}&state={{state}}&scope=contacts.read`,
    authCodePath: "$.code",
    accessTokenPath,
    refreshTokenPath: accessTokenPath.replace("access_token", "refresh_token"),
    expiresInPath: accessTokenPath.replace("access_token", "expires_in"),
    accessTokenVariable: `${name}_access_token`,
    refreshTokenVariable: `${name}_refresh_token`,
    tokenUrl: quirks.url(provider, "token"),
    requestBody:
      '{"grant_type": "authorization_code", "redirect_uri": "{{redirect_uri}}", "code": "{{auth_code}}", "client_id": {{client_id}}, "client_secret": {{client_secret}}}',
    requestFormat: "json",
    clientAuthentication: "body",
    refreshTokenBody: `{"refresh_token": {{${name}_refresh_token}}, "grant_type": "refresh_token"}`,
    pkce: false,
  });
  return {
    schemaVersion: 1,
    name: "Seed CRM",
    settings: [
      { key: "client_id", label: "Client ID", level: "organization", required: true },
      { key: "client_secret", label: "Client secret", level: "organization", secret: true, required: true },
      { key: "redirect_uri", label: "Redirect URI", level: "organization", required: true },
      ...["acme", "chat"].flatMap((name) => [
        { key: `${name}_access_token`, label: `${name} access token`, level: "user", secret: true },
        { key: `${name}_refresh_token`, label: `${name} refresh token`, level: "user", secret: true },
      ]),
    ],
    oauthConfigs: [config("acme", "seed", "$.access_token"), config("chat", "slack", "$.authed_user.access_token")],
    apis: [],
  };
}

test.beforeAll(async () => {
  oidc = await startOidcProvider({
    clients: [
      {
        clientId: "gatehouse-e2e",
        clientSecret: CLIENT_SECRET,
        redirectUris: [`${E2E_BASE_URL}/v1/dev_oauth/callback`, ...POSTGRES_PORTS.map((port) => `http://localhost:${port}/v1/dev_oauth/callback`)],
        authMethod: "client_secret_basic",
      },
    ],
  });
  contacts = await startContactsApi(oidc);
  quirks = await startQuirksProvider({ clientId: "seed-client", clientSecret: SEED_SECRET });
});

test.afterAll(async () => {
  await contacts?.close();
  await oidc?.close();
  await quirks?.close();
});

/** Sets up an installed oidc app on a server, with a member who will connect. */
async function installOidcApp(baseURL: string) {
  const owner = await signUp(baseURL, "owner", "Contacts Org");
  const { installationId } = await publishAndInstall(owner, oidcApp(baseURL), {
    client_id: "gatehouse-e2e",
    client_secret: CLIENT_SECRET,
    redirect_uri: `${baseURL}/v1/dev_oauth/callback`,
  });
  const member = await addMember(baseURL, owner, "member");
  return { owner, member, installationId };
}

test("@consent a member allows access at a real authorization server and lands on Connected", async ({ page }) => {
  const { member, installationId } = await installOidcApp(E2E_BASE_URL);
  page.on("request", (request) => {
    const code = new URL(request.url()).searchParams.get("code");
    if (code) issued.codes.add(code);
  });

  await page.goto(`/connect/${installationId}/oidc`);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await page.getByLabel("Email").fill(member.email);
  await page.getByLabel("Password").fill(member.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page.getByRole("heading", { name: "Connect Contacts Hub" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Contacts Hub logo" })).toBeVisible();
  await expect(page.getByText("Contacts Org")).toBeVisible();
  await expect(page.getByRole("list", { name: "Requested scopes" })).toContainText("offline_access");
  await page.screenshot({ path: "e2e/.artifacts/screens/consent-1280.png", fullPage: true });
  // The end user's page loads no JavaScript file: the Pages Router serves it without the React runtime.
  await expect(page.locator("script[src]")).toHaveCount(0);
  // Its one inline script swaps a logo that cannot be loaded for the app's initial.
  await page.route("**/sandbox-logo.svg", (route) => route.abort());
  await page.reload();
  await expect(page.getByRole("img", { name: "Contacts Hub logo" })).toHaveText("C");
  await page.unroute("**/sandbox-logo.svg");
  await page.getByRole("button", { name: "Allow access" }).click();

  await page.getByLabel("Login").fill("alice");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Allow" }).click();

  await expect(page.getByRole("heading", { name: "Connected" })).toBeVisible();
  const status = await member.api.get(`/api/v1/installations/${installationId}/connections/oidc`);
  expect(await status.json()).toMatchObject({ status: "connected", connectedAt: expect.any(String) });
  const invoked = await member.api.post(`/api/v1/installations/${installationId}/apis/contacts/invoke`, { data: {} });
  expect(await invoked.json()).toMatchObject({ status: 200, body: { contacts: [{ name: "Ada Lovelace" }] } });
});

test("@consent the stored token row is not the plaintext token (PostgreSQL instance)", async ({ browser }) => {
  test.skip(!process.env.E2E_DATABASE_URL, "needs E2E_DATABASE_URL to look into the database");
  const baseURL = `http://localhost:${POSTGRES_PORTS[0]}`;
  const { member, installationId } = await installOidcApp(baseURL);
  const page = await browser.newPage({ baseURL });
  await signInWithPage(page, member, `/connect/${installationId}/oidc`, baseURL);
  await page.getByRole("button", { name: "Allow access" }).click();
  await page.getByLabel("Login").fill("bob");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByRole("heading", { name: "Connected" })).toBeVisible();

  const before = new Set(issued.tokens);
  expect((await member.api.post(`/api/v1/installations/${installationId}/apis/contacts/invoke`, { data: {} })).status()).toBe(200);
  const token = [...issued.tokens].find((candidate) => !before.has(candidate));
  expect(token).toBeTruthy();
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  const rows = await client.query(`SELECT "value", "isEncrypted" FROM "SettingValue" WHERE "installationId" = $1 AND "key" = 'access_token'`, [installationId]);
  await client.end();
  expect(rows.rows).toHaveLength(1);
  expect(rows.rows[0].isEncrypted).toBe(true);
  expect(rows.rows[0].value).not.toContain(token!);
  expect(rows.rows[0].value).toMatch(/^gh1\./);
  await page.close();
});

test("@consent the seed's JSON template connects two configs against a provider that checks it exactly", async ({ page }) => {
  const owner = await signUp(E2E_BASE_URL, "seed-owner", "Seed Org");
  const callback = `${E2E_BASE_URL}/v1/dev_oauth/callback`;
  const { installationId } = await publishAndInstall(owner, seedApp(), { client_id: "seed-client", client_secret: SEED_SECRET, redirect_uri: callback });
  page.on("request", (request) => {
    const code = new URL(request.url()).searchParams.get("code");
    if (code) issued.codes.add(code);
  });
  await signInWithPage(page, owner, `/connect/${installationId}/acme`);
  for (const config of ["acme", "chat"]) {
    await page.goto(`/connect/${installationId}/${config}`);
    await page.getByRole("button", { name: "Allow access" }).click();
    await expect(page.getByRole("heading", { name: "Connected" })).toBeVisible();
    const status = await owner.api.get(`/api/v1/installations/${installationId}/connections/${config}`);
    expect((await status.json()).status).toBe("connected");
  }
  const seedRequests = quirks.requests.filter((request) => request.provider === "seed");
  const authorize = seedRequests.find((request) => request.endpoint === "authorize");
  const token = seedRequests.find((request) => request.endpoint === "token");
  expect(authorize?.redirectUri).toBe(callback);
  expect(token?.redirectUri).toBe(authorize?.redirectUri);
  expect(token?.bodyKeys.sort()).toEqual(["client_id", "client_secret", "code", "grant_type", "redirect_uri"]);
});

test("@consent a denial gets a friendly page, the provider's description is shown as text, and an off-site return is ignored", async ({ page }) => {
  const owner = await signUp(E2E_BASE_URL, "deny-owner", "Deny Org");
  const callback = `${E2E_BASE_URL}/v1/dev_oauth/callback`;
  const { installationId } = await publishAndInstall(owner, seedApp(), { client_id: "seed-client", client_secret: SEED_SECRET, redirect_uri: callback });
  await signInWithPage(page, owner, "/");

  await page.goto(`/connect/${installationId}/acme?returnTo=${encodeURIComponent("https://evil.example/phish")}`);
  await expect(page.getByRole("link", { name: "Cancel" })).toHaveAttribute("href", `/installations/${installationId}`);
  await expect(page.locator('input[name="returnTo"]')).toHaveCount(0);

  // The provider answers with a denial whose description carries markup: Gatehouse's redirect to the
  // provider is replaced by the provider's own redirect back with that error.
  await page.route("**/start", async (route) => {
    const response = await route.fetch({ maxRedirects: 0 });
    const state = new URL(response.headers().location!).searchParams.get("state") ?? "";
    const denied = new URL(callback);
    denied.search = new URLSearchParams({ state, error: "access_denied", error_description: "<script>window.__pwned = 1</script> Nope" }).toString();
    await route.fulfill({ status: 303, headers: { location: denied.toString() } });
  });
  let dialogs = 0;
  page.on("dialog", (dialog) => {
    dialogs += 1;
    void dialog.dismiss();
  });
  await page.getByRole("button", { name: "Allow access" }).click();
  await expect(page.getByRole("heading", { name: "Access was not allowed" })).toBeVisible();
  await expect(page.getByText("<script>window.__pwned = 1</script> Nope")).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toBe(0);
  const headers = (await page.request.get(page.url())).headers();
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["cache-control"]).toContain("no-store");
  expect((await owner.api.get(`/api/v1/installations/${installationId}/connections/acme`).then((r) => r.json())).status).toBe("not_connected");
  await page.screenshot({ path: "e2e/.artifacts/screens/consent-denied-390.png" });
});

test("@consent a replayed callback URL shows 'already used' and calls no token endpoint", async ({ page }) => {
  const owner = await signUp(E2E_BASE_URL, "replay-owner", "Replay Org");
  const callback = `${E2E_BASE_URL}/v1/dev_oauth/callback`;
  const { installationId } = await publishAndInstall(owner, seedApp(), { client_id: "seed-client", client_secret: SEED_SECRET, redirect_uri: callback });
  let callbackUrl = "";
  page.on("request", (request) => {
    if (request.url().startsWith(callback)) callbackUrl = request.url();
    const code = new URL(request.url()).searchParams.get("code");
    if (code) issued.codes.add(code);
  });
  await signInWithPage(page, owner, `/connect/${installationId}/acme`);
  await page.getByRole("button", { name: "Allow access" }).click();
  await expect(page.getByRole("heading", { name: "Connected" })).toBeVisible();
  const before = quirks.tokenRequestCount();
  await page.goto(callbackUrl);
  await expect(page.getByRole("heading", { name: "This link was already used" })).toBeVisible();
  expect(quirks.tokenRequestCount()).toBe(before);
});

test("@consent the server log holds none of the tokens, codes or client secrets that passed through", async () => {
  const logs = await Promise.all(
    [E2E_PORT, ...POSTGRES_PORTS].map((port) => readFile(`e2e/.artifacts/server-${port}.log`, "utf8").catch(() => "")),
  );
  const log = logs.join("\n");
  expect(log.length).toBeGreaterThan(0);
  expect(issued.codes.size).toBeGreaterThan(0);
  expect(issued.tokens.size).toBeGreaterThan(0);
  for (const secret of [CLIENT_SECRET, SEED_SECRET, ...issued.codes, ...issued.tokens]) {
    expect(log.includes(secret), `the log contains a secret of ${secret.length} characters`).toBe(false);
  }
});
