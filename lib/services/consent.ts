import { findConnection } from "@/lib/db/connections";
import { readScopes } from "@/lib/oauth";
import { findOAuthConfig, loadInstallationContext } from "./connection-context";
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
