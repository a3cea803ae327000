import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoopbackServer, type LoopbackServer } from "@/e2e/providers/loopback-server";
import { startOidcProvider, type OidcProviderHandle } from "@/e2e/providers/oidc";
import { addMembership } from "@/lib/db/accounts";
import { resetEnvForTesting } from "@/lib/env";
import { installAppForTest } from "@/lib/testing/installed-app";
import { formEncodedApp } from "@/lib/testing/app-definitions";
import { useTestDatabase } from "@/lib/testing/test-database";
import { startWorkerInstance } from "@/lib/testing/worker-instance";
import { createPersonalAccessToken, listPersonalAccessTokens, revokePersonalAccessToken } from "./accounts";
import { completeConnect, getCallbackUrl, startConnect } from "./connect";
import { disconnect } from "./connections";
import { uninstallApp, updateInstallationSettings } from "./installations";
import { invokeApi } from "./invoke";
import { removeMember } from "./members";

/**
 * A change made through one instance reaches another instance's warm hot caches well within 250 ms
 * (contract v1.1, "Changes reach every instance"), where the TTL alone would take 2 s. This process is
 * instance 1; instance 2 is a separate process on the same PostgreSQL database, so these tests run when
 * the suite targets PostgreSQL.
 */

process.env.OUTBOUND_ALLOW_PRIVATE_NETWORKS = "true";
// Both instances keep entries far longer than the test runs: only an invalidation can empty their caches.
process.env.HOT_CACHE_TTL_MS = "600000";
resetEnvForTesting();

const onPostgres = process.env.TEST_DB_TARGET === "postgres";
const db = useTestDatabase();
let oidc: OidcProviderHandle;
let upstream: LoopbackServer;
let second: {
  child: ChildProcess;
  invoke(userId: string, installationId: string, api: string): Promise<Answer>;
  /** Whom instance 2 takes a personal access token for, or null. */
  authenticate(token: string): Promise<string | null>;
};
let installed: Awaited<ReturnType<typeof installAppForTest>>;

interface Answer {
  status: number;
  code?: string;
  body?: { tag?: string; authorized?: boolean };
}

const CLIENT = { clientId: "across", clientSecret: "across-secret" };

function definition(tokenUrl: string, linkUrl: string, apiUrl: string) {
  return formEncodedApp({
    name: "Across",
    configName: "main",
    authorizeUrl: linkUrl,
    tokenUrl,
    scope: "openid",
    clientAuthentication: "body",
    extraSettings: [{ key: "tag", label: "Tag", level: "organization", secret: false, required: false }],
    apis: [{ name: "echo", url: `${apiUrl}/echo`, headers: { Authorization: "Bearer {{access_token}}", "X-Tag": "{{tag}}" } }],
  });
}

/** Starts instance 2 in serve mode: it answers one invoke per line it is sent. */
async function startSecondInstance(databaseUrl: string): Promise<typeof second> {
  const worker = await startWorkerInstance(databaseUrl, ["serve"]);
  return {
    child: worker.child,
    async invoke(userId, installationId, api) {
      worker.child.stdin!.write(`${userId} ${installationId} ${api}\n`);
      return JSON.parse(await worker.nextLine()) as Answer;
    },
    async authenticate(token) {
      worker.child.stdin!.write(`token ${token}\n`);
      return (JSON.parse(await worker.nextLine()) as { userId: string | null }).userId;
    },
  };
}

async function connect(userId = installed.userId) {
  const authorizeUrl = await startConnect(userId, installed.installationId, "main");
  const redirect = await oidc.followAuthorization(authorizeUrl, { redirectUri: getCallbackUrl() });
  expect((await completeConnect(userId, Object.fromEntries(redirect.searchParams))).outcome).toBe("connected");
}

/** Both instances serve one invoke, so both have warm caches; answers instance 2's. */
async function warmBoth(): Promise<Answer> {
  expect((await invokeApi(installed.userId, installed.installationId, "echo", {})).status).toBe(200);
  const answer = await second.invoke(installed.userId, installed.installationId, "echo");
  expect(answer.status).toBe(200);
  return answer;
}

const invokeOnSecond = () => second.invoke(installed.userId, installed.installationId, "echo");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  if (!onPostgres) return;
  oidc = await startOidcProvider({
    clients: [{ ...CLIENT, redirectUris: [getCallbackUrl()], authMethod: "client_secret_post" }],
  });
  // Echoes what the API call carried; it does not check the token, so only Gatehouse can answer 409.
  upstream = await startLoopbackServer((req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ tag: req.headers["x-tag"], authorized: /^Bearer \S+$/.test(req.headers.authorization ?? "") }));
  });
  installed = await installAppForTest(definition(oidc.tokenEndpoint, oidc.authorizationEndpoint, upstream.origin), {
    client_id: CLIENT.clientId,
    client_secret: CLIENT.clientSecret,
    redirect_uri: getCallbackUrl(),
    tag: "first",
  });
  await connect();
  second = await startSecondInstance(db.postgresUrl()!);
});

afterAll(async () => {
  second?.child.stdin!.end();
  await upstream?.close();
  await oidc?.close();
});

describe.skipIf(!onPostgres)("changes made through one instance, seen by another with warm caches", () => {
  it("uses an organization setting changed through the other instance", async () => {
    expect((await warmBoth()).body).toEqual({ tag: "first", authorized: true });
    await updateInstallationSettings(installed.userId, installed.installationId, { tag: "second" });
    await sleep(250);
    expect(await invokeOnSecond()).toMatchObject({ status: 200, body: { tag: "second" } });
  });

  it("answers 409 once the user disconnected through the other instance", async () => {
    await warmBoth();
    await disconnect(installed.userId, installed.installationId, "main");
    await sleep(250);
    expect(await invokeOnSecond()).toMatchObject({ status: 409, code: "authorization_required" });
    await connect();
    expect((await invokeOnSecond()).status).toBe(200);
  });

  it("answers 404 to a member removed through the other instance", async () => {
    const { userId: memberId } = await addMembership({
      organizationId: installed.organizationId,
      email: `removed-${Date.now()}@example.com`,
      role: "member",
      newUser: { passwordHash: "not a password hash: this member never signs in", name: "Removed" },
    });
    await connect(memberId);
    expect((await invokeApi(memberId, installed.installationId, "echo", {})).status).toBe(200);
    expect((await second.invoke(memberId, installed.installationId, "echo")).status).toBe(200);
    await removeMember(installed.userId, installed.organizationId, memberId);
    await sleep(250);
    expect(await second.invoke(memberId, installed.installationId, "echo")).toMatchObject({ status: 404, code: "not_found" });
  });

  it("refuses a personal access token revoked through the other instance", async () => {
    const token = await createPersonalAccessToken(installed.userId, "across instances");
    expect(await second.authenticate(token)).toBe(installed.userId);
    const tokenId = (await listPersonalAccessTokens(installed.userId)).find((candidate) => candidate.name === "across instances")!.id;
    await revokePersonalAccessToken(installed.userId, tokenId);
    await sleep(250);
    expect(await second.authenticate(token)).toBeNull();
  });

  it("answers 404 once the app was uninstalled through the other instance", async () => {
    await warmBoth();
    await uninstallApp(installed.userId, installed.installationId);
    await sleep(250);
    expect(await invokeOnSecond()).toMatchObject({ status: 404, code: "not_found" });
  });
});
