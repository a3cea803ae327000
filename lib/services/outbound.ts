import { checkUrlPolicy, createOutboundClient, type OutboundClient } from "@/lib/http";
import { getEnv } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";

/**
 * The process's outbound client and its policy. The built-in sandbox provider is served by Gatehouse
 * itself, so when it is on, Gatehouse's own origin is the one exception to the address rules.
 */

function policy() {
  const env = getEnv();
  return {
    allowPrivateNetworks: env.OUTBOUND_ALLOW_PRIVATE_NETWORKS,
    allowedOrigins: env.SANDBOX_PROVIDER ? [new URL(env.APP_URL).origin] : [],
  };
}

// The client for the configuration last seen: every invoke asks, so the policy is not rebuilt each time.
let current: { env: ReturnType<typeof getEnv>; client: OutboundClient } | undefined;

export function getOutboundClient(): OutboundClient {
  const env = getEnv();
  if (current?.env === env) return current.client;
  const options = policy();
  // Keyed by the policy, so a process whose configuration changed (a test) never uses a stale client.
  const client = processSingleton(`outbound-client:${JSON.stringify(options)}`, () => createOutboundClient(options));
  current = { env, client };
  return client;
}

/** The save-time URL check of the outbound policy: a message when the URL would be refused, else null. */
export function describeUrlPolicyProblem(url: string): string | null {
  const result = checkUrlPolicy(url, policy());
  return result.ok ? null : result.message;
}

/** What the browser needs to know of the policy to validate URLs as the developer types. */
export function getPublicUrlPolicy() {
  return policy();
}
