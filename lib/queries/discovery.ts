"use client";

import { useMutation } from "@tanstack/react-query";
import type { DiscoveredConfig } from "@/lib/oauth/discovery";
import { apiFetch } from "./api-client";

/** The answer of `POST /api/v1/oauth/discovery`: a suggested config, the advertised scopes and where it was read. */
export type DiscoveryAnswer = DiscoveredConfig & { scopesSupported: string[]; metadataUrl: string };

/** Reads an issuer's published metadata on the server (through its outbound guard) into a suggested OAuth config. */
export function useDiscoverIssuer() {
  return useMutation({
    mutationFn: (issuer: string) => apiFetch<DiscoveryAnswer>("/api/v1/oauth/discovery", { body: { issuer } }),
  });
}
