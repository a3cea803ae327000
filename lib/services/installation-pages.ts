import { listMemberships } from "@/lib/db/accounts";
import { findPublishedApp, type StoreAppDetails } from "@/lib/db/app-versions";
import { listAuditEvents, type AuditEventRecord } from "@/lib/db/audit";
import { listInstallationsOfMember } from "@/lib/db/installations";
import { AppError } from "@/lib/errors";
import type { InstallationView, MySettingsView } from "@/lib/schemas/installations";
import { allowedActions, can, type Action } from "./access";
import { getCallbackUrl } from "./connect";
import { describeCredentialCheck, type CredentialCheck } from "./credential-check";
import { getInstallationForMember, type MemberInstallation } from "./installation-context";
import { toView } from "./installations";
import { getMySettings } from "./my-settings";
import { describeProviderHost, listSecretDestinations, readScopes, type SecretDestination } from "./version-changes";

/**
 * The view-models of the installation and store pages: what each page shows, assembled from the use
 * cases in installations.ts. Pages call these; the API calls the use cases.
 */

export type { AuditEventRecord } from "@/lib/db/audit";
export type { InstallationListItem } from "@/lib/db/installations";

export interface InstallationPage {
  installation: MemberInstallation;
  /** What the caller's role may do here, for the page to show only that. */
  actions: Action[];
  /** The API's view, secrets masked; without `installation.upgrade` there is no upgrade offer (see `toView`). */
  view: InstallationView;
  events: AuditEventRecord[];
  callbackUrl: string;
  /** The caller's own non-token user settings, for the Connections tab. */
  mySettings: MySettingsView;
}

/** Everything the installation page shows, or null when the user may not see the installation. */
export async function findInstallationPage(userId: string, installationId: string): Promise<InstallationPage | null> {
  const installation = await getInstallationForMember(userId, installationId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  });
  if (!installation) return null;
  const actions = allowedActions(installation.role);
  const [view, events, mySettings] = await Promise.all([
    toView(installation),
    // A member sees only their own connection events; owners and admins the installation's whole trail.
    listAuditEvents({
      organizationId: installation.organizationId,
      installationId,
      limit: 100,
      ...(actions.includes("audit.viewAll") ? {} : { userId, typePrefix: "connection." }),
    }),
    getMySettings(userId, installationId),
  ]);
  return { installation, actions, view, events, callbackUrl: getCallbackUrl(), mySettings };
}

/** The installations of every organization the user belongs to. */
export const listMyInstallations = listInstallationsOfMember;

export interface InstallContext {
  /** The organizations the user may install into (`installation.install`). */
  adminOrganizations: { id: string; name: string }[];
  /** Where apps are already installed among the user's organizations. */
  installations: { id: string; appId: string; organizationId: string; organizationName: string }[];
}

/** What the store needs to decide, per app, between Install, Open and nothing. */
export async function getInstallContext(userId: string): Promise<InstallContext> {
  const [memberships, installations] = await Promise.all([listMemberships(userId), listInstallationsOfMember(userId)]);
  return {
    adminOrganizations: memberships.filter((membership) => can(membership.role, "installation.install")).map(({ id, name }) => ({ id, name })),
    installations: installations.map(({ id, appId, organizationId, organizationName }) => ({ id, appId, organizationId, organizationName })),
  };
}

export interface StoreAppPage extends InstallContext {
  app: Omit<StoreAppDetails, "oauthConfigs" | "definition"> & {
    providers: { name: string; host: string; logoUrl: string | null; scopes: string[] }[];
    /** Where the organization's secrets and the users' tokens are sent, per host. */
    secretDestinations: SecretDestination[];
    /** When the installer's client credentials are checked, or null when the app asks for no client secret. */
    credentialCheck: CredentialCheck | null;
  };
  callbackUrl: string;
}

/** A published app as its store page shows it (its latest version), or null when there is none. */
export async function findStoreAppPage(userId: string, appId: string): Promise<StoreAppPage | null> {
  const [app, context] = await Promise.all([findPublishedApp(appId), getInstallContext(userId)]);
  if (!app) return null;
  const { oauthConfigs, definition, ...rest } = app;
  return {
    // Link URLs are templates the developer wrote; the page needs only the provider's host and scopes.
    app: {
      ...rest,
      providers: oauthConfigs.map((config) => ({
        name: config.name,
        host: describeProviderHost(config.linkUrl),
        logoUrl: config.logoUrl,
        scopes: readScopes(config.linkUrl),
      })),
      secretDestinations: listSecretDestinations(definition),
      credentialCheck: describeCredentialCheck(definition),
    },
    ...context,
    callbackUrl: getCallbackUrl(),
  };
}

