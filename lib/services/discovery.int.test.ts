import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, type OidcProviderHandle } from "@/e2e/providers/oidc";
import { startLoopbackServer } from "@/e2e/providers/loopback-server";
import { POST as discover } from "@/app/api/v1/oauth/discovery/route";
import { callRoute, createTestAccount } from "@/lib/testing/api";
import { useTestDatabase } from "@/lib/testing/test-database";

process.env.OUTBOUND_ALLOW_PRIVATE_NETWORKS = "true";

useTestDatabase();

let provider: OidcProviderHandle;
beforeAll(async () => {
  provider = await startOidcProvider({
    clients: [{ clientId: "gh", clientSecret: "gh-secret-value", redirectUris: ["http://localhost:3000/v1/dev_oauth/callback"], authMethod: "client_secret_basic" }],
  });
});
afterAll(() => provider?.close());

describe("POST /api/v1/oauth/discovery", () => {
  it("fills a config from oidc-provider's metadata", async () => {
    const { token } = await createTestAccount("discover");
    const response = await callRoute(discover, { token, body: { issuer: provider.issuer } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      issuer: provider.issuer,
      tokenUrl: provider.tokenEndpoint,
      revokeUrl: `${provider.issuer}/token/revocation`,
      pkce: true,
      clientAuthentication: "basic",
      requireIss: true,
    });
    expect(response.body.linkUrl).toMatch(new RegExp(`^${provider.authorizationEndpoint}\\?response_type=code&client_id=\\{\\{client_id\\}\\}`));
  });

  it("answers 422 for a document that names another issuer", async () => {
    const { token } = await createTestAccount("discover");
    const impostor = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ issuer: provider.issuer, authorization_endpoint: provider.authorizationEndpoint, token_endpoint: provider.tokenEndpoint }));
    });
    try {
      const response = await callRoute(discover, { token, body: { issuer: impostor.origin } });
      expect(response.status).toBe(422);
      expect(response.body.error.details.issues[0]).toMatchObject({ path: "issuer", message: expect.stringMatching(/different issuer/) });
    } finally {
      await impostor.close();
    }
  });

  it("answers 422 when nothing answers and for a malformed issuer, and 401 without a caller", async () => {
    const { token } = await createTestAccount("discover");
    const silent = await startLoopbackServer((_request, response) => {
      response.writeHead(404);
      response.end();
    });
    try {
      expect((await callRoute(discover, { token, body: { issuer: silent.origin } })).status).toBe(422);
    } finally {
      await silent.close();
    }
    expect((await callRoute(discover, { token, body: { issuer: "not a url" } })).status).toBe(422);
    expect((await callRoute(discover, { body: { issuer: provider.issuer } })).status).toBe(401);
  });
});
