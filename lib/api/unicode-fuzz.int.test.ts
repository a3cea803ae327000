import http from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as invokeRoute } from "@/app/api/v1/installations/[id]/apis/[apiName]/invoke/route";
import { PATCH as patchSettings } from "@/app/api/v1/installations/[id]/settings/route";
import { POST as createApp } from "@/app/api/v1/organizations/[orgId]/apps/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { saveConnectionTokens } from "@/lib/db/connections";
import { resetEnvForTesting } from "@/lib/env";
import { callRoute, createTestAccount } from "@/lib/testing/api";
import { CONTRACT_EXAMPLE } from "@/lib/testing/contract-example";
import { installAppForTest } from "@/lib/testing/installed-app";
import { useTestDatabase } from "@/lib/testing/test-database";

/**
 * Arbitrary Unicode (NUL and lone surrogates included) in every string field of sign-up, app definitions,
 * installation settings and invoke params never gets a 5xx, on PGlite and on PostgreSQL
 * (TEST_DB_TARGET=postgres). FUZZ_RUNS raises the number of runs per property (default 25).
 */

process.env.OUTBOUND_ALLOW_PRIVATE_NETWORKS = "true";
resetEnvForTesting();
useTestDatabase();

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 24 }),
  fc.string({ unit: "grapheme", maxLength: 24 }),
  fc.constantFrom("\u0000", "\udfff", "a\ud800b", "Org\u0000Name", "\ud83d\ude00", "%00", "{{x}}"),
);

let upstream: http.Server;
let upstreamUrl = "";
let installed: Awaited<ReturnType<typeof installAppForTest>>;

beforeAll(async () => {
  upstream = http.createServer((_req, res) => res.writeHead(200, { "Content-Type": "application/json" }).end('{"ok":true}'));
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  installed = await installAppForTest(
    {
      schemaVersion: 1,
      name: "Fuzz",
      settings: [
        { key: "region", label: "Region", level: "organization", secret: false },
        { key: "api_key", label: "API key", level: "organization", secret: true },
        { key: "access_token", label: "Access token", level: "user", secret: true },
        { key: "refresh_token", label: "Refresh token", level: "user", secret: true },
      ],
      oauthConfigs: [
        {
          name: "main",
          linkUrl: `${upstreamUrl}/authorize?state={{state}}`,
          authCodePath: "$.code",
          accessTokenPath: "$.access_token",
          refreshTokenPath: "$.refresh_token",
          accessTokenVariable: "access_token",
          refreshTokenVariable: "refresh_token",
          tokenUrl: `${upstreamUrl}/token`,
          requestBody: '{"code": "{{auth_code}}"}',
        },
      ],
      apis: [{ name: "echo", method: "POST", url: `${upstreamUrl}/echo?q={{q}}`, headers: { "X-Q": "{{q}}" }, body: '{"q": "{{q}}"}', oauthConfig: "main" }],
    },
    { region: "eu" },
  );
  await saveConnectionTokens({
    installationId: installed.installationId,
    configName: "main",
    userId: installed.userId,
    variables: { accessTokenVariable: "access_token", refreshTokenVariable: "refresh_token" },
    tokens: { accessToken: "fuzz-access-token", refreshToken: "fuzz-refresh-token", expiresAt: new Date(Date.now() + 3_600_000) },
    kind: "connect",
    now: new Date(),
  });
});

afterAll(() => upstream?.close());

/** Every path to a string in a JSON value. */
function stringPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === "string") return [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringPaths(item, [...path, index]));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...path, key]));
  return [];
}

function withStringAt(value: unknown, path: (string | number)[], replacement: string): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let cursor = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string | number, unknown>;
  cursor[path.at(-1)!] = replacement;
  return copy;
}

const noServerError = (status: number, body: unknown) => expect(status, JSON.stringify(body)).toBeLessThan(500);

describe("arbitrary Unicode never gets a 5xx", () => {
  it("in sign-up", async () => {
    await fc.assert(
      fc.asyncProperty(text, text, text, fc.constantFrom("email", "password", "organization", "name"), async (a, b, c, field) => {
        const body: Record<string, string> = { email: `fuzz-${Date.now()}-${Math.random()}@example.com`, password: "long enough", organization: a, name: b };
        body[field] = field === "email" ? `${c}@example.com` : c;
        const response = await callRoute(signup, { body });
        noServerError(response.status, response.body);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  it("in every string field of an app definition", async () => {
    const owner = await createTestAccount("fuzz-owner");
    const paths = stringPaths(CONTRACT_EXAMPLE);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), text, async (path, value) => {
        const response = await callRoute(createApp, {
          token: owner.token,
          params: { orgId: owner.organizationId },
          body: withStringAt(CONTRACT_EXAMPLE, path, value),
        });
        noServerError(response.status, response.body);
      }),
      { numRuns: RUNS * 4 },
    );
  }, 600_000);

  it("in installation settings, keys and values", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(text, fc.constantFrom("region", "api_key")), text, async (key, value) => {
        const response = await callRoute(patchSettings, {
          method: "PATCH",
          token: installed.token,
          params: { id: installed.installationId },
          body: { [key]: value },
        });
        noServerError(response.status, response.body);
      }),
      { numRuns: RUNS * 2 },
    );
  }, 600_000);

  it("in invoke params, names and values, and in the path", async () => {
    await fc.assert(
      fc.asyncProperty(text, text, fc.oneof(fc.constant("echo"), text), async (value, name, apiName) => {
        const response = await callRoute(invokeRoute, {
          token: installed.token,
          params: { id: installed.installationId, apiName },
          body: { params: { q: value, [name]: value } },
        });
        noServerError(response.status, response.body);
      }),
      { numRuns: RUNS * 2 },
    );
  }, 600_000);
});
