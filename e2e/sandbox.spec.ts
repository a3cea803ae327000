import { expect, test, type Page } from "@playwright/test";

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
