import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { CONTRACT_EXAMPLE } from "../lib/testing/contract-example";
import { signInWithRequest } from "./support";

const PASSWORD = "a long password";
const SECRET = "b-very-secret-value";
const SCREENS = "e2e/.artifacts/screens";

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function signUp(request: APIRequestContext, label: string) {
  const email = `${label}-${unique()}@example.com`;
  const response = await request.post("/api/v1/signup", {
    data: { email, password: PASSWORD, name: `${label[0]!.toUpperCase()}${label.slice(1)}`, organization: `${label} org` },
  });
  expect(response.status()).toBe(201);
  return { email, organizationId: (await response.json()).organizationId as string };
}

const signIn = (request: APIRequestContext, email: string) => signInWithRequest(request, email, PASSWORD);

/** A screenshot without the toasts, which would hide what is under them. */
function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  return page.screenshot({
    path: `${SCREENS}/${name}.png`,
    fullPage: options.fullPage ?? true,
    style: 'div.fixed[aria-live="polite"] { visibility: hidden; }',
  });
}

async function signedInPage(browser: Browser, baseURL: string, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  await signIn(context.request, email);
  const page = await context.newPage();
  // The example's logo host does not exist: fail it at once, so the fallback shows without a DNS wait.
  await page.route("https://acme.example/**", (route) => route.abort());
  return page;
}

test.describe.serial("@store installing an app from the store", () => {
  const appName = `Acme CRM ${unique()}`;
  let baseURL: string;
  let appId: string;
  let installer: { email: string; organizationId: string };
  let memberEmail: string;

  test.beforeAll(async ({ browser }, testInfo) => {
    baseURL = testInfo.project.use.baseURL!;
    // Organization A builds and publishes the app; organization B installs it.
    const publisher = await browser.newContext({ baseURL });
    const developer = await signUp(publisher.request, "publisher");
    await signIn(publisher.request, developer.email);
    const created = await publisher.request.post(`/api/v1/organizations/${developer.organizationId}/apps`, {
      data: { ...CONTRACT_EXAMPLE, name: appName },
    });
    expect(created.status()).toBe(201);
    appId = (await created.json()).id;
    expect((await publisher.request.post(`/api/v1/apps/${appId}/publish`)).status()).toBe(200);
    await publisher.close();

    const installing = await browser.newContext({ baseURL });
    installer = await signUp(installing.request, "installer");
    await signIn(installing.request, installer.email);
    memberEmail = `member-${unique()}@example.com`;
    const added = await installing.request.post(`/api/v1/organizations/${installer.organizationId}/members`, {
      data: { email: memberEmail, password: PASSWORD, name: "Mia Member", role: "member" },
    });
    expect(added.status()).toBe(201);
    await installing.close();

    // The installer also administers a partner organization, so the prompt asks where to install.
    const partnering = await browser.newContext({ baseURL });
    const partner = await signUp(partnering.request, "partner");
    await signIn(partnering.request, partner.email);
    const adminAdded = await partnering.request.post(`/api/v1/organizations/${partner.organizationId}/members`, {
      data: { email: installer.email, role: "admin" },
    });
    expect(adminAdded.status()).toBe(201);
    await partnering.close();
  });

  test("an installer answers the prompts, is told what is missing, and sees the secret masked afterwards", async ({ browser }) => {
    const page = await signedInPage(browser, baseURL, installer.email);
    await page.goto("/store");
    await page.getByLabel("Search apps").fill(appName);
    const card = page.getByRole("listitem", { name: appName });
    await expect(card).toBeVisible();
    await expect(page.getByRole("list", { name: "Apps" }).getByRole("listitem")).toHaveCount(1);
    // The logo cannot load, so its initial stands in for it.
    await expect(card.getByRole("img", { name: `${appName} logo` })).toHaveText("A");
    await expect(card.locator("img")).toHaveCount(0);
    await screenshot(page, "store-1280");

    await card.getByRole("link", { name: "Install", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: `Install ${appName}` });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel("Organization").selectOption({ label: "installer org" });
    // The organization-level settings, and none of the user-level ones.
    await expect(dialog.getByRole("textbox", { name: "Client ID" })).toHaveValue("");
    await expect(dialog.getByLabel("Client secret")).toHaveAttribute("type", "password");
    await expect(dialog.getByLabel("Redirect URI")).toHaveValue(`${baseURL}/v1/dev_oauth/callback`);
    await expect(dialog.getByText("Register Gatehouse's callback URL with the provider")).toBeVisible();
    await expect(dialog.getByLabel("Access token")).toHaveCount(0);
    await expect(dialog.getByLabel("Refresh token")).toHaveCount(0);
    // This provider cannot check a client secret in advance, and the prompt says so.
    await expect(dialog.getByText("Checked at first connect.")).toBeVisible();
    await expect(dialog.getByText("Checked on install.")).toHaveCount(0);

    await dialog.getByLabel("Client ID").fill("b-client-id");
    await dialog.getByRole("button", { name: "Install", exact: true }).click();
    await expect(dialog.getByRole("alert").filter({ hasText: "Fill in" })).toHaveText("Fill in Client secret to install.");
    await expect(dialog.getByText("Client secret is required")).toBeVisible();
    await expect(dialog.getByLabel("Client secret")).toHaveAttribute("aria-invalid", "true");
    await expect(dialog).toBeVisible();
    await screenshot(page, "store-install-1280", { fullPage: false });
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "store-install-390", { fullPage: false });

    await dialog.getByLabel("Client secret").fill(SECRET);
    await dialog.getByRole("button", { name: "Install", exact: true }).click();
    // After installing, the installation opens on its Connections tab: connecting is the next step.
    await expect(page).toHaveURL(/\/installations\/[0-9a-f-]{36}\?tab=connections$/);
    await page.getByRole("tab", { name: "Settings" }).click();

    const settings = page.getByRole("tabpanel", { name: "Settings" });
    await expect(settings.getByLabel("Client ID")).toHaveValue("b-client-id");
    await expect(settings.getByLabel("Client secret")).toHaveValue("");
    await expect(settings.getByLabel("Client secret")).toHaveAttribute("placeholder", "********");
    await expect(settings.getByText("Stored as ********")).toBeVisible();
    await expect(settings.getByLabel("Redirect URI")).toHaveValue(`${baseURL}/v1/dev_oauth/callback`);
    expect(await page.content()).not.toContain(SECRET);
    await screenshot(page, "store-installation-390");
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, "store-installation-1280");

    // Saving without a new secret keeps the stored one, and the activity names the changed key only.
    await settings.getByLabel("Client ID").fill("b-client-id-2");
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Settings saved" })).toBeVisible();
    await page.getByRole("tab", { name: "Activity" }).click();
    const activity = page.getByRole("list", { name: "Activity" });
    await expect(activity.getByRole("listitem")).toHaveCount(2);
    await expect(activity.getByRole("listitem").first()).toContainText("changed settings");
    await expect(activity.getByRole("listitem").first().getByLabel("Keys")).toHaveText("client_id");
    await expect(activity.getByRole("listitem").last()).toContainText("installed the app");
    await screenshot(page, "store-activity-1280");

    await page.getByRole("tab", { name: "Connections" }).click();
    await expect(page.getByRole("region", { name: "Connections" })).toContainText("acme");

    // The app's page now says where it is installed, and whom it connects to.
    await page.goto(`/store/${appId}`);
    await expect(page.getByRole("list", { name: "OAuth providers" })).toContainText("acme.example");
    await expect(page.getByRole("list", { name: "Installer settings" }).getByRole("listitem")).toHaveCount(3);
    await expect(page.getByText("Installed in installer org")).toBeVisible();
    // Still offered for the partner organization, the only one left without it.
    await page.getByRole("button", { name: "Install", exact: true }).click();
    await expect(page.getByRole("dialog").getByText("Installing into partner org")).toBeVisible();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
    await screenshot(page, "store-app-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "store-app-390");
    await page.goto(`/store?q=${encodeURIComponent(appName)}`);
    await expect(page.getByRole("listitem", { name: appName })).toContainText("Installed in installer org");
    await screenshot(page, "store-390");
    await page.context().close();
  });

  test("a member sees the installed app but cannot install it or edit its settings", async ({ browser }) => {
    const page = await signedInPage(browser, baseURL, memberEmail);
    await page.goto("/installations");
    const installed = page.getByRole("list", { name: "Installed in installer org" });
    await expect(installed).toContainText(appName);
    await screenshot(page, "store-installations-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "store-installations-390");
    await page.setViewportSize({ width: 1280, height: 900 });
    await installed.getByRole("link", { name: appName }).click();
    // A member's installation page opens on Connections; the settings are one tab away, read-only.
    await page.getByRole("tab", { name: "Settings" }).click();

    const settings = page.getByRole("tabpanel", { name: "Settings" });
    await expect(settings.getByText("Only owners and admins of installer org can change these settings.")).toBeVisible();
    const values = settings.getByRole("definition");
    await expect(values).toHaveText(["b-client-id-2", "********", `${baseURL}/v1/dev_oauth/callback`]);
    await expect(settings.getByRole("textbox")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save settings" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Uninstall" })).toHaveCount(0);
    expect(await page.content()).not.toContain(SECRET);
    await screenshot(page, "store-member-1280");

    await page.goto(`/store?q=${encodeURIComponent(appName)}`);
    const card = page.getByRole("listitem", { name: appName });
    await expect(card).toContainText("Installed in installer org");
    await expect(card.getByRole("link", { name: "Install", exact: true })).toHaveCount(0);
    await expect(page.getByText("Only an organization's owners and admins can install apps")).toBeVisible();
    await page.goto(`/store/${appId}`);
    await expect(page.getByRole("button", { name: "Install", exact: true })).toHaveCount(0);
    await page.context().close();
  });
});
