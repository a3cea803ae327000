"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ConfigConnectionView, ConnectionView } from "@/lib/services/connections";
import type { InvokeResult } from "@/lib/services/invoke";
import type { RevocationOutcome } from "@/lib/oauth/revocation";
import { ApiClientError, apiFetch, apiFetchWithHeaders } from "./api-client";

export type { ConfigConnectionView, ConnectionView } from "@/lib/services/connections";
export type { InvokeResult } from "@/lib/services/invoke";

export const connectionKeys = {
  mine: (installationId: string) => ["installations", installationId, "connections"] as const,
};

const installationPath = (id: string) => `/api/v1/installations/${encodeURIComponent(id)}`;
const connectionPath = (id: string, configName: string) => `${installationPath(id)}/connections/${encodeURIComponent(configName)}`;

/** The caller's connection to each of the installation's OAuth configs; seeded by the server's render. */
export function useMyConnections(installationId: string, initialData?: ConfigConnectionView[]) {
  return useQuery({
    queryKey: connectionKeys.mine(installationId),
    queryFn: () => apiFetch<ConfigConnectionView[]>(`${installationPath(installationId)}/connections`),
    initialData,
  });
}

/** Puts one config's fresh view into the list, so every panel and the banner agree at once. */
function useSetConnection(installationId: string) {
  const queryClient = useQueryClient();
  return (configName: string, view: ConnectionView) =>
    queryClient.setQueryData<ConfigConnectionView[]>(connectionKeys.mine(installationId), (list) =>
      list?.map((item) => (item.configName === configName ? { configName, ...view } : item)),
    );
}

const NOT_CONNECTED: ConnectionView = { status: "not_connected", expiresAt: null, connectedAt: null, lastRefreshedAt: null, scopes: null };

/**
 * Forces a refresh of the caller's tokens. A 409 means the grant is dead (the connection is now
 * `needs_reauth`), so the list is fetched again to show it.
 */
export function useRefreshConnection(installationId: string) {
  const queryClient = useQueryClient();
  const setConnection = useSetConnection(installationId);
  return useMutation({
    mutationFn: (configName: string) => apiFetch<ConnectionView>(`${connectionPath(installationId, configName)}/refresh`, { method: "POST" }),
    onSuccess: (view, configName) => setConnection(configName, view),
    onError: (error) => {
      if (error instanceof ApiClientError && error.code === "authorization_required") {
        return queryClient.invalidateQueries({ queryKey: connectionKeys.mine(installationId) });
      }
    },
  });
}

/** Forgets the caller's tokens for one config. */
export function useDisconnect(installationId: string) {
  const setConnection = useSetConnection(installationId);
  return useMutation({
    mutationFn: async (configName: string): Promise<RevocationOutcome | null> => {
      const { headers } = await apiFetchWithHeaders<void>(connectionPath(installationId, configName), { method: "DELETE" });
      return readRevocationOutcome(headers.get(REVOCATION_HEADER));
    },
    onSuccess: (_, configName) => setConnection(configName, NOT_CONNECTED),
  });
}

/** The header of a disconnect's answer that says what the provider made of the revocation. */
export const REVOCATION_HEADER = "Gatehouse-Revocation";
const REVOCATION_OUTCOMES: readonly RevocationOutcome[] = ["revoked", "refused", "unreachable", "not_configured"];

/** The revocation outcome a disconnect answered, or null when the header is missing or unknown. */
export function readRevocationOutcome(header: string | null): RevocationOutcome | null {
  return REVOCATION_OUTCOMES.find((outcome) => outcome === header) ?? null;
}

/** What a disconnect's revocation outcome means, in the user's words. */
export function describeRevocation(outcome: RevocationOutcome | null): string | null {
  switch (outcome) {
    case "revoked":
      return "The provider was told to revoke access.";
    case "refused":
      return "The provider refused to revoke access; the tokens were deleted here.";
    case "unreachable":
      return "The provider could not be reached; the tokens were deleted here.";
    case "not_configured":
      return "This provider has no revocation URL.";
    default:
      return null;
  }
}

export interface InvokeInput {
  apiName: string;
  params: Record<string, string>;
}

/**
 * Calls one of the app's APIs with the caller's tokens (the Try it panel). It lives beside the connection
 * hooks because an invoke may refresh or invalidate a connection, which the list then has to show.
 */
export function useInvokeApi(installationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ apiName, params }: InvokeInput) =>
      apiFetch<InvokeResult>(`${installationPath(installationId)}/apis/${encodeURIComponent(apiName)}/invoke`, { body: { params } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: connectionKeys.mine(installationId) }),
  });
}
