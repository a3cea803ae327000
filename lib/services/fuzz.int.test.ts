import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getApp, PUT as putApp } from "@/app/api/v1/apps/[appId]/route";
import { POST as createApp } from "@/app/api/v1/organizations/[orgId]/apps/route";
import { POST as invokeRoute } from "@/app/api/v1/installations/[id]/apis/[apiName]/invoke/route";
import { GET as callbackRoute } from "@/app/v1/dev_oauth/callback/route";
import { startQuirksProvider, type QuirksHandle } from "@/e2e/providers/quirks";
import { resetEnvForTesting } from "@/lib/env";
import { callRoute, createTestAccount } from "@/lib/testing/api";
import { CONTRACT_EXAMPLE } from "@/lib/testing/contract-example";
import {
  anyText,
  anyValue,
  applyMutations,
  callRouteRaw,
  contractViolation,
  FUZZ_FULL,
  FUZZ_SEED,
  fuzzParameters,
  fuzzRuns,
  mutationsOf,
  templateString,
} from "@/lib/testing/fuzz";
import { installAppForTest } from "@/lib/testing/installed-app";
import { connectSeed, SEED_CLIENT, seedDefinition } from "@/lib/testing/seed-flow";
import { useTestDatabase } from "@/lib/testing/test-database";
import { getCallbackUrl, startConnect } from "./connect";

/**
 * Generated and mutated input against the real route handlers: app definitions and templates through
 * PUT /api/v1/apps/{id}, invoke bodies and params, and callback query strings. No answer may be a 5xx or an
 * error outside the contract's shape, and a refused definition leaves the last accepted one intact.
 * Seed FUZZ_SEED (fixed by default); `npm run fuzz` runs the full counts (10,000 / 5,000 / 2,000).
 */

process.env.OUTBOUND_ALLOW_PRIVATE_NETWORKS = "true";
process.env.RATE_LIMIT_DISABLED = "true";
resetEnvForTesting();

useTestDatabase();
let quirks: QuirksHandle;
const TIMEOUT_MS = FUZZ_FULL ? 60 * 60_000 : 180_000;

beforeAll(async () => {
  quirks = await startQuirksProvider({ clientId: SEED_CLIENT.client_id, clientSecret: SEED_CLIENT.client_secret });
  console.log(`fuzz seed ${FUZZ_SEED}${FUZZ_FULL ? " (full counts)" : ""}`);
});

afterAll(async () => {
  await quirks?.close();
});

function fail(what: string, input: unknown, problem: string): never {
  throw new Error(`${what}: ${problem}\ninput: ${JSON.stringify(input)?.slice(0, 1_000)}`);
}

describe("fuzzing PUT /api/v1/apps/{id}", () => {
  const TEMPLATE_PATHS = [
    ["oauthConfigs", 0, "linkUrl"],
    ["oauthConfigs", 0, "tokenUrl"],
    ["oauthConfigs", 0, "refreshTokenUrl"],
    ["oauthConfigs", 0, "requestBody"],
    ["oauthConfigs", 0, "refreshTokenBody"],
    ["oauthConfigs", 0, "authCodePath"],
    ["oauthConfigs", 0, "accessTokenPath"],
    ["oauthConfigs", 0, "expiresInPath"],
    ["apis", 0, "url"],
    ["apis", 0, "headers", "Authorization"],
    ["apis", 0, "body"],
  ];
  const templateEdit = fc
    .array(fc.record({ path: fc.constantFrom(...TEMPLATE_PATHS), value: templateString }), { minLength: 1, maxLength: 3 })
    .map((edits) => applyMutations(CONTRACT_EXAMPLE, edits.map(({ path, value }) => ({ path, op: "set" as const, value, key: "" }))));
  const definition = fc.oneof(
    { weight: 5, arbitrary: mutationsOf(CONTRACT_EXAMPLE).map((mutations) => applyMutations(CONTRACT_EXAMPLE, mutations)) },
    { weight: 4, arbitrary: templateEdit },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
  );
  const input = fc
    .oneof(
      { weight: 9, arbitrary: definition.map((value) => ({ json: value })) },
      { weight: 1, arbitrary: anyText.map((raw) => ({ raw })) },
    );

  it(
    `refuses bad definitions cleanly and keeps the last accepted one (${fuzzRuns(10_000, 250)} runs)`,
    async () => {
      const owner = await createTestAccount("fuzz-dev");
      const created = await callRoute(createApp, { token: owner.token, params: { orgId: owner.organizationId }, body: CONTRACT_EXAMPLE });
      expect(created.status).toBe(201);
      const appId = created.body.id as string;
      let lastAccepted: unknown = (await callRoute(getApp, { token: owner.token, params: { appId } })).body;
      let accepted = 0;

      await fc.assert(
        fc.asyncProperty(input, async (value) => {
          const rawBody = "raw" in value ? value.raw : JSON.stringify(value.json);
          const response = await callRouteRaw(putApp, { method: "PUT", url: `/api/v1/apps/${appId}`, params: { appId }, token: owner.token, rawBody });
          const problem = contractViolation(response);
          if (problem) fail("PUT /api/v1/apps/{id}", value, problem);
          if (response.status === 200) {
            accepted += 1;
            lastAccepted = response.body;
            return;
          }
          const now = await callRoute(getApp, { token: owner.token, params: { appId } });
          if (JSON.stringify(now.body) !== JSON.stringify(lastAccepted)) fail("PUT /api/v1/apps/{id}", value, "a refused definition changed the stored one");
        }),
        fuzzParameters(fuzzRuns(10_000, 250)),
      );
      // Mutations are mostly refused, but a fuzz that never gets a definition through tests only the front door.
      expect(accepted).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );
});

describe("fuzzing invoke", () => {
  it(
    `answers every body and param within the contract (${fuzzRuns(5_000, 200)} runs)`,
    async () => {
      const definition = seedDefinition(quirks);
      definition.apis.push({
        name: "create-note",
        method: "POST",
        url: `${quirks.url("seed", "contacts")}?note={{note}}`,
        headers: { Authorization: "Bearer {{access_token}}", "X-Note": "{{note}}" },
        body: '{"note": {{note}}, "limit": {{limit}}, "nested": {"n": "{{note}}"}}',
        oauthConfig: "acme",
      } as never);
      const installed = await installAppForTest(definition, { ...SEED_CLIENT, redirect_uri: getCallbackUrl() });
      expect((await connectSeed(quirks, installed.userId, installed.installationId)).outcome).toBe("connected");

      const paramKey = fc.oneof(fc.constantFrom("limit", "note", "access_token", "client_secret", "__proto__", "constructor"), fc.string({ maxLength: 12 }));
      const paramValue = fc.oneof(anyText, fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), anyValue);
      const body = fc.oneof(
        { weight: 6, arbitrary: fc.record({ params: fc.dictionary(paramKey, paramValue, { maxKeys: 4 }), body: anyValue }, { requiredKeys: [] }) },
        { weight: 2, arbitrary: fc.anything({ maxDepth: 2 }) },
        { weight: 1, arbitrary: fc.record({ params: anyValue, extra: anyValue }, { requiredKeys: [] }) },
      );
      const call = fc
        .record({
          id: fc.oneof({ weight: 8, arbitrary: fc.constant(installed.installationId) }, { weight: 1, arbitrary: anyText }),
          apiName: fc.oneof({ weight: 8, arbitrary: fc.constantFrom("list-contacts", "create-note") }, { weight: 1, arbitrary: anyText }),
          body: fc.oneof({ weight: 9, arbitrary: body.map((json) => JSON.stringify(json) ?? "") }, { weight: 1, arbitrary: anyText }),
        });

      let reachedUpstream = 0;
      await fc.assert(
        fc.asyncProperty(call, async (value) => {
          const response = await callRouteRaw(invokeRoute, {
            method: "POST",
            url: "/api/v1/installations/x/apis/y/invoke",
            params: { id: value.id, apiName: value.apiName },
            token: installed.token,
            rawBody: value.body,
          });
          const problem = contractViolation(response);
          if (problem) fail("invoke", value, problem);
          if (response.status === 200) {
            reachedUpstream += 1;
            if (typeof response.body?.status !== "number") fail("invoke", value, "a 200 without the upstream's status");
          }
        }),
        fuzzParameters(fuzzRuns(5_000, 200)),
      );
      expect(reachedUpstream).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );
});

describe("fuzzing the OAuth callback", () => {
  it(
    `redirects to a result page for every query string (${fuzzRuns(2_000, 150)} runs)`,
    async () => {
      const installed = await installAppForTest(seedDefinition(quirks), { ...SEED_CLIENT, redirect_uri: getCallbackUrl() });
      const spentStates: string[] = [];
      const freshState = async () => {
        const authorizeUrl = new URL(await startConnect(installed.userId, installed.installationId, "acme"));
        return authorizeUrl.searchParams.get("state")!;
      };

      const piece = fc.oneof(
        fc.constantFrom("state=", "code=", "error=", "error_description=", "&", "=", "%", "%zz", "%00", "%C3%28", "%E2%82", "+", "?", "#", "state=<fresh>", "state=<spent>", "code=<code>"),
        templateString,
        fc.string({ maxLength: 12 }),
      );
      const query = fc.array(piece, { maxLength: 10 }).map((parts) => parts.join(""));

      await fc.assert(
        fc.asyncProperty(query, async (template) => {
          let search = template;
          if (search.includes("<fresh>")) {
            const state = await freshState();
            spentStates.push(state);
            search = search.replaceAll("<fresh>", encodeURIComponent(state));
          }
          search = search.replaceAll("<spent>", encodeURIComponent(spentStates[0] ?? "none"));
          search = search.replaceAll("<code>", "code_not_issued");
          const response = await callRouteRaw(callbackRoute as never, { method: "GET", url: `/v1/dev_oauth/callback?${search}`, token: installed.token });
          const location = response.headers.get("location") ?? "";
          if (response.status !== 303 || !/^(https?:\/\/[^/]+)?\/connect\/result\?/.test(location)) {
            fail("callback", search, `HTTP ${response.status} to "${location}" instead of a redirect to the result page`);
          }
        }),
        fuzzParameters(fuzzRuns(2_000, 150)),
      );
      // The fresh states reached the token exchange (a code the provider never issued is refused there).
      expect(spentStates.length).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );
});
