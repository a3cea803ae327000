import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AppDefinition, AppDefinitionInput } from "@/lib/schemas/app-definition";
import type { AppVersionEntry } from "@/lib/services/apps";
import { apiFetch } from "./api-client";

export type { AppVersionEntry } from "@/lib/services/apps";

/** An app as `GET /api/v1/apps/{appId}` returns it to the owning organization's admins. */
export interface AppResource {
  id: string;
  organizationId: string;
  published: boolean;
  definition: AppDefinition;
  /** The latest published version, or null before the first publish. */
  version: number | null;
  /** Whether the saved draft differs from the latest version. */
  draftChanged: boolean;
}


export const appQueryKeys = {
  all: ["apps"] as const,
  detail: (appId: string) => ["apps", appId] as const,
  versions: (appId: string) => ["apps", appId, "versions"] as const,
};

const appPath = (appId: string) => `/api/v1/apps/${encodeURIComponent(appId)}`;

export function fetchApp(appId: string): Promise<AppResource> {
  return apiFetch<AppResource>(appPath(appId));
}

export function saveAppDefinition(appId: string, definition: AppDefinitionInput): Promise<AppResource> {
  return apiFetch<AppResource>(appPath(appId), { method: "PUT", body: definition });
}

export function fetchAppVersions(appId: string): Promise<AppVersionEntry[]> {
  return apiFetch<AppVersionEntry[]>(`${appPath(appId)}/versions`);
}

export function useAppVersions(appId: string) {
  return useQuery({ queryKey: appQueryKeys.versions(appId), queryFn: () => fetchAppVersions(appId) });
}

export function publishApp(appId: string): Promise<{ id: string; published: boolean; version: number }> {
  return apiFetch(`${appPath(appId)}/publish`, { method: "POST" });
}

export function createApp(organizationId: string, definition: AppDefinitionInput): Promise<{ id: string }> {
  return apiFetch(`/api/v1/organizations/${encodeURIComponent(organizationId)}/apps`, { method: "POST", body: definition });
}

/** The app being edited; the server page passes what it loaded as the initial data. */
export function useApp(appId: string, initialData?: AppResource) {
  return useQuery({ queryKey: appQueryKeys.detail(appId), queryFn: () => fetchApp(appId), initialData });
}

export function useSaveApp(appId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (definition: AppDefinitionInput) => saveAppDefinition(appId, definition),
    onSuccess: (app) => queryClient.setQueryData(appQueryKeys.detail(appId), app),
  });
}

export function usePublishApp(appId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => publishApp(appId),
    onSuccess: ({ published, version }) => {
      queryClient.setQueryData<AppResource>(appQueryKeys.detail(appId), (app) => (app ? { ...app, published, version, draftChanged: false } : app));
      void queryClient.invalidateQueries({ queryKey: appQueryKeys.versions(appId) });
    },
  });
}

export function useCreateApp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ organizationId, definition }: { organizationId: string; definition: AppDefinitionInput }) =>
      createApp(organizationId, definition),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: appQueryKeys.all }),
  });
}
