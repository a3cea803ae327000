import type { InstallContext } from "@/lib/services/installation-pages";

/** Where an app is installed among the user's organizations, and where the user may still install it. */
export function getInstallState(appId: string, { adminOrganizations, installations }: InstallContext) {
  const installedHere = installations.filter((installation) => installation.appId === appId);
  const targets = adminOrganizations.filter(
    (organization) => !installedHere.some((installation) => installation.organizationId === organization.id),
  );
  return { installedHere, targets };
}
