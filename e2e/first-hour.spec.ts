import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

/**
 * The first hour, at a laptop's and a phone's size: axe-core finds no violation on any main page state, the
 * sticky Save bar and toasts never cover the focused field of the App details form, and Try it on a phone
 * shows its response. Runs as the demo accounts on the e2e server (demo data seeded, sandbox provider on).
 */

const VIEWPORTS = [
  { name: "1280", size: { width: 1280, height: 800 } },
  { name: "390", size: { width: 390, height: 844 } },
] as const;
const PASSWORD = "gatehouse-demo";

async function signIn(page: Page, who: "owner" | "admin" | "member") {
  await page.context().clearCookies();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(`${who}@demo.gatehouse.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/signin/);
}

async function expectNoViolations(page: Page, state: string) {
  await page.waitForLoadState("networkidle");
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map(
    (violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(" | ")}`,
  );
  expect(found, `axe-core on ${state}`).toEqual([]);
}

async function openSandboxInstallation(page: Page) {
  await page.goto("/installations");
  await page.getByRole("link", { name: "Sandbox Notes" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Sandbox Notes" })).toBeVisible();
}

async function openSandboxApp(page: Page) {
  await page.goto("/apps");
  await page.getByRole("link", { name: "Sandbox Notes" }).first().click();
  await expect(page.getByRole("region", { name: "General" })).toBeVisible();
}

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.name} px`, () => {
    test.use({ viewport: viewport.size });

    test("axe-core finds no violations signed out", async ({ page }) => {
      const check = (state: string) => expectNoViolations(page, `${state} at ${viewport.name}`);

      await page.goto("/signin");
      await check("sign-in");
      await page.goto("/signup");
      await check("sign-up");
      await page.goto("/no-such-page");
      await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
      await check("404");
    });

    test("axe-core finds no violations on an owner's pages", async ({ page }) => {
      test.setTimeout(480_000);
      const check = (state: string) => expectNoViolations(page, `${state} at ${viewport.name}`);
      await signIn(page, "owner");
      await check("dashboard (owner)");
      await page.goto("/apps");
      await check("apps");
      await openSandboxApp(page);
      await check("app details");
      await page.getByRole("button", { name: "Add OAuth config" }).click();
      const addConfig = page.getByRole("dialog", { name: "Add an OAuth config" });
      await expect(addConfig.getByRole("option", { name: "Sandbox (built in)" })).toBeAttached();
      await check("add OAuth config dialog");
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: "Add API" }).first().click();
      await expect(page.getByRole("dialog", { name: "Add an API" })).toBeVisible();
      await check("add API dialog");
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: "Import" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await check("import dialog");
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: "Export" }).click();
      await expect(page.getByRole("dialog", { name: "Export the definition" })).toBeVisible();
      await check("export dialog");
      await page.keyboard.press("Escape");
      // A failed save: the problem list and the marked fields.
      await openSandboxApp(page);
      await page.getByRole("region", { name: "General" }).getByLabel("App name").fill("");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await expect(page.getByRole("heading", { name: /before saving/ })).toBeVisible();
      await check("app details with problems");

      await page.goto("/store");
      await check("store");
      await page.getByRole("link", { name: /Sandbox Notes/ }).first().click();
      await expect(page.getByRole("heading", { level: 1, name: "Sandbox Notes" })).toBeVisible();
      await expect(page.getByRole("definition").filter({ hasText: "gatehouse-sandbox" })).toBeVisible();
      await check("store app page");

      await openSandboxInstallation(page);
      for (const tab of ["Settings", "Connections", "Try it", "Activity"]) {
        await page.getByRole("tab", { name: tab }).click();
        await check(`installation ${tab} (owner)`);
      }
    });

    test("axe-core finds no violations on a member's pages", async ({ page }) => {
      test.setTimeout(480_000);
      const check = (state: string) => expectNoViolations(page, `${state} at ${viewport.name}`);
      await signIn(page, "member");
      await check("dashboard (member)");
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Apps" })).toHaveCount(0);
      await openSandboxInstallation(page);
      // A member's installation page opens where they act.
      await expect(page.getByRole("tab", { name: "Connections" })).toHaveAttribute("aria-selected", "true");
      for (const tab of ["Connections", "Try it", "Activity", "Settings"]) {
        await page.getByRole("tab", { name: tab }).click();
        await check(`installation ${tab} (member)`);
      }
      await page.getByRole("tab", { name: "Connections" }).click();
      await page.getByRole("region", { name: "Connections" }).getByRole("link", { name: /^(Connect|Reconnect)$/ }).first().click();
      await expect(page.getByRole("button", { name: "Allow access" })).toBeVisible();
      await check("consent page");
      // Tab order follows what is seen: Allow access, then Cancel.
      const order = await page.locator("form button, form a").evaluateAll((elements) => elements.map((element) => element.textContent?.trim()));
      expect(order.slice(0, 2)).toEqual(["Allow access", "Cancel"]);
      await page.goto("/connect/result?outcome=denied");
      await check("result page (denied)");
      await page.goto("/connect/result?outcome=config_error");
      await expect(page.getByText("Ask an admin")).toBeVisible();
      await check("result page (configuration error, member)");
      await page.goto("/connect/no-such-installation/sandbox");
      await expect(page.getByRole("heading", { name: "You can't use this connect link" })).toBeVisible();
      await check("consent link of another organization");
    });

    test("tabbing through the App details form, the focused field is never under the Save bar or a toast", async ({ page }) => {
      test.setTimeout(180_000);
      await signIn(page, "owner");
      await openSandboxApp(page);
      // A toast on screen while tabbing, as after a save.
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await expect(page.getByText("Saved", { exact: true })).toBeVisible();

      await page.getByRole("link", { name: "← Apps" }).focus();
      const seen: string[] = [];
      for (let step = 0; step < 400; step++) {
        await page.keyboard.press("Tab");
        const stop = await page.evaluate(() => {
          const focused = document.activeElement as HTMLElement | null;
          if (!focused || focused === document.body) return { done: true, label: "", covered: null as string | null };
          const bar = document.querySelector("[data-save-bar]") ?? document.querySelector(".sticky.bottom-3");
          const toasts = document.querySelector('[aria-live="polite"].fixed');
          const label = `${focused.tagName.toLowerCase()} ${focused.getAttribute("name") ?? focused.getAttribute("aria-label") ?? focused.textContent?.trim().slice(0, 30) ?? ""}`;
          if (bar?.contains(focused)) return { done: focused.textContent?.trim() === "Save", label, covered: null };
          const box = focused.getBoundingClientRect();
          const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          let covered: string | null = null;
          if (!hit) covered = "outside the viewport";
          else if (bar?.contains(hit)) covered = "the Save bar";
          else if (toasts?.contains(hit)) covered = "a toast";
          return { done: false, label, covered };
        });
        if (stop.done) break;
        seen.push(stop.label);
        expect(stop.covered, `focus stop ${step}: ${stop.label}`).toBeNull();
      }
      expect(seen.length).toBeGreaterThan(20);

      // After a failed save the first invalid field has focus, above the bar.
      await page.getByRole("region", { name: "General" }).getByLabel("App name").fill("");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await expect(page.getByRole("region", { name: "General" }).getByLabel("App name")).toBeFocused();
      const covered = await page.evaluate(() => {
        const focused = document.activeElement as HTMLElement;
        const box = focused.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return hit === focused || focused.contains(hit) ? null : (hit?.outerHTML.slice(0, 80) ?? "outside the viewport");
      });
      expect(covered).toBeNull();
      // The problem list's link focuses its field.
      await page.getByRole("region", { name: "General" }).getByLabel("App name").blur();
      await page.getByRole("link", { name: "App name" }).click();
      await expect(page.getByRole("region", { name: "General" }).getByLabel("App name")).toBeFocused();
    });
  });
}

test("Try it on a phone brings the response into view and focus", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "member");
  await openSandboxInstallation(page);
  const sandbox = page.getByRole("region", { name: "Connections" }).getByRole("listitem", { name: /sandbox/ });
  if (!(await sandbox.getByText("Connected", { exact: true }).isVisible())) {
    await sandbox.getByRole("link", { name: /^(Connect|Reconnect)$/ }).click();
    await page.getByRole("button", { name: "Allow access" }).click();
    await page.getByRole("button", { name: "Approve" }).click();
    await page.getByRole("link", { name: "Continue" }).click();
  }
  const installationId = /\/installations\/([^/?]+)/.exec(page.url())![1]!;
  try {
    await page.getByRole("tab", { name: "Try it" }).click();
    const tryIt = page.getByRole("region", { name: "Try it" });
    await tryIt.getByLabel("limit", { exact: true }).fill("2");
    const response = tryIt.getByRole("region", { name: "Response" });
    await expect(response).not.toBeInViewport();
    await tryIt.getByRole("button", { name: "Run" }).click();
    await expect(tryIt.getByLabel("Status")).toHaveText("HTTP 200");
    await expect(response).toBeFocused();
    await expect(response).toBeInViewport();
  } finally {
    // Leave the demo member as the README's walk-through (sandbox.spec.ts) expects to meet them: not connected.
    expect((await page.request.delete(`/api/v1/installations/${installationId}/connections/sandbox`)).status()).toBe(204);
  }
});
