import { expect, test, type Page } from "@playwright/test";
import { plainApp, publishAndInstall, signInWithPage, signUp, uniqueEmail } from "./support";

/** Creates an invitation on the Members page and returns the link it shows. */
async function inviteByLink(page: Page, email: string, role: "admin" | "member"): Promise<string> {
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create invitation link" }) });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role", { exact: true }).selectOption(role);
  await form.getByRole("button", { name: "Create invitation link" }).click();
  const link = page.getByLabel("Invitation link");
  await expect(link).toHaveValue(/\/invite\/gh_inv_/);
  await expect(page.getByRole("list", { name: "Pending invitations" })).toContainText(email);
  return link.inputValue();
}

test.describe("@organizations", () => {
  // Three people, three browsers and a dozen page loads: more than the default budget on a busy machine.
  test.describe.configure({ timeout: 180_000 });

  test("an owner runs the team: invitations by link, a role change, a removal, and the last owner kept", async ({ page, browser, baseURL }) => {
    const owner = await signUp(baseURL!, "team-owner", `Team ${Date.now()}`);
    const orgName = (await (await owner.api.get("/api/v1/me")).json()).organizations[0].name as string;
    const membersPath = `/organizations/${owner.organizationId}/members`;

    // The owner invites an admin by link.
    await signInWithPage(page, owner, membersPath);
    await expect(page.getByRole("heading", { name: orgName })).toBeVisible();
    const adminEmail = uniqueEmail("invited-admin");
    const adminLink = await inviteByLink(page, adminEmail, "admin");

    // The invitee signs up through the link and lands in the organization as admin.
    const adminContext = await browser.newContext();
    const adminPage = await adminContext.newPage();
    await adminPage.goto(adminLink);
    await expect(adminPage.getByRole("heading", { name: `Join ${orgName}` })).toBeVisible();
    await expect(adminPage.getByText("You are invited as admin.")).toBeVisible();
    await adminPage.getByRole("link", { name: "Sign up to accept" }).click();
    await adminPage.getByLabel("Name").fill("Ada Admin");
    await adminPage.getByLabel("Email").fill(adminEmail);
    await adminPage.getByLabel("Password").fill("a long password");
    await adminPage.getByLabel("Organization").fill("Ada's own");
    await adminPage.getByRole("button", { name: "Sign up" }).click();
    await expect(adminPage).toHaveURL(/\/invite\//);
    await adminPage.getByRole("button", { name: "Accept invitation" }).click();
    await expect(adminPage).toHaveURL(new RegExp(`${membersPath}$`));
    await expect(adminPage.getByText("Your role here: admin")).toBeVisible();
    await expect(adminPage.getByRole("button", { name: `Organization: ${orgName} (admin)` })).toBeVisible();

    // The link worked once.
    const reused = await adminPage.goto(adminLink);
    expect(reused?.status()).toBe(200);
    await expect(adminPage.getByRole("alert").filter({ hasText: "already been used" })).toBeVisible();

    // The admin invites a member, who accepts after signing in with an existing account.
    await adminPage.goto(membersPath);
    const member = await signUp(baseURL!, "invited-member");
    const memberLink = await inviteByLink(adminPage, member.email, "member");
    const memberContext = await browser.newContext();
    const memberPage = await memberContext.newPage();
    await memberPage.goto(memberLink);
    await memberPage.getByRole("link", { name: "Sign in to accept" }).click();
    await memberPage.getByLabel("Email").fill(member.email);
    await memberPage.getByLabel("Password").fill(member.password);
    await memberPage.getByRole("button", { name: "Sign in" }).click();
    await expect(memberPage).toHaveURL(/\/invite\//);
    await memberPage.getByRole("button", { name: "Accept invitation" }).click();
    await expect(memberPage.getByText("Your role here: member")).toBeVisible();
    // A member is shown no invitation form and no role controls.
    await expect(memberPage.getByRole("button", { name: "Create invitation link" })).toHaveCount(0);
    await expect(memberPage.getByRole("combobox")).toHaveCount(0);

    // The owner demotes the admin and removes the member.
    await page.reload();
    const members = page.getByRole("list", { name: "Members" });
    await expect(members).toContainText(member.email);
    await page.getByLabel(`Role of ${adminEmail}`).selectOption("member");
    await expect(page.getByText("Ada Admin is now member")).toBeVisible();
    await page.getByRole("button", { name: `Remove ${member.email}` }).click();
    await expect(members).not.toContainText(member.email);
    const roles = await (await owner.api.get(`/api/v1/organizations/${owner.organizationId}/members`)).json();
    expect(roles.map((row: { email: string; role: string }) => [row.email, row.role])).toEqual([
      [owner.email, "owner"],
      [adminEmail, "member"],
    ]);

    // The removed member's next page load and API call answer 404.
    const gone = await memberPage.goto(membersPath);
    expect(gone?.status()).toBe(404);
    expect((await member.api.get(`/api/v1/organizations/${owner.organizationId}/members`)).status()).toBe(404);

    // The last owner cannot leave, and the page says why.
    await page.getByRole("button", { name: "Leave organization" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "last owner" })).toBeVisible();
    await page.screenshot({ path: "e2e/.artifacts/screens/members-1280.png", fullPage: true });
    await expect(members).toContainText(owner.email);

    await adminContext.close();
    await memberContext.close();
  });

  test("an invitation for another email cannot be accepted, and the switcher creates and switches organizations", async ({ page, baseURL }) => {
    const owner = await signUp(baseURL!, "switcher-owner");
    const other = await signUp(baseURL!, "wrong-person");
    const created = await owner.api.post(`/api/v1/organizations/${owner.organizationId}/invitations`, { data: { email: uniqueEmail("someone"), role: "member" } });
    expect(created.status()).toBe(201);
    const { inviteUrl } = await created.json();

    await signInWithPage(page, other, new URL(inviteUrl).pathname);
    await expect(page.getByRole("alert").filter({ hasText: "this invitation is for" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Accept invitation" })).toHaveCount(0);

    await page.goto("/");
    await page.getByRole("button", { name: /^Organization: / }).click();
    await page.getByRole("menuitem", { name: "New organization" }).click();
    await page.getByLabel("Organization name").fill("Second shop");
    await page.getByRole("button", { name: "Create organization" }).click();
    await expect(page.getByRole("heading", { name: "Second shop" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Organization: Second shop (owner)" })).toBeVisible();
    await page.getByRole("button", { name: /^Organization: / }).click();
    await page.getByRole("menuitemradio", { name: /wrong-person org/ }).click();
    await expect(page.getByRole("button", { name: "Organization: wrong-person org (owner)" })).toBeVisible();
  });

  test("the Installations and Apps lists follow the organization chosen in the switcher, and the choice survives a reload", async ({ page, baseURL }) => {
    const north = { name: `North ${Date.now()}`, app: "North ledger" };
    const south = { name: `South ${Date.now()}`, app: "South ledger" };
    const owner = await signUp(baseURL!, "two-orgs", north.name);
    const created = await owner.api.post("/api/v1/organizations", { data: { name: south.name } });
    expect(created.status()).toBe(201);
    await publishAndInstall(owner, plainApp(north.app), {});
    await publishAndInstall({ ...owner, organizationId: (await created.json()).id as string }, plainApp(south.app), {});

    const switchTo = async (organization: typeof north) => {
      await page.getByRole("button", { name: /^Organization: / }).click();
      await page.getByRole("menuitemradio", { name: new RegExp(organization.name) }).click();
      await expect(page.getByRole("button", { name: `Organization: ${organization.name} (owner)` })).toBeVisible();
    };
    const expectListsOf = async (shown: typeof north, hidden: typeof north) => {
      await page.goto("/installations");
      await expect(page.getByRole("list", { name: `Installed in ${shown.name}` }).getByRole("link", { name: shown.app })).toBeVisible();
      await expect(page.getByRole("link", { name: hidden.app })).toHaveCount(0);
      await page.goto("/apps");
      await expect(page.getByRole("list", { name: "Your apps" }).getByRole("link", { name: shown.app })).toBeVisible();
      await expect(page.getByRole("link", { name: hidden.app })).toHaveCount(0);
    };

    await signInWithPage(page, owner, "/installations");
    await switchTo(north);
    await expectListsOf(north, south);
    await switchTo(south);
    await expectListsOf(south, north);

    await page.reload();
    await expect(page.getByRole("button", { name: `Organization: ${south.name} (owner)` })).toBeVisible();
    await expect(page.getByRole("list", { name: "Your apps" }).getByRole("link", { name: south.app })).toBeVisible();
    await expect(page.getByRole("link", { name: north.app })).toHaveCount(0);
  });
});
