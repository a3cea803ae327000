import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { StoreAppPage } from "@/lib/services/installation-pages";
import { AppLogo } from "@/components/ui/app-logo";
import { InstallPanel } from "./install-panel";

/** A published app's store page: what it does, whom it connects to, and what an installer answers. */
export function StoreAppDetails({
  page,
  isPromptOpen,
  sandboxCredentials = null,
}: {
  page: StoreAppPage;
  isPromptOpen: boolean;
  /** The built-in sandbox's public test client, when this app connects to it. */
  sandboxCredentials?: { clientId: string; clientSecret: string } | null;
}) {
  const { app } = page;
  return (
    <>
      <Link href="/store" className="text-sm font-medium text-slate-500 hover:text-slate-900">
        ← Store
      </Link>
      <div className="mt-3 mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="flex min-w-0 items-start gap-4">
          <AppLogo src={app.logoUrl} appName={app.name} size="lg" />
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900">{app.name}</h1>
            <p className="mt-0.5 text-sm text-slate-500">by {app.publisher}</p>
          </div>
        </div>
        <InstallPanel
          app={{ id: app.id, name: app.name, version: app.version, organizationSettings: app.organizationSettings, credentialCheck: app.credentialCheck }}
          callbackUrl={page.callbackUrl}
          adminOrganizations={page.adminOrganizations}
          installations={page.installations}
          isPromptOpen={isPromptOpen}
        />
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title="What it does" />
          <CardBody className="space-y-4 text-sm text-slate-700">
            <p className="whitespace-pre-line">{app.description || "The developer has not described this app yet."}</p>
            {app.apis.length > 0 && (
              <div>
                <h3 className="font-medium text-slate-900">APIs it calls for you</h3>
                <ul className="mt-2 flex flex-wrap gap-2" aria-label="APIs">
                  {app.apis.map((api) => (
                    <li key={api.name} className="inline-flex items-center gap-1.5 rounded-md bg-slate-100 px-2 py-1 font-mono text-xs text-slate-700">
                      <span className="font-semibold">{api.method}</span>
                      {api.name}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </CardBody>
        </Card>

        <Card>
          <CardHeader title="Connects to" description="Members sign in to these providers to allow access." />
          <CardBody>
            {app.providers.length === 0 ? (
              <p className="text-sm text-slate-500">No OAuth providers: this app needs no account connection.</p>
            ) : (
              <ul className="space-y-3" aria-label="OAuth providers">
                {app.providers.map((provider) => (
                  <li key={provider.name} className="flex items-center gap-3">
                    <AppLogo src={provider.logoUrl} appName={provider.name} size="sm" />
                    <div className="min-w-0">
                      <p className="truncate font-mono text-sm text-slate-900">{provider.host}</p>
                      <p className="truncate text-xs text-slate-500">{provider.name}</p>
                      {provider.scopes.length > 0 && (
                        <p className="text-xs text-slate-600">
                          Asks for: <span className="font-mono">{provider.scopes.join(" ")}</span>
                        </p>
                      )}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>

        {sandboxCredentials && (
          <Card className="lg:col-span-3">
            <CardHeader
              title="Sandbox credentials"
              description="This app connects to Gatehouse's built-in sandbox provider. Install it, or your own app built with the Sandbox preset, with this public test client."
            />
            <CardBody>
              <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]" aria-label="Sandbox credentials">
                <dt className="font-medium text-slate-900">Client ID</dt>
                <dd>
                  <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-800">{sandboxCredentials.clientId}</code>
                </dd>
                <dt className="font-medium text-slate-900">Client secret</dt>
                <dd>
                  <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-800">{sandboxCredentials.clientSecret}</code>
                </dd>
              </dl>
            </CardBody>
          </Card>
        )}

        <Card className="lg:col-span-3">
          <CardHeader
            title="Where secrets and tokens go"
            description={`What installing version ${app.version} agrees to: the hosts that receive the organization's secrets and its members' tokens.`}
          />
          <CardBody>
            {app.secretDestinations.length === 0 ? (
              <p className="text-sm text-slate-500">No secret setting or token is sent anywhere.</p>
            ) : (
              <ul className="divide-y divide-slate-100" aria-label="Secret destinations">
                {app.secretDestinations.map((destination) => (
                  <li key={destination.host} className="flex flex-wrap items-center justify-between gap-2 py-2.5">
                    <p className="font-mono text-sm text-slate-900">{destination.host}</p>
                    <p className="text-xs text-slate-600">
                      {destination.organizationSecrets.length > 0 && <>Organization secrets: <span className="font-mono">{destination.organizationSecrets.join(", ")}</span>. </>}
                      {destination.userSecrets.length > 0 && <>Members&apos; secrets: <span className="font-mono">{destination.userSecrets.join(", ")}</span>.</>}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>

        <Card className="lg:col-span-3">
          <CardHeader
            title="Settings an installer provides"
            description="Asked once when the app is installed into an organization; owners and admins can change them later."
          />
          <CardBody>
            {app.organizationSettings.length === 0 ? (
              <p className="text-sm text-slate-500">None: the app installs without asking anything.</p>
            ) : (
              <ul className="divide-y divide-slate-100" aria-label="Installer settings">
                {app.organizationSettings.map((setting) => (
                  <li key={setting.key} className="flex flex-wrap items-center justify-between gap-2 py-2.5">
                    <div className="min-w-0">
                      <p className="text-sm font-medium text-slate-900">{setting.label}</p>
                      <p className="font-mono text-xs text-slate-500">{setting.key}</p>
                    </div>
                    <div className="flex gap-1.5">
                      {setting.secret && <Badge tone="warning">Secret</Badge>}
                      <Badge tone={setting.required ? "info" : "neutral"}>{setting.required ? "Required" : "Optional"}</Badge>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
      </div>
    </>
  );
}
