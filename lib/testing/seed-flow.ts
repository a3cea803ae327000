import type { QuirksHandle } from "@/e2e/providers/quirks";
import { getPrisma } from "@/lib/db/client";
import { completeConnect, getCallbackUrl, startConnect } from "@/lib/services/connect";
import { applyInvalidation } from "@/lib/db/hot-cache";
import { userStateId } from "@/lib/db/invalidation";
import { CONTRACT_EXAMPLE } from "./contract-example";
import { installAppForTest } from "./installed-app";

/**
 * The contract's example app pointed at the quirks provider's strict "seed" endpoints (JSON bodies checked
 * byte for byte, rotating refresh tokens, a contacts API that checks each access token), for the fault,
 * crash and soak runs.
 */

export const SEED_CLIENT = { client_id: "acme-client", client_secret: 'se"cret\\ü' };

export function seedDefinition(quirks: QuirksHandle) {
  const example = structuredClone(CONTRACT_EXAMPLE);
  const config = example.oauthConfigs[0]!;
  config.linkUrl = `${quirks.url("seed", "authorize")}?client_id={{client_id}}&response_type=code&redirect_uri={{redirect_uri}}&state={{state}}&scope=contacts.read`;
  config.tokenUrl = quirks.url("seed", "token");
  config.refreshTokenUrl = quirks.url("seed", "token");
  example.apis[0]!.url = `${quirks.url("seed", "contacts")}?limit={{limit}}`;
  return example;
}

/** Installs the seed app for a new user; nothing is connected yet. */
export function installSeedApp(quirks: QuirksHandle) {
  return installAppForTest(seedDefinition(quirks), { ...SEED_CLIENT, redirect_uri: getCallbackUrl() });
}

/** Runs the consent flow once (the quirks provider approves at once) and returns the callback's outcome. */
export async function connectSeed(quirks: QuirksHandle, userId: string, installationId: string) {
  const authorizeUrl = await startConnect(userId, installationId, "acme");
  const redirect = await fetch(authorizeUrl, { redirect: "manual" });
  const callback = new URL(redirect.headers.get("location")!);
  return completeConnect(userId, Object.fromEntries(callback.searchParams));
}

/** Makes the connection's access token look expired, so the next invoke refreshes it. */
export async function expireConnection(installationId: string, userId: string) {
  const prisma = await getPrisma();
  await prisma.connection.updateMany({ where: { installationId, userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
  // Written behind the hot cache's back: drop it, as a second instance's cache would expire.
  applyInvalidation("user-state", userStateId(installationId, userId));
}
