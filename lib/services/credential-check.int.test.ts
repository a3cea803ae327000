import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as publish } from "@/app/api/v1/apps/[appId]/publish/route";
import { PATCH as patchSettings } from "@/app/api/v1/installations/[id]/settings/route";
import { POST as createApp } from "@/app/api/v1/organizations/[orgId]/apps/route";
import { POST as install } from "@/app/api/v1/organizations/[orgId]/installations/route";
import { POST as sandboxToken } from "@/app/sandbox/oauth/token/route";
import { resetEnvForTesting } from "@/lib/env";
import { SANDBOX_CREDENTIALS } from "@/lib/presets/sandbox";
import { appDefinitionSchema } from "@/lib/schemas/app-definition";
import { callRoute, createTestAccount } from "@/lib/testing/api";
import { CONTRACT_EXAMPLE } from "@/lib/testing/contract-example";
import { startEdgeServer } from "@/lib/testing/edge-server";
import { useTestDatabase } from "@/lib/testing/test-database";
import { describeCredentialCheck } from "./credential-check";
import { getCallbackUrl } from "./connect";
import { findStoreAppPage } from "./installation-pages";
import { loadOrganizationSettings } from "./installations";
import { sandboxAppDefinition } from "./sandbox-app";

const db = useTestDatabase();

// The sandbox's real token endpoint on a real socket, as Gatehouse's own origin, so the check goes out
// through the outbound client and its guard as it does in production.
let sandbox: Awaited<ReturnType<typeof startEdgeServer>>;
const saved = { APP_URL: process.env.APP_URL, SANDBOX_PROVIDER: process.env.SANDBOX_PROVIDER };
let tokenRequests = 0;

beforeAll(async () => {
  sandbox = await startEdgeServer(async (request) => {
    tokenRequests += 1;
    return sandboxToken(request);
  }, 0);
  process.env.APP_URL = `http://127.0.0.1:${sandbox.port}`;
  process.env.SANDBOX_PROVIDER = "true";
  resetEnvForTesting();
});

afterAll(async () => {
  await sandbox?.close();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvForTesting();
});

async function publishedApp(definition: unknown) {
  const developer = await createTestAccount("developer");
  const created = await callRoute(createApp, { token: developer.token, params: { orgId: developer.organizationId }, body: definition });
  expect(created.status).toBe(201);
  const appId = created.body.id as string;
  expect((await callRoute(publish, { method: "POST", token: developer.token, params: { appId } })).status).toBe(200);
  return appId;
}

const answers = (clientSecret: string) => ({ client_id: SANDBOX_CREDENTIALS.clientId, client_secret: clientSecret, redirect_uri: getCallbackUrl() });

describe("client credentials checked with the sandbox before they are saved", () => {
  it("refuses an install with a wrong secret, naming the setting, and installs with the right one", async () => {
    const appId = await publishedApp(sandboxAppDefinition());
    const installer = await createTestAccount("installer");
    // The store page tells the install prompt that this provider checks the credentials.
    expect((await findStoreAppPage(installer.userId, appId))?.app.credentialCheck).toBe("on_save");
    const before = tokenRequests;

    const refused = await callRoute(install, {
      token: installer.token,
      params: { orgId: installer.organizationId },
      body: { appId, settings: answers("not-the-secret") },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("validation_failed");
    expect(refused.body.error.details.issues).toEqual([
      { path: "settings.client_secret", message: "Client secret is not accepted by the provider" },
    ]);
    expect(JSON.stringify(refused.body)).not.toContain("not-the-secret");
    // The provider was really asked, and nothing was saved.
    expect(tokenRequests).toBeGreaterThan(before);
    expect(await db.get().prisma.installation.count({ where: { organizationId: installer.organizationId } })).toBe(0);

    const installed = await callRoute(install, {
      token: installer.token,
      params: { orgId: installer.organizationId },
      body: { appId, settings: answers(SANDBOX_CREDENTIALS.clientSecret) },
    });
    expect(installed.status).toBe(201);
    const installationId = installed.body.id as string;

    // A settings change is checked too, and a refused one changes nothing.
    const patched = await callRoute(patchSettings, {
      method: "PATCH",
      token: installer.token,
      params: { id: installationId },
      body: { client_secret: "another-wrong-one" },
    });
    expect(patched.status).toBe(422);
    expect(patched.body.error.details.issues).toEqual([{ path: "client_secret", message: "Client secret is not accepted by the provider" }]);
    expect((await loadOrganizationSettings(installationId)).client_secret).toBe(SANDBOX_CREDENTIALS.clientSecret);

    // A wrong client ID is refused by the same answer, under the secret the client authenticates with.
    const wrongId = await callRoute(patchSettings, {
      method: "PATCH",
      token: installer.token,
      params: { id: installationId },
      body: { client_id: "someone-else" },
    });
    expect(wrongId.status).toBe(422);
    expect(wrongId.body.error.message).toMatch(/check the client ID and secret/);
    expect((await loadOrganizationSettings(installationId)).client_id).toBe(SANDBOX_CREDENTIALS.clientId);
  });

  it("asks nothing of a provider that cannot check, and says the check waits for the first connect", async () => {
    const appId = await publishedApp(CONTRACT_EXAMPLE);
    const installer = await createTestAccount("installer");
    const before = tokenRequests;
    const installed = await callRoute(install, {
      token: installer.token,
      params: { orgId: installer.organizationId },
      body: { appId, settings: { client_id: "b-client-id", client_secret: "any-secret-at-all", redirect_uri: getCallbackUrl() } },
    });
    expect(installed.status).toBe(201);
    expect(tokenRequests).toBe(before);
    expect((await findStoreAppPage(installer.userId, appId))?.app.credentialCheck).toBe("at_first_connect");

    expect(describeCredentialCheck(appDefinitionSchema.parse(sandboxAppDefinition()))).toBe("on_save");
    expect(describeCredentialCheck(appDefinitionSchema.parse(CONTRACT_EXAMPLE))).toBe("at_first_connect");
  });
});
