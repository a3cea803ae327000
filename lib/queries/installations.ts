"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { InstallationView, MySettingsView } from "@/lib/schemas/installations";
import { apiFetch } from "./api-client";

export const installationKeys = {
  all: ["installations"] as const,
  detail: (id: string) => ["installations", id] as const,
};

const installationPath = (id: string) => `/api/v1/installations/${encodeURIComponent(id)}`;

/** An installation with its organization settings, secrets masked; seeded by the server's render. */
export function useInstallation(id: string, initialData?: InstallationView) {
  return useQuery({
    queryKey: installationKeys.detail(id),
    queryFn: () => apiFetch<InstallationView>(installationPath(id)),
    initialData,
  });
}

export interface InstallAppInput {
  organizationId: string;
  appId: string;
  settings: Record<string, string>;
  /** The version the installer was shown. */
  version?: number;
}

export function useInstallApp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ organizationId, ...body }: InstallAppInput) =>
      apiFetch<{ id: string }>(`/api/v1/organizations/${encodeURIComponent(organizationId)}/installations`, {
        body,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: installationKeys.all }),
  });
}

/** Sends only the keys to change; an empty secret keeps its stored value. */
export function useUpdateInstallationSettings(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: Record<string, string>) =>
      apiFetch<InstallationView>(`${installationPath(id)}/settings`, { method: "PATCH", body: patch }),
    onSuccess: (view) => queryClient.setQueryData(installationKeys.detail(id), view),
  });
}

export function useUninstallApp(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<void>(installationPath(id), { method: "DELETE" }),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: installationKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: installationKeys.all });
    },
  });
}

/** Moves the installation to a newer version of its app, with answers to the prompts it adds. */
export function useUpgradeInstallation(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { version: number; settings: Record<string, string> }) =>
      apiFetch<InstallationView>(`${installationPath(id)}/upgrade`, { body: input }),
    onSuccess: (view) => queryClient.setQueryData(installationKeys.detail(id), view),
  });
}

export const mySettingsKey = (id: string) => ["installations", id, "my-settings"] as const;

/** The caller's own non-token user settings, secrets masked; seeded by the server's render. */
export function useMySettings(id: string, initialData?: MySettingsView) {
  return useQuery({
    queryKey: mySettingsKey(id),
    queryFn: () => apiFetch<MySettingsView>(`${installationPath(id)}/my-settings`),
    initialData,
  });
}

/** Sends only the caller's changed values; an empty secret keeps its stored value. */
export function useUpdateMySettings(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: Record<string, string>) =>
      apiFetch<MySettingsView>(`${installationPath(id)}/my-settings`, { method: "PATCH", body: { values } }),
    onSuccess: (view) => queryClient.setQueryData(mySettingsKey(id), view),
  });
}
