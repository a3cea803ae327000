import { expect, request, test, type Page } from "@playwright/test";
import { PRESET_SETTINGS } from "../lib/presets/oauth-providers";
import { E2E_BASE_URL } from "./playwright.config";
import { startQuirksProvider, type QuirksHandle } from "./providers/quirks";
import { addMember, publishAndInstall, signInWithPage, signUp, type Account } from "./support";

/**
 * The installation page's Try it panel against the quirks provider's "seed" endpoints: before connecting
 * it offers Connect, the consent flow comes back to the panel, and then the upstream's body shows. Also
 * a missing param (422), an unreachable API (502), a dead grant (the re-authorization banner) and the
 * Activity filters.
 */

test.describe.configure({ mode: "serial" });

const CLIENT_ID = "try-it-client";
const CLIENT_SECRET = "try-it-secret-Vq3";
const SCREENS = "e2e/.artifacts/screens";
let quirks: QuirksHandle;
let member: Account;
let installationId: string;

function tryItApp() {
  return {
    schemaVersion: 1,
    name: "Contacts Explorer",
    settings: PRESET_SETTINGS,
    oauthConfigs: [
      {
        name: "acme",
        linkUrl: `${quirks.url("seed", "authorize")}?client_id={{client_id}}&response_type=code&redirect_uri={{redirect_uri}}&state={{state}}&scope=contacts.read`,
        authCodePath: "$.code",
        accessTokenPath: "$.access_token",
        refreshTokenPath: "$.refresh_token",
        expiresInPath: "$.expires_in",
        accessTokenVariable: "access_token",
        refreshTokenVariable: "refresh_token",
        tokenUrl: quirks.url("seed", "token"),
        requestBody:
          '{"grant_type": "authorization_code", "redirect_uri": "{{redirect_uri}}", "code": "{{auth_code}}", "client_id": {{client_id}}, "client_secret": {{client_secret}}}',
        requestFormat: "json",
        clientAuthentication: "body",
        refreshTokenBody: '{"refresh_token": {{refresh_token}}, "grant_type": "refresh_token"}',
      },
    ],
    apis: [
      {
        name: "list-contacts",
        method: "GET",
        url: `${quirks.url("seed", "contacts")}?limit={{limit}}&client={{client_id}}`,
        headers: { Authorization: "Bearer {{access_token}}", "X-Page": "{{page}}" },
        body: null,
        oauthConfig: "acme",
      },
      // Nothing listens on port 9 of loopback, so this one cannot be reached.
      { name: "unreachable", method: "GET", url: "http://127.0.0.1:9/nothing", headers: {}, body: null },
    ],
  };
}

test.beforeAll(async () => {
  quirks = await startQuirksProvider({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  const owner = await signUp(E2E_BASE_URL, "try-owner", "Try Org");
  ({ installationId } = await publishAndInstall(owner, tryItApp(), {
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uri: `${E2E_BASE_URL}/v1/dev_oauth/callback`,
  }));
  member = await addMember(E2E_BASE_URL, owner, "member");
});

test.afterAll(async () => {
  await quirks?.close();
});

/** A screenshot without the toasts, which would hide what is under them. */
const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true, style: 'div.fixed[aria-live="polite"] { visibility: hidden; }' });

test("@try-it a member is offered Connect, connects, comes back to the panel and sees the upstream's body", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInWithPage(page, member, `/installations/${installationId}?tab=try-it`);
  await expect(page.getByRole("tab", { name: "Try it" })).toHaveAttribute("aria-selected", "true");
  const tryIt = page.getByRole("region", { name: "Try it" });

  // The params are the template names that are neither settings nor built-ins; no setting value is on the page.
  await expect(tryIt.getByLabel("API", { exact: true })).toHaveValue("list-contacts");
  await expect(tryIt.getByRole("group", { name: "Parameters" }).getByRole("textbox")).toHaveCount(2);
  await expect(tryIt.getByLabel("limit", { exact: true })).toBeVisible();
  await expect(tryIt.getByLabel("page", { exact: true })).toBeVisible();
  expect(await page.content()).not.toContain(CLIENT_SECRET);

  // Not connected yet: the panel offers Connect before a run, and a run answers 409, which offers it too.
  await expect(tryIt.getByRole("link", { name: "Connect" })).toBeVisible();
  await tryIt.getByLabel("limit", { exact: true }).fill("5");
  await tryIt.getByLabel("page", { exact: true }).fill("1");
  await tryIt.getByRole("button", { name: "Run" }).click();
  await expect(tryIt.getByText("Connect your account to use this API")).toBeVisible();
  const connect = tryIt.getByRole("link", { name: "Connect" });
  const href = new URL((await connect.getAttribute("href"))!, E2E_BASE_URL);
  expect(href.pathname).toBe(`/connect/${installationId}/acme`);
  expect(href.searchParams.get("returnTo")).toBe(`/installations/${installationId}?tab=try-it&api=list-contacts`);
  await screenshot(page, "try-it-connect-1280");

  await connect.click();
  await expect(page.getByRole("heading", { name: "Connect Contacts Explorer" })).toBeVisible();
  await page.getByRole("button", { name: "Allow access" }).click();
  await expect(page.getByRole("heading", { name: "Connected" })).toBeVisible();
  await page.getByRole("link", { name: "Continue" }).click();

  // Back on the panel, with the same API chosen.
  await expect(page).toHaveURL(new RegExp(`/installations/${installationId}\\?tab=try-it&api=list-contacts$`));
  await expect(page.getByRole("tab", { name: "Try it" })).toHaveAttribute("aria-selected", "true");
  await expect(tryIt.getByLabel("API", { exact: true })).toHaveValue("list-contacts");
  await expect(tryIt.getByRole("link", { name: "Connect" })).toHaveCount(0);

  // A missing param is a 422 that names it, beside its field.
  await tryIt.getByLabel("page", { exact: true }).fill("1");
  await tryIt.getByRole("button", { name: "Run" }).click();
  await expect(tryIt.getByText("Missing parameter: limit")).toBeVisible();
  await expect(tryIt.getByLabel("limit", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(tryIt.getByText('Give a value for "limit"').first()).toBeVisible();

  // While the call runs, the panel says so.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/apis/list-contacts/invoke", async (route) => {
    await held;
    await route.continue();
  });
  await tryIt.getByLabel("limit", { exact: true }).fill("5");
  await tryIt.getByRole("button", { name: "Run" }).click();
  await expect(tryIt.getByRole("button", { name: "Running…" })).toBeDisabled();
  await expect(tryIt.getByText("Calling list-contacts…")).toBeVisible();
  release();

  await expect(tryIt.getByLabel("Status")).toHaveText("HTTP 200");
  const body = tryIt.getByLabel("Response body");
  await expect(body).toContainText("Ada Lovelace");
  // Pretty-printed: one field per line, indented.
  expect(await body.textContent()).toContain('{\n  "contacts": [\n    {\n      "id": 1,\n      "name": "Ada Lovelace"');
  await tryIt.getByText(/^Headers \(\d+\)$/).click();
  await expect(tryIt.getByRole("definition").filter({ hasText: "application/json" })).toBeVisible();
  await page.unroute("**/apis/list-contacts/invoke");
  await screenshot(page, "try-it-200-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "try-it-200-390");
  await page.setViewportSize({ width: 1280, height: 900 });

  // An API that cannot be reached is a 502 with its reason.
  await tryIt.getByLabel("API", { exact: true }).selectOption({ label: "unreachable" });
  await expect(tryIt.getByText("This API takes no parameters.")).toBeVisible();
  await tryIt.getByRole("button", { name: "Run" }).click();
  await expect(tryIt.getByText("The API could not be reached", { exact: true })).toBeVisible();
  await expect(tryIt.getByText(/^The API could not be reached: /)).toBeVisible();
});

test("@try-it a refused refresh shows the re-authorization banner on every tab, and Activity tells connects and refreshes apart", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInWithPage(page, member, `/installations/${installationId}?tab=connections`);
  const acme = page.getByRole("region", { name: "Connections" }).getByRole("listitem", { name: /acme/ });
  await expect(acme.getByText("Connected", { exact: true })).toBeVisible();
  await expect(acme.getByText("Last refreshed")).toBeVisible();

  await acme.getByRole("button", { name: "Refresh now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Refreshed the acme token" })).toBeVisible();
  await expect(acme.getByRole("definition").nth(2)).toContainText(/just now|seconds? ago/);

  // The user revokes the app at the provider: the next refresh gets invalid_grant.
  quirks.revokeRefreshTokens();
  await acme.getByRole("button", { name: "Refresh now" }).click();
  await expect(acme.getByText("Needs re-authorization")).toBeVisible();
  const banner = page.getByRole("alert").filter({ hasText: "Reconnect to keep using Contacts Explorer" });
  await expect(banner).toBeVisible();
  // One warning, not three: the banner with its Reconnect, and neither an inline notice nor a toast beside it.
  await expect(page.getByText(/no longer accepts/)).toHaveCount(1);
  await expect(page.getByText(/Reconnect to keep using/)).toHaveCount(1);
  await expect(acme.getByRole("alert")).toHaveCount(0);
  await expect(page.getByText("Could not refresh the acme token")).toHaveCount(0);
  await screenshot(page, "connections-needs-reauth-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "connections-needs-reauth-390");
  await page.setViewportSize({ width: 1280, height: 900 });

  // The banner stays on the other tabs, and its Reconnect comes back to the tab the member is on.
  await page.getByRole("tab", { name: "Try it" }).click();
  await expect(banner).toBeVisible();
  // The link follows the tab once the URL's ?tab= has changed, which happens just after the click.
  const reconnectLink = banner.getByRole("link", { name: "Reconnect" });
  await expect(reconnectLink).toHaveAttribute("href", /returnTo=[^&]*tab%3Dtry-it/);
  const reconnect = new URL((await reconnectLink.getAttribute("href"))!, E2E_BASE_URL);
  expect(reconnect.pathname).toBe(`/connect/${installationId}/acme`);
  expect(reconnect.searchParams.get("returnTo")).toMatch(new RegExp(`^/installations/${installationId}\\?tab=try-it`));
  const tryIt = page.getByRole("region", { name: "Try it" });
  await expect(tryIt.getByRole("link", { name: "Reconnect" })).toBeVisible();

  await page.getByRole("tab", { name: "Activity" }).click();
  const activity = page.getByRole("list", { name: "Activity" });
  await expect(activity.getByRole("listitem").first().getByLabel("Details")).toHaveText(
    /^Refresh failed · needs re-authorization · invalid_grant · HTTP 400 · \d+ ms$/,
  );
  await page.getByLabel("Type", { exact: true }).selectOption({ label: "Refreshed" });
  await expect(page).toHaveURL(/type=connection\.refreshed/);
  await expect(activity.getByRole("listitem")).toHaveCount(1);
  await expect(activity.getByRole("listitem").getByLabel("Details")).toHaveText(/^Refreshed · success · (refresh token rotated · )?\d+ ms$/);
  await page.getByLabel("Type", { exact: true }).selectOption({ label: "Connected" });
  await expect(activity.getByRole("listitem")).toHaveCount(1);
  await expect(activity.getByRole("listitem")).toContainText("member connected an account (acme)");

  // A member reads only their own connection events: the owner's install is not among them, filter or not.
  await page.getByLabel("Type", { exact: true }).selectOption({ label: "Every type" });
  await expect(activity.getByRole("listitem")).toHaveCount(3);
  await expect(activity).not.toContainText("installed the app");
  await page.getByLabel("User", { exact: true }).selectOption({ label: `member (${member.email})` });
  await expect(activity).not.toContainText("installed the app");
  await expect(activity.getByRole("listitem")).toHaveCount(3);
  await screenshot(page, "activity-filtered-1280");

  // The filters live in the URL, so a reload keeps them (once the URL holds the last one: reloading
  // before would race that navigation).
  await expect(page).toHaveURL(new RegExp(`user=${member.userId}`));
  await page.reload();
  await expect(page.getByRole("tab", { name: "Activity" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByLabel("User", { exact: true })).toHaveValue(member.userId);
  await expect(page.getByRole("list", { name: "Activity" }).getByRole("listitem")).toHaveCount(3);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "activity-filtered-390");

  // Disconnect, after a confirmation: the tokens are forgotten, and the banner goes with them.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("tab", { name: "Connections" }).click();
  await acme.getByRole("button", { name: "Disconnect" }).click();
  const dialog = page.getByRole("dialog", { name: "Disconnect acme?" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(acme.getByText("Needs re-authorization")).toBeVisible();
  await acme.getByRole("button", { name: "Disconnect" }).click();
  await dialog.getByRole("button", { name: "Disconnect" }).click();
  // The seed's config names no revocation URL, and the toast says so rather than claiming the provider was told.
  await expect(page.getByRole("status").filter({ hasText: "Disconnected acme" })).toContainText("This provider has no revocation URL.");
  await expect(acme.getByText("Not connected")).toBeVisible();
  await expect(acme.getByRole("link", { name: "Connect" })).toBeVisible();
  await expect(banner).toHaveCount(0);
  const list = await member.api.get(`/api/v1/installations/${installationId}/connections`);
  expect(await list.json()).toEqual([{ configName: "acme", status: "not_connected", expiresAt: null, connectedAt: null, lastRefreshedAt: null, scopes: null }]);
});

test("@try-it the connections list answers only the organization's members", async () => {
  const stranger = await signUp(E2E_BASE_URL, "stranger", "Elsewhere Org");
  expect((await stranger.api.get(`/api/v1/installations/${installationId}/connections`)).status()).toBe(404);
  const anonymous = await request.newContext({ baseURL: E2E_BASE_URL });
  expect((await anonymous.get(`/api/v1/installations/${installationId}/connections`)).status()).toBe(401);
  await anonymous.dispose();
});
