import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import type { ConsentPage } from "@/lib/services/consent";
import { LogoInitial, logoBoxClass, logoImageClass } from "@/components/ui/app-logo-parts";
import { cn } from "@/components/ui/cn";
import { connectStartPath } from "@/lib/paths";

/**
 * The branded landing page's card. It is served without the React runtime (see pages/connect), so it holds
 * only a form post and a link, and, when the app has a logo, a few lines of script (allowed by `nonce`) that
 * swap a logo that cannot be loaded for the app's initial.
 */
export function ConsentCard({ page, returnTo, nonce }: { page: ConsentPage; returnTo: string | null; nonce: string | null }) {
  const startPath = connectStartPath(page.installationId, page.configName);
  const cancelPath = returnTo ?? `/installations/${encodeURIComponent(page.installationId)}`;
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-brand-50 to-slate-50 px-4 py-12">
      <div className="w-full max-w-md rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
        <div className="flex flex-col items-center text-center">
          <ConsentLogo src={page.logoUrl} appName={page.appName} nonce={nonce} />
          <h1 className="mt-5 text-xl font-semibold text-slate-900">Connect {page.appName}</h1>
          <p className="mt-1 text-sm text-slate-500">
            for <span className="font-medium text-slate-700">{page.organizationName}</span>
          </p>
        </div>

        {page.connection.status === "needs_reauth" && (
          <p role="alert" className="mt-6 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Your previous connection stopped working. Allow access again to reconnect.
          </p>
        )}
        {page.connection.status === "connected" && (
          <p className="mt-6 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
            You are already connected. Allowing access again replaces your current connection.
          </p>
        )}

        <div className="mt-6 space-y-3 text-sm text-slate-600">
          <p>
            {page.appName} will be able to act on your behalf
            {page.providerHost ? (
              <>
                {" "}at <span className="font-medium text-slate-800">{page.providerHost}</span>
              </>
            ) : null}
            . Gatehouse keeps the tokens encrypted and uses them only when this app calls its APIs.
          </p>
          {page.scopes.length > 0 && (
            <div>
              <p className="font-medium text-slate-800">Requested access</p>
              <ul className="mt-2 flex flex-wrap gap-1.5" aria-label="Requested scopes">
                {page.scopes.map((scope) => (
                  <li key={scope}>
                    <Badge tone="info">{scope}</Badge>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>

        <form method="post" action={startPath} className="mt-8 flex flex-col gap-3 sm:flex-row">
          {returnTo && <input type="hidden" name="returnTo" value={returnTo} />}
          {/* Allow access comes first in reading order and on screen, at every width, so Tab meets what the eye does. */}
          <button type="submit" className={buttonClass("primary")}>
            Allow access
          </button>
          <a href={cancelPath} className={buttonClass("secondary")}>
            Cancel
          </a>
        </form>
      </div>
    </main>
  );
}

// Without React on the page, the logo's fallback is this script's: an image that failed before it ran has
// loaded nothing, one that fails later fires "error".
const LOGO_FALLBACK_SCRIPT = `for (const image of document.querySelectorAll("img[data-logo]")) {
  const swap = () => { image.nextElementSibling.hidden = false; image.remove(); };
  if (image.complete && image.naturalWidth === 0) swap(); else image.addEventListener("error", swap);
}`;

function ConsentLogo({ src, appName, nonce }: { src: string | null; appName: string; nonce: string | null }) {
  const box = logoBoxClass("lg");
  if (!src) return <LogoInitial appName={appName} box={box} />;
  return (
    <>
      {/* A plain img: logos are the developer's URLs on any host, which next/image would need allow-listed. */}
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img data-logo src={src} alt={`${appName} logo`} referrerPolicy="no-referrer" className={cn(box, logoImageClass)} />
      <LogoInitial appName={appName} box={box} hidden />
      {nonce && <script nonce={nonce} dangerouslySetInnerHTML={{ __html: LOGO_FALLBACK_SCRIPT }} />}
    </>
  );
}
