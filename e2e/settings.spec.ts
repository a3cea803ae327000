import { expect, request as playwrightRequest, test } from "@playwright/test";
import { signInWithPage, signUp } from "./support";

test.describe("@settings", () => {
  // Each test signs in from two browsers (scrypt each time) on top of a sign-up.
  test.describe.configure({ timeout: 120_000 });

  test("a user creates a token (shown once, copied), uses it, and revokes it", async ({ page, context, baseURL }) => {
    const account = await signUp(baseURL!, "tokens-ui");
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await signInWithPage(page, account, "/settings/tokens");
    await expect(page).toHaveURL(/\/settings\/tokens/);
    const list = page.getByRole("list", { name: "Personal access tokens" });
    await expect(list).toContainText("e2e");

    await page.getByLabel("Token name").fill("deploy script");
    await page.getByLabel("Expires after").selectOption("30");
    await page.getByRole("button", { name: "Create token" }).click();
    const shown = page.getByLabel("New token");
    await expect(shown).toHaveValue(/^gh_pat_/);
    const token = await shown.inputValue();
    await page.getByRole("button", { name: "Copy" }).click();
    await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await expect(list).toContainText("deploy script");
    await expect(list).toContainText(token.slice(0, 11));
    await page.screenshot({ path: "e2e/.artifacts/screens/settings-tokens-1280.png", fullPage: true });

    const api = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
    expect((await api.get("/api/v1/me")).status()).toBe(200);

    await page.getByRole("button", { name: "Done" }).click();
    await expect(shown).toHaveCount(0);
    await page.getByRole("button", { name: "Revoke deploy script" }).click();
    await page.getByRole("button", { name: "Revoke token" }).click();
    await expect(list).not.toContainText("deploy script");
    expect((await api.get("/api/v1/me")).status()).toBe(401);
    await api.dispose();
  });

  test("a password change keeps this browser signed in and signs every other session out", async ({ page, browser, baseURL }) => {
    const account = await signUp(baseURL!, "password-ui");
    await signInWithPage(page, account, "/settings/security");
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signInWithPage(otherPage, account, "/");
    const oldCookies = await page.context().cookies();

    await page.getByLabel("Current password").fill(account.password);
    await page.getByLabel(/^New password/).fill("a fresh passphrase");
    await page.getByLabel("Confirm new password").fill("a fresh passphrase");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("Password changed")).toBeVisible();

    // This browser signed in again with the new password; its old cookie and the other browser are out.
    await page.reload();
    await expect(page).toHaveURL(/\/settings\/security/);
    await otherPage.goto("/installations");
    await expect(otherPage).toHaveURL(/\/signin/);
    const stale = await playwrightRequest.newContext({ baseURL, storageState: { cookies: oldCookies, origins: [] } });
    expect((await stale.get("/api/v1/me")).status()).toBe(401);
    await stale.dispose();
    await other.close();
  });

  test("sign out everywhere ends every session", async ({ page, browser, baseURL }) => {
    const account = await signUp(baseURL!, "everywhere-ui");
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signInWithPage(otherPage, account, "/");
    await signInWithPage(page, account, "/settings/security");
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(page).toHaveURL(/\/signin/);
    await otherPage.goto("/installations");
    await expect(otherPage).toHaveURL(/\/signin/);
    await other.close();
  });
});
