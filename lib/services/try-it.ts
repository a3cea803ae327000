import { listApiParams } from "@/lib/oauth/api-params";
import type { ApiDefinition } from "@/lib/schemas/app-definition";
import { loadInstallationContext } from "./installation-context";

/**
 * What the installation page's "Try it" panel offers: the app's APIs with the params a member types in.
 * Built from the definition alone; no setting value is read, so none can reach the browser.
 */

export interface TryableApi {
  name: string;
  method: ApiDefinition["method"];
  /** The URL template with its placeholders; literal query values are masked, as one could be a key. */
  url: string;
  /** The template names the caller supplies with each invoke, in order of first use. */
  params: string[];
  oauthConfig: string | null;
}

/** The installation's APIs for one of its organization's members; others get a 404. */
export async function listTryableApis(userId: string, installationId: string): Promise<TryableApi[]> {
  const context = await loadInstallationContext(userId, installationId);
  const settingKeys = context.settings.map((setting) => setting.key);
  return context.apis.map((api) => ({
    name: api.name,
    method: api.method,
    url: maskLiteralQueryValues(api.url),
    params: listApiParams(api, settingKeys),
    oauthConfig: api.oauthConfig ?? null,
  }));
}

/** Shows a URL template's query values only where they are placeholders: `?key=…&limit={{limit}}`. */
export function maskLiteralQueryValues(url: string): string {
  const [base = "", query] = url.split(/\?(.*)/s, 2);
  if (query === undefined) return url;
  const pairs = query.split("&").map((pair) => {
    const [name = "", value] = pair.split(/=(.*)/s, 2);
    return value === undefined || value.includes("{{") ? pair : `${name}=…`;
  });
  return `${base}?${pairs.join("&")}`;
}
