import { expect, test } from "@playwright/test";

test.describe("@accounts", () => {
  test("a newcomer signs up, signs out and signs back in to see their organization", async ({ page }) => {
    const email = `newcomer-${Date.now()}@example.com`;
    await page.goto("/");
    await expect(page).toHaveURL(/\/signin/);

    await page.getByRole("link", { name: "Create an account" }).click();
    await page.getByLabel("Name").fill("Nora Newcomer");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a long password");
    await page.getByLabel("Organization").fill("Nora's Widgets");
    await page.getByRole("button", { name: "Sign up" }).click();

    const organizations = page.getByRole("list", { name: "Organizations" });
    await expect(organizations).toContainText("Nora's Widgets");
    await expect(organizations).toContainText("owner");
    await page.screenshot({ path: "e2e/.artifacts/screens/dashboard-1280.png", fullPage: true });

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/signin/);

    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a long password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("list", { name: "Organizations" })).toContainText("Nora's Widgets");
  });

  test("a wrong password is refused with a message, and the sign-in page keeps a relative callbackUrl only", async ({ page }) => {
    await page.goto("/signin?callbackUrl=https://evil.example/steal");
    await page.getByLabel("Email").fill("owner@demo.gatehouse.test");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect" })).toBeVisible();

    await page.getByLabel("Password").fill("gatehouse-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/localhost:\d+\/$/);
    await expect(page.getByRole("list", { name: "Organizations" })).toContainText("Demo Org");
  });

  test("the sign-up form explains what is wrong, field by field", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/signup");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.getByText("Enter a valid email address")).toBeVisible();
    await expect(page.getByText("Use at least 8 characters")).toBeVisible();
    await expect(page.getByText("Name your organization")).toBeVisible();
    await page.screenshot({ path: "e2e/.artifacts/screens/signup-390.png", fullPage: true });
  });
});
