import { buttonClass } from "@/components/ui/button";

interface Props {
  email: string;
  isKnownClient: boolean;
  redirectUri: string;
  state: string;
  scope: string;
}

/** The sandbox provider's screen: deliberately plain, so it reads as "the provider", not as Gatehouse. */
export function SandboxConsent({ email, isKnownClient, redirectUri, state, scope }: Props) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-800 px-4 py-12">
      <div className="w-full max-w-sm rounded-lg bg-white p-6 shadow-xl">
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Sandbox provider</p>
        <h1 className="mt-2 text-lg font-semibold">Authorize this app?</h1>
        {isKnownClient ? (
          <>
            <p className="mt-2 text-sm text-slate-600">
              Signed in as <span className="font-medium">{email}</span>. The app asks for{" "}
              <span className="font-mono text-xs">{scope || "basic access"}</span>.
            </p>
            <form method="post" action="/sandbox/oauth/authorize/decision" className="mt-6 flex justify-end gap-2">
              <input type="hidden" name="redirect_uri" value={redirectUri} />
              <input type="hidden" name="state" value={state} />
              <input type="hidden" name="scope" value={scope} />
              <button type="submit" name="decision" value="deny" className={buttonClass("secondary")}>
                Deny
              </button>
              <button type="submit" name="decision" value="approve" className={buttonClass("primary")}>
                Approve
              </button>
            </form>
          </>
        ) : (
          <p role="alert" className="mt-3 text-sm text-red-700">
            Unknown client_id. The sandbox only knows the client &quot;gatehouse-sandbox&quot;.
          </p>
        )}
      </div>
    </main>
  );
}
