import { expect, test } from "@playwright/test";
import { POSTGRES_PORTS } from "./playwright.config";
import { startLoopbackServer } from "./providers/loopback-server";
import { addMember, plainApp, publishAndInstall, signInWithPage, signUp, uniqueEmail } from "./support";

const hasPostgres = !!process.env.E2E_DATABASE_URL;

test.describe("@scale-out two instances on one PostgreSQL", () => {
  test.skip(!hasPostgres, "needs E2E_DATABASE_URL (npm test sets it when TEST_DATABASE_URL is given)");

  const [first, second] = POSTGRES_PORTS.map((port) => `http://localhost:${port}`) as [string, string];

  test("a user who signs up on one instance signs in on the other", async ({ page }) => {
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

  test("a member removed through one instance gets 404 from the other for invoke, pages and the API", async ({ browser }) => {
    const upstream = await startLoopbackServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ pong: true }));
    });
    const owner = await signUp(first, "removal-owner");
    const { installationId } = await publishAndInstall(owner, plainApp("Ping", [{ name: "ping", url: `${upstream.origin}/ping` }]), {});
    // The member's token and browser session both belong to the second instance.
    const member = await addMember(second, owner, "member");
    const invoke = () => member.api.post(`/api/v1/installations/${installationId}/apis/ping/invoke`, { data: {} });
    const getInstallation = () => member.api.get(`/api/v1/installations/${installationId}`);
    const installationPage = `${second}/installations/${installationId}`;

    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithPage(page, member, `/installations/${installationId}`, second);
    await expect(page.getByRole("heading", { name: "Ping", level: 1 })).toBeVisible();
    // The second instance has served the member, so its caches hold their membership.
    const before = await invoke();
    expect(await before.json()).toMatchObject({ status: 200, body: { pong: true } });
    expect((await getInstallation()).status()).toBe(200);

    const removed = await owner.api.delete(`/api/v1/organizations/${owner.organizationId}/members/${member.userId}`);
    expect(removed.status()).toBe(204);

    // The contract allows 250 ms for a change to reach every instance. Invoke, served from the second
    // instance's caches, shows the removal arrived within a bound well above that (and far below the
    // caches' lifetime); the API and the page then refuse on their first request.
    await expect.poll(async () => (await invoke()).status(), { timeout: 2_000, intervals: [50, 100, 250] }).toBe(404);
    expect((await getInstallation()).status()).toBe(404);
    expect((await page.goto(installationPage))?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Ping", level: 1 })).toHaveCount(0);

    await context.close();
    await upstream.close();
  });
});
