import { findConnection } from "@/lib/db/connections";
import { findInstallationAppName } from "@/lib/db/installations";
import { readScopes } from "@/lib/oauth";
import { findOAuthConfig, loadInstallationContext } from "./installation-context";
import { toConnectionView, type ConnectionView } from "./connections";
import { describeProviderHost } from "./version-changes";

/** What the branded landing page shows: never a setting value, only names, the logo and the scopes. */
export interface ConsentPage {
  installationId: string;
  configName: string;
  appName: string;
  organizationName: string;
  logoUrl: string | null;
  providerHost: string | null;
  scopes: string[];
  connection: ConnectionView;
}

export async function getConsentPage(userId: string, installationId: string, configName: string): Promise<ConsentPage> {
  const context = await loadInstallationContext(userId, installationId);
  const config = findOAuthConfig(context, configName);
  return {
    installationId,
    configName: config.name,
    appName: context.appName,
    organizationName: context.organizationName,
    logoUrl: config.logoUrl ?? null,
    providerHost: describeProviderHost(config.linkUrl) || null,
    scopes: readScopes(config.linkUrl),
    connection: toConnectionView(await findConnection(installationId, config.name, userId)),
  };
}

/**
 * The app a consent link (`/connect/<installation>/<config>`) is for, so the sign-in page can say why it asks.
 * Only the app's name, as the installation's pinned version says it (the one its members are shown
 * everywhere else; a draft's name is the developer's, unpublished): an installation id is unguessable,
 * and the name is on the store page anyway.
 */
export async function findConnectLinkAppName(path: string): Promise<string | null> {
  const match = /^\/connect\/([^/?#]+)\/[^/?#]+/.exec(path);
  if (!match) return null;
  try {
    return await findInstallationAppName(decodeURIComponent(match[1]!));
  } catch {
    return null;
  }
}
