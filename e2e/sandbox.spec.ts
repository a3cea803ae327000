import { expect, test, type Page } from "@playwright/test";
import { E2E_BASE_URL } from "./playwright.config";
import { addMember, signInWithPage, signUp } from "./support";

/**
 * README.md's "Try it offline: the sandbox", step by step as a newcomer reads it, on the e2e server (the
 * embedded default: demo data seeded, sandbox provider on). It also takes the README's screenshots.
 * Refresh them with: UPDATE_DOCS_SCREENSHOTS=1 E2E_PORT=3000 npm run test:e2e -- e2e/sandbox.spec.ts
 */

const SCREENS = "e2e/.artifacts/screens";
// The README's pictures are refreshed on request (UPDATE_DOCS_SCREENSHOTS=1), so a test run leaves the tree clean.
const DOCS = process.env.UPDATE_DOCS_SCREENSHOTS === "1" ? "public/docs" : SCREENS;

/** A screenshot without the toasts, which would hide what is under them. */
function screenshot(page: Page, path: string, fullPage = true) {
  return page.screenshot({ path, fullPage, style: 'div.fixed[aria-live="polite"] { visibility: hidden; }' });
}

test("@sandbox the README's walk-through: connect to the sandbox, run list-notes with limit 2, see the notes", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });

  // 1. Sign in as the demo member.
  await page.goto("/");
  await page.getByLabel("Email").fill("member@demo.gatehouse.test");
  await page.getByLabel("Password").fill("gatehouse-demo");
  await page.getByRole("button", { name: "Sign in" }).click();

  // 2. Installations → Sandbox Notes.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Installations" }).click();
  await page.getByRole("link", { name: "Sandbox Notes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sandbox Notes" })).toBeVisible();

  // 3. Connections: sandbox is not connected yet → Connect.
  await page.getByRole("tab", { name: "Connections" }).click();
  const connections = page.getByRole("region", { name: "Connections" });
  const sandbox = connections.getByRole("listitem", { name: /sandbox/ });
  await expect(sandbox.getByText("Not connected")).toBeVisible();
  await sandbox.getByRole("link", { name: "Connect" }).click();

  // 4. Gatehouse's landing page → Allow access.
  await expect(page.getByRole("heading", { name: "Connect Sandbox Notes" })).toBeVisible();
  await expect(page.getByText("Demo Org")).toBeVisible();
  await expect(page.getByRole("list", { name: "Requested scopes" })).toContainText("notes.read");
  await page.getByRole("button", { name: "Allow access" }).click();

  // 5. The sandbox provider → Approve.
  await expect(page.getByText("Sandbox provider")).toBeVisible();
  await page.getByRole("button", { name: "Approve" }).click();

  // 6. Connected → Continue, back on the Connections tab.
  await expect(page.getByRole("heading", { name: "Connected" })).toBeVisible();
  await page.getByRole("link", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/installations\/[^?]+\?tab=connections$/);
  await expect(page.getByRole("tab", { name: "Connections" })).toHaveAttribute("aria-selected", "true");
  await expect(sandbox.getByText("Connected", { exact: true })).toBeVisible();
  await expect(sandbox.getByText(/^in (1|2) minutes?$|^in \d+ seconds$/)).toBeVisible();
  await expect(sandbox.getByRole("button", { name: "Refresh now" })).toBeVisible();
  await screenshot(page, `${DOCS}/sandbox-connect.png`, false);

  // 7. Try it → list-notes, limit 2 → Run.
  await page.getByRole("tab", { name: "Try it" }).click();
  const tryIt = page.getByRole("region", { name: "Try it" });
  await tryIt.getByLabel("API", { exact: true }).selectOption({ label: "list-notes" });
  await tryIt.getByLabel("limit", { exact: true }).fill("2");
  await tryIt.getByRole("button", { name: "Run" }).click();

  // 8. HTTP 200, the headers, and two notes in the body.
  await expect(tryIt.getByLabel("Status")).toHaveText("HTTP 200");
  await expect(tryIt.getByText(/^Headers \(\d+\)$/)).toBeVisible();
  const body = tryIt.getByLabel("Response body");
  await expect(body).toContainText('"title": "Welcome to Gatehouse"');
  await expect(body).toContainText('"title": "Tokens refresh themselves"');
  await expect(body).not.toContainText("Try a real provider");
  await expect(body).toContainText('"user": "member@demo.gatehouse.test"');
  await screenshot(page, `${DOCS}/sandbox-try-it.png`, false);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${SCREENS}/sandbox-try-it-390.png`);

  // The Activity tab lists the connect, with how long it took.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("tab", { name: "Activity" }).click();
  const activity = page.getByRole("list", { name: "Activity" });
  await expect(activity.getByRole("listitem").first()).toContainText("Mia Member connected an account (sandbox)");
  await expect(activity.getByRole("listitem").first().getByLabel("Details")).toHaveText(/^Connected · \d+ ms$/);
  await screenshot(page, `${SCREENS}/sandbox-activity-1280.png`);
  await page.getByRole("tab", { name: "Connections" }).click();
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${SCREENS}/sandbox-connect-390.png`);
});

test("@sandbox the README's five minutes: an app built with the Sandbox preset, installed with its credentials checked", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  // A fresh developer rather than the demo owner, so that runs leave the demo organization as it was.
  const developer = await signUp(E2E_BASE_URL, "sandbox-dev", "Sandbox Dev Org");
  const appName = `My notes ${Date.now().toString(36)}`;

  // 1. Apps → New app, name it → Create app.
  await signInWithPage(page, developer);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Apps" }).click();
  await page.getByRole("button", { name: "New app" }).click();
  const create = page.getByRole("dialog", { name: "Create an app" });
  await create.getByLabel("App name").fill(appName);
  await create.getByRole("button", { name: "Create app" }).click();
  await expect(page.getByRole("heading", { level: 1, name: appName })).toBeVisible();

  // 2. Add OAuth config → the preset Sandbox (built in), with the settings it uses → Add config.
  await page.getByRole("button", { name: "Add OAuth config" }).click();
  const addConfig = page.getByRole("dialog", { name: "Add an OAuth config" });
  await addConfig.getByLabel("Provider preset").selectOption({ label: "Sandbox (built in)" });
  await expect(addConfig.getByLabel("Also add the settings it uses")).toBeChecked();
  await addConfig.getByRole("button", { name: "Add config" }).click();
  for (const key of ["client_id", "client_secret", "redirect_uri", "access_token", "refresh_token"]) {
    await expect(page.getByRole("table", { name: "Settings" })).toContainText(key);
  }

  // 3. Add API list-notes: it starts with the bearer header; set its URL.
  await page.getByRole("button", { name: "Add API" }).first().click();
  const addApi = page.getByRole("dialog", { name: "Add an API" });
  await addApi.getByLabel("API name").fill("list-notes");
  await addApi.getByRole("button", { name: "Add API" }).click();
  const api = page.getByRole("region", { name: "API list-notes" });
  await expect(api.getByLabel("Header value")).toHaveValue("Bearer {{access_token}}");
  await api.getByLabel("URL", { exact: true }).fill(`${E2E_BASE_URL}/sandbox/api/notes?limit={{limit}}`);

  // 4. Save, Publish, Install it: the store page shows the sandbox's test client, and the install form
  // says the credentials are checked on install.
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("link", { name: "Install it" }).click();
  const dialog = page.getByRole("dialog", { name: `Install ${appName}` });
  await expect(dialog).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "gatehouse-sandbox" })).toBeAttached();
  await expect(dialog.getByText("Checked on install.")).toBeVisible();
  await expect(dialog.getByText("Checked at first connect.")).toHaveCount(0);
  await expect(dialog.getByLabel("Redirect URI")).toHaveValue(`${E2E_BASE_URL}/v1/dev_oauth/callback`);

  await dialog.getByLabel("Client ID").fill("gatehouse-sandbox");
  await dialog.getByLabel("Client secret").fill("not-the-sandbox-secret");
  await dialog.getByRole("button", { name: "Install", exact: true }).click();
  // Refused before anything is saved, on the field; the other answers stay as typed.
  await expect(dialog.getByText("Client secret is not accepted by the provider")).toBeVisible();
  await expect(dialog.getByLabel("Client secret")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByLabel("Client ID")).toHaveValue("gatehouse-sandbox");
  await expect(page).toHaveURL(/\/store\//);

  await dialog.getByLabel("Client secret").fill("sandbox-secret");
  await dialog.getByRole("button", { name: "Install", exact: true }).click();

  // 5. The new installation's Connections tab: Connect, Allow access, Approve, then Try it.
  await expect(page).toHaveURL(/\/installations\/[0-9a-f-]{36}\?tab=connections$/);
  const installationPath = new URL(page.url()).pathname;

  // Had the provider refused the client at the first connect, its installer would be sent to the settings, not to a retry.
  for (const query of ["outcome=config_error", "outcome=provider_error&error=invalid_client"]) {
    await page.goto(`/connect/result?${query}&installation=${installationPath.split("/").pop()}&config=sandbox`);
    await expect(page.getByRole("link", { name: "Open the installation's settings" })).toHaveAttribute("href", `${installationPath}?tab=settings`);
    await expect(page.getByRole("link", { name: "Try again" })).toHaveCount(0);
  }
  await page.goto(`${installationPath}?tab=connections`);
  await page.getByRole("region", { name: "Connections" }).getByRole("link", { name: "Connect", exact: true }).click();
  await page.getByRole("button", { name: "Allow access" }).click();
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("heading", { name: "Connected" })).toBeVisible();
  await page.getByRole("link", { name: "Continue" }).click();
  await page.getByRole("tab", { name: "Try it" }).click();
  const tryIt = page.getByRole("region", { name: "Try it" });
  await tryIt.getByLabel("API", { exact: true }).selectOption({ label: "list-notes" });
  await tryIt.getByLabel("limit", { exact: true }).fill("2");
  await tryIt.getByRole("button", { name: "Run" }).click();
  await expect(tryIt.getByLabel("Status")).toHaveText("HTTP 200");
  await expect(tryIt.getByLabel("Response body")).toContainText('"title": "Welcome to Gatehouse"');

  // A member who meets the same refusal cannot fix the settings: they are led to the organization's admins.
  const member = await addMember(E2E_BASE_URL, developer, "member");
  await page.context().clearCookies();
  await signInWithPage(page, member, `/connect/result?outcome=config_error&installation=${installationPath.split("/").pop()}&config=sandbox`);
  await expect(page.getByRole("link", { name: "See your organization's admins" })).toHaveAttribute(
    "href",
    `/organizations/${developer.organizationId}/members`,
  );
  await expect(page.getByRole("link", { name: "Open the installation's settings" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Try again" })).toHaveCount(0);
});
