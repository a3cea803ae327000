import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { deriveKeyId, parseEncryptionKey } from "@/lib/crypto";
import { setProcessEnv } from "@/lib/env";
import { getKeyring, resetKeysForTesting } from "@/lib/keys";
import { CONTRACT_EXAMPLE } from "@/lib/testing/contract-example";
import { installAppForTest } from "@/lib/testing/installed-app";
import { useTestDatabase } from "@/lib/testing/test-database";
import { findApp } from "./apps";
import { consumeAuthorizationRequest, createAuthorizationRequest } from "./authorization-requests";
import { readAppVersion } from "./app-versions";
import { countEnvelopesByKeyId, reencryptAll } from "./key-rotation";
import { readSettingValues, writeSettingValues } from "./setting-values";

const db = useTestDatabase();
const originalKey = process.env.ENCRYPTION_KEY;
const originalPrevious = process.env.PREVIOUS_ENCRYPTION_KEYS;

function useKeys(current: string, previous: string[] = []) {
  setProcessEnv("ENCRYPTION_KEY", current);
  if (previous.length > 0) setProcessEnv("PREVIOUS_ENCRYPTION_KEYS", previous.join(","));
  else {
    delete process.env.PREVIOUS_ENCRYPTION_KEYS;
    setProcessEnv("ENCRYPTION_KEY", current);
  }
  resetKeysForTesting();
}

afterAll(() => {
  if (originalPrevious === undefined) delete process.env.PREVIOUS_ENCRYPTION_KEYS;
  else setProcessEnv("PREVIOUS_ENCRYPTION_KEYS", originalPrevious);
  if (originalKey !== undefined) setProcessEnv("ENCRYPTION_KEY", originalKey);
  resetKeysForTesting();
});

const newKey = () => randomBytes(32).toString("base64");
const keyId = (key: string) => deriveKeyId(parseEncryptionKey(key));

describe("key rotation", () => {
  it("re-encrypts every envelope under the new key, resumably, so the old key can be dropped", async () => {
    const oldKey = newKey();
    useKeys(oldKey);
    const definition = structuredClone(CONTRACT_EXAMPLE);
    definition.oauthConfigs[0]!.refreshTokenBody = '{"refresh_token": {{refresh_token}}, "secret": {{client_secret}}}';
    Object.assign(definition.oauthConfigs[0]!, { revokeUrl: "https://acme.example/revoke", revokeBody: '{"token": {{token}}, "secret": {{client_secret}}}' });
    const installed = await installAppForTest(definition, {
      client_id: "id-1",
      client_secret: "org secret ✓",
      redirect_uri: "https://gatehouse.example/cb",
    });
    await writeSettingValues(installed.installationId, installed.userId, [
      { key: "access_token", value: "user access token", isSecret: true },
      { key: "refresh_token", value: "user refresh token", isSecret: true },
    ]);
    const stateHashes = ["state-a", "state-b", "state-c"];
    for (const stateHash of stateHashes) {
      await createAuthorizationRequest({
        stateHash,
        userId: installed.userId,
        installationId: installed.installationId,
        configName: "acme",
        codeVerifier: `verifier for ${stateHash}`,
        tokenUrl: "https://acme.example/token",
        redirectUri: "https://gatehouse.example/cb",
        returnTo: null,
        expiresAt: new Date(Date.now() + 600_000),
      });
    }
    const appBefore = (await findApp(installed.appId))!.definition;
    const sql = db.get().sql;
    const before = await countEnvelopesByKeyId(sql);
    // 1 secret organization setting, 2 user secrets, 2 body templates, 3 verifiers.
    expect(Object.fromEntries(before)).toEqual({ [keyId(oldKey)]: 9 });

    const currentKey = newKey();
    useKeys(currentKey, [oldKey]);
    const keyring = await getKeyring();
    // Stop after the first batch of the first source, as an interrupted run would.
    const interrupted = await reencryptAll(sql, keyring, { batchSize: 2, sources: undefined, onBatch: stopAfterFirstBatch() }).catch(
      (error: unknown) => error,
    );
    expect(interrupted).toBeInstanceOf(Interrupted);
    const halfway = await countEnvelopesByKeyId(sql);
    expect(halfway.get(keyring.currentKeyId)).toBe(2);

    const reports = await reencryptAll(sql, keyring, { batchSize: 2 });
    const changed = Object.fromEntries(reports.map((report) => [report.name, report.changed]));
    expect(changed).toEqual({
      "SettingValue.value": 1,
      "OAuthConfig.requestBodyCiphertext": 1,
      "OAuthConfig.refreshBodyCiphertext": 1,
      "OAuthConfig.revokeBodyCiphertext": 1,
      // Version 1's definition, with its three body templates' envelopes inside.
      "AppVersion.definition": 1,
      "AuthorizationRequest.codeVerifierCiphertext": 3,
    });
    expect(reports.every((report) => report.failed.length === 0)).toBe(true);
    expect(Object.fromEntries(await countEnvelopesByKeyId(sql))).toEqual({ [keyring.currentKeyId]: 9 });

    const again = await reencryptAll(sql, keyring);
    // A second run changes nothing; whole-column envelopes are not even read again (a version's JSON is).
    expect(again.reduce((sum, report) => sum + report.changed, 0)).toBe(0);
    expect(again.filter((report) => report.name !== "AppVersion.definition").reduce((sum, report) => sum + report.scanned, 0)).toBe(0);

    // The old key is gone: everything still opens through the application's own read paths.
    useKeys(currentKey);
    expect(await readSettingValues(installed.installationId, null)).toMatchObject({ client_secret: "org secret ✓", client_id: "id-1" });
    expect(await readSettingValues(installed.installationId, installed.userId)).toEqual({
      access_token: "user access token",
      refresh_token: "user refresh token",
    });
    expect((await findApp(installed.appId))!.definition).toEqual(appBefore);
    const published = (await readAppVersion(installed.appId, 1))!.definition.oauthConfigs[0]!;
    expect([published.requestBody, published.refreshTokenBody, published.revokeBody]).toEqual([
      appBefore.oauthConfigs[0]!.requestBody,
      appBefore.oauthConfigs[0]!.refreshTokenBody,
      appBefore.oauthConfigs[0]!.revokeBody,
    ]);
    for (const stateHash of stateHashes) {
      expect((await consumeAuthorizationRequest(stateHash, installed.userId))?.codeVerifier).toBe(`verifier for ${stateHash}`);
    }
  });

  it("reports a value no configured key opens, by id, and rotates the rest", async () => {
    const lostKey = newKey();
    useKeys(lostKey);
    const installed = await installAppForTest(CONTRACT_EXAMPLE, { client_id: "x", client_secret: "lost", redirect_uri: "https://g.example/cb" });
    const currentKey = newKey();
    useKeys(currentKey);
    const reports = await reencryptAll(db.get().sql, await getKeyring());
    const settings = reports.find((report) => report.name === "SettingValue.value")!;
    const lost = await db.get().prisma.settingValue.findFirstOrThrow({ where: { installationId: installed.installationId, key: "client_secret" } });
    expect(settings.failed).toContainEqual({ id: lost.id, reason: expect.stringContaining(keyId(lostKey)) });
    expect(JSON.stringify(reports)).not.toContain("lost\"");
  });
});

describe("npm run rotate-key", () => {
  it.skipIf(process.env.TEST_DB_TARGET !== "postgres")("re-encrypts a PostgreSQL database and reports the rows it changed", async () => {
    const oldKey = newKey();
    useKeys(oldKey);
    const installed = await installAppForTest(CONTRACT_EXAMPLE, { client_id: "x", client_secret: "cli secret", redirect_uri: "https://g.example/cb" });
    const currentKey = newKey();
    const pending = (await countEnvelopesByKeyId(db.get().sql)).get(keyId(oldKey));
    expect(pending).toBeGreaterThan(0);
    const run = spawnSync(process.execPath, ["--import", "tsx", "lib/cli/rotate-key.ts", "--batch-size=1"], {
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        DATABASE_URL: db.get().kind === "postgres" ? db.postgresUrl()! : "",
        ENCRYPTION_KEY: currentKey,
        // Earlier tests in this file left values under keys that are gone; only this test's old key is given.
        PREVIOUS_ENCRYPTION_KEYS: oldKey,
      },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(run.stdout).toMatch(/Done: \d+ rows? changed/);
    const changed = Number(/Done: (\d+)/.exec(run.stdout)![1]);
    // Every whole-column envelope, and the published version whose definition carries envelopes inside.
    expect(changed).toBe(pending! + 1);
    expect(run.stdout + run.stderr).not.toContain("cli secret");
    const counts = await countEnvelopesByKeyId(db.get().sql);
    expect(counts.get(keyId(oldKey))).toBeUndefined();
    useKeys(currentKey);
    expect((await readSettingValues(installed.installationId, null)).client_secret).toBe("cli secret");
  });
});

class Interrupted extends Error {}

function stopAfterFirstBatch() {
  return () => {
    throw new Interrupted("interrupted");
  };
}
