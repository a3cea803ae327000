"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/queries/api-client";
import type { CreateToken } from "@/lib/schemas/accounts";

/** A personal access token as the API lists it (dates as ISO strings). */
export interface TokenListItem {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export interface CreatedToken {
  id: string;
  token: string;
  expiresAt: string | null;
}

const tokenKeys = { mine: ["tokens"] as const };

export function useMyTokens() {
  return useQuery({ queryKey: tokenKeys.mine, queryFn: () => apiFetch<TokenListItem[]>("/api/v1/tokens") });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateToken) => apiFetch<CreatedToken>("/api/v1/tokens", { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokenKeys.mine }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/v1/tokens/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: (_result, id) =>
      queryClient.setQueryData<TokenListItem[]>(tokenKeys.mine, (list) => list?.filter((token) => token.id !== id)),
  });
}
