import { buttonClass } from "@/components/ui/button";
import { connectPath } from "@/lib/paths";

/** What the user reads after the provider sent them back: one explanation per way the flow can end. */
const OUTCOMES: Record<string, { title: string; message: string; tone: "success" | "error" | "warning"; canRetry: boolean }> = {
  connected: { title: "Connected", message: "Your account is connected. The app can now call its APIs for you.", tone: "success", canRetry: false },
  denied: { title: "Access was not allowed", message: "You declined at the provider, so nothing was stored. You can try again whenever you like.", tone: "warning", canRetry: true },
  provider_error: { title: "The provider reported an error", message: "The provider did not complete the authorization. Nothing was stored.", tone: "error", canRetry: true },
  missing_state: { title: "This link is incomplete", message: "The provider's answer carried no state, so it cannot be matched to a request of yours. Nothing was stored.", tone: "error", canRetry: true },
  invalid_state: { title: "This link is not valid", message: "The link does not match any request started here. Start again from the app's page.", tone: "error", canRetry: true },
  expired: { title: "This link has expired", message: "Authorization links are valid for 10 minutes. Start again to get a fresh one.", tone: "warning", canRetry: true },
  reused: { title: "This link was already used", message: "Each authorization link works once. Start again if you still need to connect.", tone: "warning", canRetry: true },
  wrong_user: { title: "This link belongs to someone else", message: "The authorization was started by another account, so it cannot finish in yours. Nothing was stored.", tone: "error", canRetry: true },
  no_code: { title: "The provider sent no authorization code", message: "The app's auth code path matched nothing in the provider's answer. An app developer should check the configuration.", tone: "error", canRetry: false },
  token_path: { title: "The tokens could not be read", message: "The provider answered, but the app's token path matched nothing in the answer. An app developer should check the extraction paths.", tone: "error", canRetry: false },
  unreachable: { title: "The provider could not be reached", message: "The provider is down or did not answer in time. Nothing was stored; try again in a moment.", tone: "error", canRetry: true },
  issuer_mismatch: { title: "The answer came from the wrong server", message: "The authorization server that answered is not the one this app is configured for (RFC 9207), so the code was not used. Nothing was stored. Start again from the app's page; if it happens again, an app developer should check the config's issuer.", tone: "error", canRetry: true },
  token_type: { title: "The provider issued a token the app cannot use", message: "The provider issued a token that is not a Bearer token, but the app's APIs send it as one. An app developer must change the API's Authorization header. Nothing was stored.", tone: "error", canRetry: false },
  config_error: { title: "The app is not configured correctly", message: "The provider refused the app's credentials (a wrong client ID or secret, or a redirect URI it does not know), or the request could not be built. Trying again will not help until the settings are fixed.", tone: "error", canRetry: false },
  rate_limited: { title: "Too many attempts", message: "Wait a minute, then try again.", tone: "warning", canRetry: true },
};

// Outcomes a retry cannot fix: the settings or the app's definition must change first.
const CONFIGURATION_OUTCOMES = new Set(["config_error", "no_code", "token_path", "token_type"]);
// The provider's own error codes that mean the same: it does not know the client, or the redirect URI it was sent.
const CONFIGURATION_PROVIDER_ERRORS = new Set(["invalid_client", "unauthorized_client", "redirect_uri_mismatch", "invalid_redirect_uri"]);

/** Whether the outcome needs the installation's settings (or the app) fixed, so that trying again cannot help. */
export function isConfigurationOutcome(outcome: string, providerError?: string): boolean {
  return CONFIGURATION_OUTCOMES.has(outcome) || (outcome === "provider_error" && CONFIGURATION_PROVIDER_ERRORS.has(providerError ?? ""));
}

interface Props {
  outcome: string;
  /** Whether the viewer may change the installation's settings (an owner or admin of its organization). */
  canManage?: boolean;
  /** The installation's organization, when the viewer belongs to it: a member finds its admins there. */
  organizationId?: string;
  installationId?: string;
  configName?: string;
  returnTo?: string | null;
  providerError?: string;
  providerDescription?: string;
}

export function ConnectResult({ outcome, canManage = false, organizationId, installationId, configName, returnTo, providerError, providerDescription }: Props) {
  const view = OUTCOMES[outcome] ?? OUTCOMES.invalid_state!;
  const landing = installationId && configName ? connectPath(installationId, configName) : null;
  const back = returnTo ?? (installationId ? `/installations/${encodeURIComponent(installationId)}` : "/installations");
  const isConfiguration = isConfigurationOutcome(outcome, providerError);
  const canRetry = view.canRetry && !isConfiguration;
  const icon = view.tone === "success" ? "✓" : view.tone === "warning" ? "!" : "×";
  const iconClass =
    view.tone === "success" ? "bg-emerald-100 text-emerald-700" : view.tone === "warning" ? "bg-amber-100 text-amber-800" : "bg-red-100 text-red-700";
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md rounded-2xl border border-slate-200 bg-white p-8 text-center shadow-sm">
        <div aria-hidden="true" className={`mx-auto grid h-12 w-12 place-items-center rounded-full text-xl font-bold ${iconClass}`}>
          {icon}
        </div>
        <h1 className="mt-4 text-xl font-semibold text-slate-900">{view.title}</h1>
        <p className="mt-2 text-sm text-slate-600">{view.message}</p>
        {(providerError || providerDescription) && (
          <div className="mt-4 rounded-md bg-slate-50 px-3 py-2 text-left text-sm text-slate-700">
            {providerError && (
              <p>
                Provider&apos;s code: <code className="font-mono">{providerError}</code>
              </p>
            )}
            {providerDescription && <p className="mt-1 break-words">{providerDescription}</p>}
          </div>
        )}
        {isConfiguration && !canManage && (
          <p className="mt-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Ask an admin of your organization to check the app&apos;s settings on its installation page, then connect again.
          </p>
        )}
        <div className="mt-8 flex flex-col gap-3 sm:flex-row sm:justify-center">
          {isConfiguration && canManage && installationId && (
            <a href={`/installations/${encodeURIComponent(installationId)}?tab=settings`} className={buttonClass("primary")}>
              Open the installation&apos;s settings
            </a>
          )}
          {isConfiguration && !canManage && organizationId && (
            <a href={`/organizations/${encodeURIComponent(organizationId)}/members`} className={buttonClass("primary")}>
              See your organization&apos;s admins
            </a>
          )}
          {canRetry && landing && (
            <a href={returnTo ? `${landing}?returnTo=${encodeURIComponent(returnTo)}` : landing} className={buttonClass("primary")}>
              Try again
            </a>
          )}
          <a href={back} className={buttonClass(canRetry || (isConfiguration && (canManage || organizationId)) ? "secondary" : "primary")}>
            {view.tone === "success" ? "Continue" : "Back to the app"}
          </a>
        </div>
      </div>
    </main>
  );
}
