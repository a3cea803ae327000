import { expect, test } from "@playwright/test";
import { POSTGRES_PORTS } from "./playwright.config";
import { signInWithPage, uniqueEmail } from "./support";

const hasPostgres = !!process.env.E2E_DATABASE_URL;

test.describe("@scale-out two instances on one PostgreSQL", () => {
  test.skip(!hasPostgres, "needs E2E_DATABASE_URL (npm test sets it when TEST_DATABASE_URL is given)");

  test("a user who signs up on one instance signs in on the other", async ({ page }) => {
    const [first, second] = POSTGRES_PORTS.map((port) => `http://localhost:${port}`);
    const email = uniqueEmail("scale");
    await page.goto(`${first}/signup`);
    await page.getByLabel("Name").fill("Sam Scale");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a long password");
    await page.getByLabel("Organization").fill("Scale Co");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.getByRole("list", { name: "Organizations" })).toContainText("Scale Co");

    await page.context().clearCookies();
    await signInWithPage(page, { email, password: "a long password" }, "/", second);
    await expect(page).toHaveURL(new RegExp(`^${second}/`));
    await expect(page.getByRole("list", { name: "Organizations" })).toContainText("Scale Co");
  });
});
