import { expect, test } from "@playwright/test";
import { CONTRACT_EXAMPLE } from "../lib/testing/contract-example";
import { addMember, publishAndInstall, signInWithPage, signUp } from "./support";

/** A member fills their own non-token settings on the installation's Connections tab. */

const definition = {
  ...structuredClone(CONTRACT_EXAMPLE),
  name: "Workspaces",
  settings: [
    ...structuredClone(CONTRACT_EXAMPLE.settings),
    { key: "workspace_id", label: "Workspace ID", level: "user", secret: false, required: true },
    { key: "workspace_key", label: "Workspace key", level: "user", secret: true, required: false },
  ],
};

test.describe("@installations", () => {
  test.describe.configure({ timeout: 120_000 });

  test("a member fills their own settings on the Connections tab; the secret is stored but never shown", async ({ page, baseURL }) => {
    const owner = await signUp(baseURL!, "my-settings-owner");
    const { installationId } = await publishAndInstall(owner, definition, {
      client_id: "id",
      client_secret: "secret",
      redirect_uri: `${baseURL}/v1/dev_oauth/callback`,
    });
    const member = await addMember(baseURL!, owner, "member");
    await signInWithPage(page, member, `/installations/${installationId}?tab=connections`);

    const form = page.getByRole("form", { name: "Your settings" });
    // Tokens are the flow's to write: only the settings a member fills are asked for.
    await expect(form.getByLabel("Access token")).toHaveCount(0);
    await form.getByLabel("Workspace ID").fill("ws-42");
    await form.getByLabel("Workspace key").fill("k-very-secret");
    await form.getByRole("button", { name: "Save your settings" }).click();
    await expect(page.getByText("Your settings are saved")).toBeVisible();

    const stored = await (await member.api.get(`/api/v1/installations/${installationId}/my-settings`)).json();
    expect(stored.values).toEqual({ workspace_id: "ws-42", workspace_key: "********" });

    await page.reload();
    const reloaded = page.getByRole("form", { name: "Your settings" });
    await expect(reloaded.getByLabel("Workspace ID")).toHaveValue("ws-42");
    await expect(reloaded.getByLabel("Workspace key")).toHaveValue("");
    await expect(reloaded.getByLabel("Workspace key")).toHaveAttribute("placeholder", "********");
    expect(await page.content()).not.toContain("k-very-secret");
  });
});
