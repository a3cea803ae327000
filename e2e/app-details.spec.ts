import { readFile } from "node:fs/promises";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { CONTRACT_EXAMPLE } from "../lib/testing/contract-example";
import { E2E_BASE_URL } from "./playwright.config";
import { startOidcProvider, type OidcProviderHandle } from "./providers/oidc";
import { publishAndInstall, signInWithPage, signUp } from "./support";

const EXAMPLE_CONFIG = CONTRACT_EXAMPLE.oauthConfigs[0]!;
const EXAMPLE_API = CONTRACT_EXAMPLE.apis[0]!;
const OIDC_CLIENT_SECRET = "e2e-issuer-import-secret-7Qm";
// The platform's seed data writes its token request with a fixed redirect_uri.
const SEED_LITERAL_REQUEST_BODY =
  '{"grant_type": "authorization_code", "redirect_uri": "https://auth.capacity.com/v1/dev_oauth/callback", "code": "{{auth_code}}", "client_id": {{client_id}}, "client_secret": {{client_secret}}}';

let oidc: OidcProviderHandle;

test.beforeAll(async () => {
  oidc = await startOidcProvider({
    clients: [
      { clientId: "gatehouse-import", clientSecret: OIDC_CLIENT_SECRET, redirectUris: [`${E2E_BASE_URL}/v1/dev_oauth/callback`], authMethod: "client_secret_basic" },
    ],
  });
});

test.afterAll(async () => {
  await oidc?.close();
});
const SCREENS = "e2e/.artifacts/screens";

let accounts = 0;

/** Signs a fresh developer up through the UI; they own a new organization. */
async function signUpDeveloper(page: Page): Promise<string> {
  const email = `dev-${Date.now()}-${++accounts}@example.com`;
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Dana Developer");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a long password");
  await page.getByLabel("Organization").fill(`Dana's Apps ${accounts}`);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("list", { name: "Organizations" })).toBeVisible();
  return email;
}

async function signIn(page: Page, email: string, password: string) {
  await signInWithPage(page, { email, password });
  await expect(page.getByRole("list", { name: "Organizations" })).toBeVisible();
}

/** Creates an app from the Apps page and returns its id, once its details page is open. */
async function createApp(page: Page, name: string): Promise<string> {
  await page.goto("/apps");
  await page.getByRole("button", { name: "New app" }).click();
  const dialog = page.getByRole("dialog", { name: "Create an app" });
  await dialog.getByLabel("App name").fill(name);
  await dialog.getByRole("button", { name: "Create app" }).click();
  await expect(page).toHaveURL(/\/apps\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return new URL(page.url()).pathname.split("/").pop()!;
}

async function addSetting(page: Page, setting: (typeof CONTRACT_EXAMPLE.settings)[number]) {
  await page.getByRole("button", { name: "Add setting" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a setting" });
  await dialog.getByLabel("Key").fill(setting.key);
  await dialog.getByLabel("Label").fill(setting.label);
  await dialog.getByLabel("Level").selectOption(setting.level);
  await dialog.getByLabel("Secret").setChecked(setting.secret);
  await dialog.getByLabel("Required").setChecked(setting.required);
  await dialog.getByRole("button", { name: "Save setting" }).click();
  await expect(dialog).toBeHidden();
}

async function importDefinition(page: Page, json: string) {
  await page.getByRole("button", { name: "Import" }).click();
  const dialog = page.getByRole("dialog", { name: "Import a definition" });
  await dialog.getByLabel("Definition JSON").fill(json);
  await dialog.getByRole("button", { name: "Import" }).click();
  await expect(dialog).toBeHidden();
}

async function save(page: Page) {
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
}

async function readApp(page: Page, appId: string) {
  const response = await page.request.get(`/api/v1/apps/${appId}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as { published: boolean; definition: unknown };
}

async function expectNoHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

// A full-page capture draws sticky bars where the viewport was; a viewport as tall as the page puts them where a reader expects.
async function screenshotWholePage(page: Page, path: string) {
  const viewport = page.viewportSize()!;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height });
  await page.screenshot({ path });
  await page.setViewportSize(viewport);
}

const oauthConfig = (page: Page, name: string) => page.getByRole("region", { name: `OAuth config ${name}` });

async function expectFieldError(field: Locator, message: RegExp) {
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(message);
}

test.describe("@app-details", () => {
  test("@app-details a developer builds the contract's example through the UI, exports it, imports it into a new app and publishes it", async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await signUpDeveloper(page);
    const appId = await createApp(page, CONTRACT_EXAMPLE.name);

    await page.getByRole("region", { name: "General" }).getByLabel("Description").fill(CONTRACT_EXAMPLE.description);
    for (const setting of CONTRACT_EXAMPLE.settings) await addSetting(page, setting);
    const settingsTable = page.getByRole("table", { name: "Settings" });
    for (const setting of CONTRACT_EXAMPLE.settings) await expect(settingsTable).toContainText(setting.key);

    await page.getByRole("button", { name: "Add OAuth config" }).click();
    const addConfig = page.getByRole("dialog", { name: "Add an OAuth config" });
    await addConfig.getByLabel("Config name").fill(EXAMPLE_CONFIG.name);
    await addConfig.getByRole("button", { name: "Add config" }).click();
    const config = oauthConfig(page, EXAMPLE_CONFIG.name);
    await config.getByLabel("Link url").fill(EXAMPLE_CONFIG.linkUrl);
    await config.getByLabel("Extraction path auth code").fill(EXAMPLE_CONFIG.authCodePath);
    await config.getByLabel("Extraction path access token").fill(EXAMPLE_CONFIG.accessTokenPath);
    await config.getByLabel("Extraction path refresh token").fill(EXAMPLE_CONFIG.refreshTokenPath);
    await config.getByLabel("Expires-in path").fill(EXAMPLE_CONFIG.expiresInPath);
    await config.getByLabel("Access token variable name").selectOption(EXAMPLE_CONFIG.accessTokenVariable);
    await config.getByLabel("Refresh token variable name").selectOption(EXAMPLE_CONFIG.refreshTokenVariable);
    await config.getByLabel("Token url", { exact: true }).fill(EXAMPLE_CONFIG.tokenUrl);
    await config.getByLabel("Request body").fill(EXAMPLE_CONFIG.requestBody);
    await config.getByLabel("Body format").selectOption(EXAMPLE_CONFIG.requestFormat);
    await config.getByLabel("Client authentication").selectOption(EXAMPLE_CONFIG.clientAuthentication);
    await config.getByLabel("Use PKCE").setChecked(EXAMPLE_CONFIG.pkce);
    await config.getByLabel("Refresh token url").fill(EXAMPLE_CONFIG.refreshTokenUrl);
    await config.getByLabel("Refresh token body").fill(EXAMPLE_CONFIG.refreshTokenBody);
    await config.getByLabel("Logo url").fill(EXAMPLE_CONFIG.logoUrl);

    // The helpers: the authorize URL with sample values, and the logo's fallback (acme.example does not exist).
    const preview = config.getByRole("group", { name: "Authorize URL preview" });
    await expect(preview).toContainText("https://acme.example/authorize?client_id=%3Cclient_id%3E");
    await expect(preview.getByRole("definition").first()).toHaveText("<client_id>");
    await expect(config.getByRole("group", { name: "Logo preview" })).toContainText("could not be loaded");

    await page.getByRole("button", { name: "Add API" }).click();
    const addApi = page.getByRole("dialog", { name: "Add an API" });
    await addApi.getByLabel("API name").fill(EXAMPLE_API.name);
    await addApi.getByRole("button", { name: "Add API" }).click();
    const api = page.getByRole("region", { name: `API ${EXAMPLE_API.name}` });
    await api.getByLabel("Method").selectOption(EXAMPLE_API.method);
    await api.getByLabel("URL", { exact: true }).fill(EXAMPLE_API.url);
    // With one OAuth config, a new API starts calling with its access token as a bearer token.
    await expect(api.getByLabel("Header name")).toHaveValue("Authorization");
    await expect(api.getByLabel("Header value")).toHaveValue("Bearer {{access_token}}");
    await api.getByLabel("Header value").fill(EXAMPLE_API.headers.Authorization);
    await api.getByLabel("OAuth config").selectOption(EXAMPLE_API.oauthConfig);
    await expect(api).toContainText("Params of each call: limit");

    await expect(page.getByRole("status").filter({ hasText: "Unsaved changes" })).toBeVisible();
    await save(page);
    await expect(page.getByText("Saved", { exact: true })).toBeVisible();
    expect((await readApp(page, appId)).definition).toEqual(CONTRACT_EXAMPLE);

    await expect(page.getByText("Saved", { exact: true })).toBeHidden();
    await config.getByText("Test the extraction paths").click();
    await screenshotWholePage(page, `${SCREENS}/app-details-1280.png`);
    await expectNoHorizontalOverflow(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoHorizontalOverflow(page);
    await screenshotWholePage(page, `${SCREENS}/app-details-390.png`);
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.getByRole("button", { name: "Export" }).click();
    const exportDialog = page.getByRole("dialog", { name: "Export the definition" });
    const downloading = page.waitForEvent("download");
    await exportDialog.getByRole("button", { name: "Download JSON" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("acme-crm.json");
    const exported = await readFile((await download.path())!, "utf8");
    expect(JSON.parse(exported)).toEqual(CONTRACT_EXAMPLE);
    expect(JSON.parse(await exportDialog.getByLabel("Definition JSON").inputValue())).toEqual(CONTRACT_EXAMPLE);
    await exportDialog.getByRole("button", { name: "Close" }).click();

    const copyId = await createApp(page, "Acme CRM copy");
    await expect(page.getByRole("button", { name: "Publish" })).toBeEnabled();
    await importDefinition(page, exported);
    await expect(page.getByRole("region", { name: "General" }).getByLabel("App name")).toHaveValue(CONTRACT_EXAMPLE.name);
    await expect(oauthConfig(page, "acme").getByLabel("Request body")).toHaveValue(EXAMPLE_CONFIG.requestBody);
    // Imported content is unsaved until Save, so publishing waits for it.
    await expect(page.getByRole("button", { name: "Publish" })).toBeDisabled();
    await save(page);
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText("Published", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Publish" })).toBeHidden();

    const copy = await readApp(page, copyId);
    expect(copy).toMatchObject({ published: true, definition: CONTRACT_EXAMPLE });
    const store = (await (await page.request.get("/api/v1/store/apps")).json()) as { id: string }[];
    expect(store.map((app) => app.id)).toContain(copyId);
    expect(store.map((app) => app.id)).not.toContain(appId);
  });

  test("@app-details the form marks an unknown variable, invalid JSON, a bad JSONPath and an organization-level token variable, and saving waits for the fixes", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await signUpDeveloper(page);
    const appId = await createApp(page, "Acme CRM");
    await importDefinition(page, JSON.stringify(CONTRACT_EXAMPLE));
    await save(page);

    const puts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "PUT") puts.push(request.url());
    });

    const config = oauthConfig(page, "acme");
    const linkUrl = config.getByLabel("Link url");
    const requestBody = config.getByLabel("Request body");
    const accessTokenPath = config.getByLabel("Extraction path access token");
    const accessTokenVariable = config.getByLabel("Access token variable name");

    await linkUrl.fill(`${EXAMPLE_CONFIG.linkUrl}&prompt={{promt}}`);
    await expectFieldError(linkUrl, /Unknown name "promt"/);
    await requestBody.fill('{"code": "{{auth_code}}",');
    await expectFieldError(requestBody, /Unexpected end of JSON/);
    await accessTokenPath.fill("$.[");
    await expectFieldError(accessTokenPath, /Expected a name or "\*" at position 3 of \$\.\[/);

    // Changing the setting's level elsewhere on the page marks the variable that uses it.
    await page.getByRole("button", { name: "Edit setting access_token" }).click();
    const editSetting = page.getByRole("dialog", { name: "Edit setting access_token" });
    await editSetting.getByLabel("Level").selectOption("organization");
    await editSetting.getByRole("button", { name: "Save setting" }).click();
    await expectFieldError(accessTokenVariable, /"access_token" is an organization-level setting/);

    // A setting still used by a template cannot be deleted, and the refusal says where it is used.
    await page.getByRole("button", { name: "Delete setting client_id" }).click();
    await expect(page.getByRole("alert").filter({ hasText: '"client_id" cannot be deleted' })).toContainText('OAuth config "acme" › Link url');
    await expect(page.getByRole("table", { name: "Settings" })).toContainText("client_id");

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByText("Not saved: fix the 4 problems marked in the form first")).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "4 problems to fix before saving" })).toBeVisible();
    expect(puts).toEqual([]);

    await linkUrl.fill(EXAMPLE_CONFIG.linkUrl);
    await requestBody.fill(EXAMPLE_CONFIG.requestBody);
    await accessTokenPath.fill(EXAMPLE_CONFIG.accessTokenPath);
    await page.getByRole("button", { name: "Edit setting access_token" }).click();
    await editSetting.getByLabel("Level").selectOption("user");
    await editSetting.getByRole("button", { name: "Save setting" }).click();
    for (const field of [linkUrl, requestBody, accessTokenPath, accessTokenVariable]) {
      await expect(field).not.toHaveAttribute("aria-invalid", "true");
    }

    await save(page);
    expect(puts).toHaveLength(1);
    expect((await readApp(page, appId)).definition).toEqual(CONTRACT_EXAMPLE);

    // Import shows each problem with its path; one the form can show may be loaded and fixed there.
    await page.getByRole("button", { name: "Import" }).click();
    const importDialog = page.getByRole("dialog", { name: "Import a definition" });
    const withUnknownField = { ...CONTRACT_EXAMPLE, settings: [{ ...CONTRACT_EXAMPLE.settings[0]!, colour: "blue" }] };
    await importDialog.getByLabel("Definition JSON").fill(JSON.stringify(withUnknownField));
    await importDialog.getByRole("button", { name: "Import" }).click();
    await expect(importDialog.getByRole("alert")).toContainText('settings.0.colour Unknown field "colour"');
    await expect(importDialog.getByRole("button", { name: "Load it into the form anyway" })).toHaveCount(0);
    const withUnknownName = structuredClone(CONTRACT_EXAMPLE);
    withUnknownName.oauthConfigs[0]!.tokenUrl = "https://acme.example/{{tenant}}/token";
    await importDialog.getByLabel("Definition JSON").fill(JSON.stringify(withUnknownName));
    await importDialog.getByRole("button", { name: "Import" }).click();
    await expect(importDialog.getByRole("alert")).toContainText('oauthConfigs.0.tokenUrl Unknown name "tenant"');
    await importDialog.getByRole("button", { name: "Load it into the form anyway" }).click();
    await expectFieldError(config.getByLabel("Token url", { exact: true }), /Unknown name "tenant"/);
    await page.getByRole("button", { name: "Discard" }).click();
    await expect(config.getByLabel("Token url", { exact: true })).toHaveValue(EXAMPLE_CONFIG.tokenUrl);
    await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
  });

  test("@app-details a provider preset prefills a config with its settings, and the helpers show what it extracts with secrets masked", async ({ page }) => {
    await signUpDeveloper(page);
    const appId = await createApp(page, "Slack status");

    await page.getByRole("button", { name: "Add OAuth config" }).click();
    const addConfig = page.getByRole("dialog", { name: "Add an OAuth config" });
    await addConfig.getByLabel("Provider preset").selectOption({ label: "Slack" });
    await expect(addConfig.getByLabel("Config name")).toHaveValue("slack");
    await expect(addConfig.getByLabel("Also add the settings it uses")).toBeChecked();
    await addConfig.getByRole("button", { name: "Add config" }).click();

    const config = oauthConfig(page, "slack");
    await expect(config.getByLabel("Extraction path access token")).toHaveValue("$..access_token");
    await expect(config.getByLabel("Body format")).toHaveValue("form");
    for (const key of ["client_id", "client_secret", "redirect_uri", "access_token", "refresh_token"]) {
      await expect(page.getByRole("table", { name: "Settings" })).toContainText(key);
    }
    await expect(config.getByRole("group", { name: "Authorize URL preview" })).toContainText("user_scope");

    await config.getByText("Test the extraction paths").click();
    await config.getByLabel("Sample callback query").fill("https://gatehouse.example/v1/dev_oauth/callback?code=9876.abcdef&state=s1");
    await config
      .getByLabel("Sample token response")
      .fill('{"ok": true, "authed_user": {"id": "U1", "access_token": "xoxp-1234-secret", "refresh_token": "xoxe-1-refresh", "expires_in": 43200}}');
    const results = config.getByRole("table", { name: "Extraction results" });
    await expect(results.getByRole("row", { name: /Extraction path auth code/ })).toContainText("9876…");
    await expect(results.getByRole("row", { name: /Extraction path access token/ })).toContainText("xoxp…");
    await expect(results.getByRole("row", { name: /Extraction path refresh token/ })).toContainText("xoxe…");
    await expect(results.getByRole("row", { name: /Expires-in path/ })).toContainText("43200 seconds");
    await expect(results).not.toContainText("secret");
    await config.getByLabel("Extraction path access token").fill("$.access_token");
    await expect(results.getByRole("row", { name: /Extraction path access token/ })).toContainText('the top-level keys are: "ok", "authed_user"');

    // Leaving with unsaved changes asks first.
    page.once("dialog", (dialog) => void dialog.dismiss());
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Apps" }).click();
    await expect(page).toHaveURL(new RegExp(`/apps/${appId}$`));

    await config.getByLabel("Extraction path access token").fill("$.authed_user.access_token");
    await save(page);
    const saved = (await readApp(page, appId)).definition as typeof CONTRACT_EXAMPLE;
    expect(saved.oauthConfigs[0]).toMatchObject({ name: "slack", accessTokenPath: "$.authed_user.access_token", requestFormat: "form" });
  });

  test("@app-details an app may keep its client credentials in the templates, with only the two user-level token settings", async ({ page }) => {
    await signUpDeveloper(page);
    const appId = await createApp(page, "Direct credentials");
    for (const setting of CONTRACT_EXAMPLE.settings.filter((setting) => setting.level === "user")) await addSetting(page, setting);

    await page.getByRole("button", { name: "Add OAuth config" }).click();
    const addConfig = page.getByRole("dialog", { name: "Add an OAuth config" });
    await addConfig.getByLabel("Config name").fill("direct");
    // A blank config starts from the platform's templates, which name client_id and client_secret; this app
    // writes its credentials into the templates instead, so it does not add those settings.
    await addConfig.getByLabel("Also add the settings it uses").uncheck();
    await addConfig.getByRole("button", { name: "Add config" }).click();
    const config = oauthConfig(page, "direct");
    await config.getByLabel("Link url").fill("https://acme.example/authorize?client_id=my-client&response_type=code&redirect_uri={{callback_url}}&state={{state}}");
    await config.getByLabel("Token url", { exact: true }).fill("https://acme.example/token");
    await config
      .getByLabel("Request body")
      .fill('{"grant_type": "authorization_code", "code": "{{auth_code}}", "redirect_uri": "{{callback_url}}", "client_id": "my-client", "client_secret": "my-secret"}');
    await expect(config.getByLabel("Access token variable name")).toHaveValue("access_token");
    await expect(config.getByLabel("Refresh token variable name")).toHaveValue("refresh_token");
    await page.keyboard.press("Control+s");
    await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();

    const saved = (await readApp(page, appId)).definition as typeof CONTRACT_EXAMPLE;
    expect(saved.settings.map((setting) => setting.level)).toEqual(["user", "user"]);
    expect(saved.oauthConfigs[0]!.requestBody).toContain('"client_secret": "my-secret"');
  });

  test("@app-details a developer fills a whole OAuth config with the platform's own labels, and it is there after a reload", async ({ page }) => {
    test.setTimeout(120_000);
    await signUpDeveloper(page);
    const appId = await createApp(page, "Seed words");
    for (const setting of CONTRACT_EXAMPLE.settings) await addSetting(page, setting);

    await page.getByRole("button", { name: "Add OAuth config" }).click();
    const addConfig = page.getByRole("dialog", { name: "Add an OAuth config" });
    await addConfig.getByLabel("Config name", { exact: true }).fill("seed");
    await addConfig.getByRole("button", { name: "Add config" }).click();

    const config = oauthConfig(page, "seed");
    const field = (label: string) => config.getByLabel(label, { exact: true });
    const texts = {
      "Link url": EXAMPLE_CONFIG.linkUrl,
      "Extraction path auth code": "$.authorization_code",
      "Extraction path access token": "$.data.access_token",
      "Extraction path refresh token": "$.data.refresh_token",
      "Request body": SEED_LITERAL_REQUEST_BODY,
      "Refresh token url": "https://acme.example/refresh",
      "Token url": EXAMPLE_CONFIG.tokenUrl,
      "Refresh token body": EXAMPLE_CONFIG.refreshTokenBody,
      "Logo url": EXAMPLE_CONFIG.logoUrl,
    };
    await field("Config name").fill("seed-words");
    const renamed = oauthConfig(page, "seed-words");
    const renamedField = (label: string) => renamed.getByLabel(label, { exact: true });
    for (const [label, value] of Object.entries(texts)) await renamedField(label).fill(value);
    await renamedField("Access token variable name").selectOption("refresh_token");
    await renamedField("Refresh token variable name").selectOption("access_token");

    // The seed's fixed redirect_uri is not what the link sends: a warning under the body, and the save goes through.
    const warning = renamed.getByRole("note", { name: "Request body warning" });
    await expect(warning).toContainText("https://auth.capacity.com/v1/dev_oauth/callback");
    await expect(warning).toContainText("{{redirect_uri}}");
    await save(page);

    await page.reload();
    await expect(renamedField("Config name")).toHaveValue("seed-words");
    for (const [label, value] of Object.entries(texts)) await expect(renamedField(label)).toHaveValue(value);
    await expect(renamedField("Access token variable name")).toHaveValue("refresh_token");
    await expect(renamedField("Refresh token variable name")).toHaveValue("access_token");
    await expect(renamed.getByRole("note", { name: "Request body warning" })).toBeVisible();

    const saved = (await readApp(page, appId)).definition as typeof CONTRACT_EXAMPLE;
    expect(saved.oauthConfigs[0]).toMatchObject({
      name: "seed-words",
      linkUrl: EXAMPLE_CONFIG.linkUrl,
      authCodePath: "$.authorization_code",
      accessTokenPath: "$.data.access_token",
      refreshTokenPath: "$.data.refresh_token",
      accessTokenVariable: "refresh_token",
      refreshTokenVariable: "access_token",
      requestBody: SEED_LITERAL_REQUEST_BODY,
      refreshTokenUrl: "https://acme.example/refresh",
      tokenUrl: EXAMPLE_CONFIG.tokenUrl,
      refreshTokenBody: EXAMPLE_CONFIG.refreshTokenBody,
      logoUrl: EXAMPLE_CONFIG.logoUrl,
    });
  });

  test("@app-details Import from issuer fills a config from oidc-provider's metadata that connects, and disconnecting revokes there", async ({ page }) => {
    test.setTimeout(180_000);
    const owner = await signUp(E2E_BASE_URL, "issuer-dev", "Issuer Org");
    await signInWithPage(page, owner, "/apps");
    const appId = await createApp(page, "Contacts via OIDC");

    await page.getByRole("button", { name: "Add OAuth config" }).click();
    const addConfig = page.getByRole("dialog", { name: "Add an OAuth config" });
    const issuerField = addConfig.getByLabel("Issuer URL");
    const importButton = addConfig.getByRole("button", { name: /Import from issuer|Importing/ });

    // An issuer that publishes no metadata: the 422's explanation stays in the dialog, under the field.
    await issuerField.fill(`${oidc.issuer}/nowhere`);
    await importButton.click();
    await expectFieldError(issuerField, /No authorization server metadata was found for this issuer/);
    await expect(addConfig).toBeVisible();

    // While the server reads the metadata, the button says so and cannot be pressed twice.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/v1/oauth/discovery", async (route) => {
      await released;
      await route.continue();
    });
    await issuerField.fill(oidc.issuer);
    await expect(issuerField).not.toHaveAttribute("aria-invalid", "true");
    await importButton.click();
    await expect(importButton).toHaveText("Importing…");
    await expect(importButton).toBeDisabled();
    release();
    await expect(addConfig.getByRole("status")).toContainText(`Read ${oidc.issuer}/.well-known/openid-configuration`);
    await expect(importButton).toHaveText("Import from issuer");
    await page.unroute("**/api/v1/oauth/discovery");

    await expect(addConfig.getByLabel("Also add the settings it uses")).toBeChecked();
    await expect(addConfig).toContainText("client_id, client_secret, redirect_uri, access_token, refresh_token, scope");
    await addConfig.getByLabel("Config name", { exact: true }).fill("oidc");
    await addConfig.getByRole("button", { name: "Add config" }).click();

    const metadata = (await (await fetch(`${oidc.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    const config = oauthConfig(page, "oidc");
    await expect(config.getByLabel("Link url", { exact: true })).toHaveValue(
      `${oidc.authorizationEndpoint}?response_type=code&client_id={{client_id}}&redirect_uri={{redirect_uri}}&scope={{scope}}&state={{state}}`,
    );
    await expect(config.getByLabel("Token url", { exact: true })).toHaveValue(oidc.tokenEndpoint);
    await expect(config.getByLabel("Issuer", { exact: true })).toHaveValue(oidc.issuer);
    await expect(config.getByLabel("Use PKCE")).toBeChecked();
    await expect(config.getByLabel("Client authentication")).toHaveValue("basic");
    await expect(config.getByLabel("Revocation URL")).toHaveValue(String(metadata.revocation_endpoint));
    await expect(config.getByLabel("Require iss in callbacks")).toBeChecked({ checked: metadata.authorization_response_iss_parameter_supported === true });
    await save(page);

    // Nothing but the client's credentials and the scopes to fill in: it installs, connects and revokes.
    const definition = (await readApp(page, appId)).definition as typeof CONTRACT_EXAMPLE;
    expect(definition.settings.map((setting) => setting.key)).toEqual(["client_id", "client_secret", "redirect_uri", "access_token", "refresh_token", "scope"]);
    const { installationId } = await publishAndInstall(owner, definition, {
      client_id: "gatehouse-import",
      client_secret: OIDC_CLIENT_SECRET,
      redirect_uri: `${E2E_BASE_URL}/v1/dev_oauth/callback`,
      scope: "openid offline_access",
    });
    await page.goto(`/connect/${installationId}/oidc`);
    await page.getByRole("button", { name: "Allow access" }).click();
    await page.getByLabel("Login").fill("alice");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Allow" }).click();
    await expect(page.getByRole("heading", { name: "Connected" })).toBeVisible();

    await page.goto(`/installations/${installationId}?tab=connections`);
    const connection = page.getByRole("region", { name: "Connections" }).getByRole("listitem", { name: /oidc/ });
    await connection.getByRole("button", { name: "Disconnect" }).click();
    await page.getByRole("dialog", { name: "Disconnect oidc?" }).getByRole("button", { name: "Disconnect" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Disconnected oidc" })).toContainText("The provider was told to revoke access.");
  });

  test("@app-details only the owning organization's owners and admins open the page: members get a 403 message, others a 404", async ({ browser }) => {
    const owner = await newPage(browser);
    await signIn(owner, "owner@demo.gatehouse.test", "gatehouse-demo");
    const appId = await createApp(owner, "Demo Org app");

    const member = await newPage(browser);
    await signIn(member, "member@demo.gatehouse.test", "gatehouse-demo");
    await member.goto(`/apps/${appId}`);
    await expect(member.getByText("You can't edit this app")).toBeVisible();
    await expect(member.getByLabel("App name")).toHaveCount(0);

    const stranger = await newPage(browser);
    await signUpDeveloper(stranger);
    const response = await stranger.goto(`/apps/${appId}`);
    expect(response?.status()).toBe(404);
    await expect(stranger.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
    await stranger.goto("/apps");
    await expect(stranger.getByText("No apps yet")).toBeVisible();
  });
});

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}
