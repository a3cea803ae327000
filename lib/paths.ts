/**
 * The product's own paths that more than one layer builds, written once. Every value is percent-encoded,
 * so an id or a config name can never change a path's shape.
 */

/** The sign-in page, coming back to `returnTo` (a same-origin path) once signed in. */
export function signInPath(returnTo: string): string {
  return `/signin?callbackUrl=${encodeURIComponent(returnTo)}`;
}

/** The consent landing page of one config, optionally coming back to `returnTo` (a same-origin path) afterwards. */
export function connectPath(installationId: string, configName: string, returnTo?: string | null): string {
  const path = `/connect/${encodeURIComponent(installationId)}/${encodeURIComponent(configName)}`;
  return returnTo ? `${path}?returnTo=${encodeURIComponent(returnTo)}` : path;
}

/** Where the landing page's "Allow access" form posts. */
export function connectStartPath(installationId: string, configName: string): string {
  return `${connectPath(installationId, configName)}/start`;
}

/** The installation page's Connections tab, where a member fills their own settings. */
export function mySettingsPagePath(installationId: string): string {
  return `/installations/${encodeURIComponent(installationId)}?tab=connections`;
}
