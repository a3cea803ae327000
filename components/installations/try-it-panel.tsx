"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ConsentLink } from "@/components/connect/consent-link";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState, ErrorState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { ApiClientError } from "@/lib/queries/api-client";
import { useInvokeApi, useMyConnections, type ConfigConnectionView, type InvokeResult } from "@/lib/queries/connections";
import type { TryableApi } from "@/lib/services/try-it";
import { connectPath } from "@/lib/paths";
import { connectHref, installationHref } from "./links";

interface TryItPanelProps {
  installationId: string;
  apis: TryableApi[];
  /** The API to open with, e.g. the one the member was trying before they went to connect. */
  initialApi?: string;
  initialConnections: ConfigConnectionView[];
}

const PARAM_PREFIX = "params.";

/** Runs one of the app's APIs with the member's own connection and shows what the provider answered. */
export function TryItPanel({ installationId, apis, initialApi, initialConnections }: TryItPanelProps) {
  const router = useRouter();
  const { data: connections = initialConnections } = useMyConnections(installationId, initialConnections);
  const invoke = useInvokeApi(installationId);
  const [apiName, setApiName] = useState(() => apis.find((api) => api.name === initialApi)?.name ?? apis[0]?.name ?? "");
  // Values are kept per API, so switching back and forth loses nothing typed.
  const [values, setValues] = useState<Record<string, Record<string, string>>>({});
  const [elapsedMs, setElapsedMs] = useState<number | null>(null);
  const responseRef = useRevealAfterRun(invoke.status);

  const api = apis.find((candidate) => candidate.name === apiName);
  if (!api) {
    return <EmptyState title="Nothing to try" description="This app defines no APIs." />;
  }

  const apiValues = values[api.name] ?? {};
  const connection = api.oauthConfig ? connections.find((candidate) => candidate.configName === api.oauthConfig) : undefined;
  const error = invoke.error instanceof ApiClientError ? invoke.error : null;
  const paramErrors = Object.fromEntries(
    (error?.status === 422 ? error.issues : [])
      .filter((issue) => issue.path.startsWith(PARAM_PREFIX))
      .map((issue) => [issue.path.slice(PARAM_PREFIX.length), issue.message]),
  );
  const isAuthorizationRequired = error?.code === "authorization_required";
  // Offer to connect before a run that could only answer 409, and after one that did.
  const shouldConnect = isAuthorizationRequired || (invoke.isIdle && !!connection && connection.status !== "connected");
  const returnTo = installationHref(installationId, "try-it", { api: api.name });

  const selectApi = (name: string) => {
    setApiName(name);
    setElapsedMs(null);
    invoke.reset();
  };

  const run = (event: FormEvent) => {
    event.preventDefault();
    // An empty field is left out rather than sent as "", so the server names it instead of calling with nothing.
    const params = Object.fromEntries(api.params.flatMap((name) => (apiValues[name] ? [[name, apiValues[name]]] : [])));
    const started = readTimer();
    setElapsedMs(null);
    invoke.mutate(
      { apiName: api.name, params },
      {
        onSettled: () => {
          setElapsedMs(Math.round(readTimer() - started));
          // A run may refresh a token, which the Activity tab (rendered on the server) then lists.
          router.refresh();
        },
      },
    );
  };

  return (
    <div className="grid gap-6 lg:grid-cols-5 lg:items-start">
      <Card className="lg:col-span-2">
        <CardHeader title="Request" description="Calls the API with your own connection, exactly as the app would." />
        <CardBody>
          <form onSubmit={run} noValidate aria-label="Try an API" className="space-y-4">
            <Field label="API">
              <Select value={api.name} onChange={(event) => selectApi(event.target.value)}>
                {apis.map((candidate) => (
                  <option key={candidate.name} value={candidate.name}>
                    {candidate.name}
                  </option>
                ))}
              </Select>
            </Field>
            <div className="rounded-md bg-slate-50 px-3 py-2 ring-1 ring-slate-200">
              <p className="flex items-center gap-2 text-xs text-slate-500">
                <Badge tone="info">{api.method}</Badge>
                {api.oauthConfig ? (
                  <span>
                    with your <span className="font-mono">{api.oauthConfig}</span> connection
                  </span>
                ) : (
                  <span>without a connection</span>
                )}
              </p>
              <p className="mt-1.5 font-mono text-xs [overflow-wrap:anywhere] text-slate-700">
                <span className="sr-only">URL: </span>
                <TemplateText template={api.url} />
              </p>
            </div>
            {api.params.length === 0 ? (
              <p className="text-sm text-slate-500">This API takes no parameters.</p>
            ) : (
              <fieldset className="space-y-3">
                <legend className="mb-2 text-sm font-semibold text-slate-800">Parameters</legend>
                {api.params.map((name) => (
                  <Field key={`${api.name}:${name}`} label={<span className="font-mono">{name}</span>} error={paramErrors[name]}>
                    <Input
                      value={apiValues[name] ?? ""}
                      onChange={(event) => {
                        const { value } = event.target;
                        setValues((all) => ({ ...all, [api.name]: { ...all[api.name], [name]: value } }));
                      }}
                      autoComplete="off"
                      spellCheck={false}
                      className="font-mono"
                    />
                  </Field>
                ))}
              </fieldset>
            )}
            <div className="flex justify-end border-t border-slate-100 pt-4">
              <Button type="submit" isPending={invoke.isPending}>
                {invoke.isPending ? "Running…" : "Run"}
              </Button>
            </div>
          </form>
        </CardBody>
      </Card>

      <div
        ref={responseRef}
        tabIndex={-1}
        role="region"
        aria-label="Response"
        className="min-w-0 scroll-mt-20 rounded-lg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 lg:col-span-3"
      >
      <Card className="min-w-0">
        <CardHeader title="Response" description={`What ${api.name} answered`} />
        <CardBody aria-live="polite" aria-busy={invoke.isPending || undefined}>
          {invoke.isPending ? (
            <Spinner label={`Calling ${api.name}…`} />
          ) : shouldConnect ? (
            <ConnectPrompt
              href={connectHref(connectPathFrom(error, installationId, api.oauthConfig), returnTo)}
              configName={api.oauthConfig}
              isReconnect={connection?.status === "needs_reauth"}
              message={isAuthorizationRequired ? error!.message : undefined}
            />
          ) : invoke.data ? (
            <InvokeResponse result={invoke.data} elapsedMs={elapsedMs} />
          ) : error ? (
            <RunError error={error} />
          ) : invoke.error ? (
            <ErrorState message={invoke.error.message} />
          ) : (
            <p className="text-sm text-slate-500">Fill in the parameters and press Run to see the provider&apos;s answer here.</p>
          )}
        </CardBody>
      </Card>
      </div>
    </div>
  );
}

/**
 * After a run ends, brings the response into view and moves focus to it: on a phone it sits below the form,
 * where nothing visible would otherwise happen.
 */
function useRevealAfterRun(status: "idle" | "pending" | "success" | "error") {
  const ref = useRef<HTMLDivElement>(null);
  const hasRun = useRef(false);
  useEffect(() => {
    if (status === "pending") hasRun.current = true;
    if ((status === "success" || status === "error") && hasRun.current) {
      hasRun.current = false;
      const reveal = () => ref.current?.scrollIntoView({ block: "nearest" });
      reveal();
      ref.current?.focus({ preventScroll: true });
      // The run also refreshes the page's server data (the Activity tab), which can shift the layout once more.
      const again = setTimeout(reveal, 400);
      return () => clearTimeout(again);
    }
  }, [status]);
  return ref;
}

/** Where to connect: the 409's own link when there is one, else the API's config's landing page. */
function connectPathFrom(error: ApiClientError | null, installationId: string, configName: string | null): string {
  const fromServer = (error?.details as { connectUrl?: unknown } | undefined)?.connectUrl;
  if (typeof fromServer === "string" && fromServer.startsWith("/connect/")) return fromServer;
  return connectPath(installationId, configName ?? "");
}

function ConnectPrompt({ href, configName, isReconnect, message }: { href: string; configName: string | null; isReconnect: boolean; message?: string }) {
  return (
    <div className="rounded-md border border-brand-100 bg-brand-50 px-4 py-4 text-sm text-slate-700">
      <p className="font-semibold text-slate-900">{isReconnect ? "Reconnect your account first" : "Connect your account first"}</p>
      <p className="mt-1">
        {message ? asSentence(message) : (
          <>
            This API runs with your <span className="font-mono">{configName}</span> connection, which you have not made yet.
          </>
        )}{" "}
        You come back here afterwards.
      </p>
      <ConsentLink href={href} className={`${buttonClass("primary", "sm")} mt-3`}>
        {isReconnect ? "Reconnect" : "Connect"}
      </ConsentLink>
    </div>
  );
}

const asSentence = (message: string) => (/[.!?]$/.test(message) ? message : `${message}.`);

/**
 * A URL template with its placeholders set apart, and line breaks offered after "/", "?" and "&" so a
 * long URL wraps between its parts rather than inside a placeholder.
 */
function TemplateText({ template }: { template: string }) {
  return template.split(/(\{\{[^}]*\}\})/).map((part, index) =>
    index % 2 === 1 ? (
      <span key={index} className="whitespace-nowrap text-brand-700">
        {part}
      </span>
    ) : (
      part.split(/(?<=[/?&])/).map((piece, pieceIndex) => (
        <span key={`${index}-${pieceIndex}`}>
          {piece}
          <wbr />
        </span>
      ))
    ),
  );
}

function RunError({ error }: { error: ApiClientError }) {
  if (error.status === 422) {
    const names = error.issues.filter((issue) => issue.path.startsWith(PARAM_PREFIX)).map((issue) => issue.path.slice(PARAM_PREFIX.length));
    return (
      <ErrorState
        title={names.length ? `Missing parameter: ${names.join(", ")}` : "The request could not be built"}
        message={error.message}
      />
    );
  }
  if (error.status === 502) return <ErrorState title="The API could not be reached" message={error.message} />;
  return <ErrorState message={error.message} />;
}

const statusTone = (status: number) => (status < 300 ? "success" : status < 400 ? "info" : status < 500 ? "warning" : "danger");

function InvokeResponse({ result, elapsedMs }: { result: InvokeResult; elapsedMs: number | null }) {
  const headers = Object.entries(result.headers).sort(([a], [b]) => a.localeCompare(b));
  const body = typeof result.body === "string" ? result.body : JSON.stringify(result.body, null, 2);
  return (
    <div className="space-y-4">
      <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
        <span aria-label="Status">
          <Badge tone={statusTone(result.status)}>HTTP {result.status}</Badge>
        </span>
        {elapsedMs !== null && <span>in {elapsedMs} ms</span>}
        {result.status >= 400 && <span>The provider answered with an error; its body is below.</span>}
      </p>
      <details className="rounded-md ring-1 ring-slate-200">
        <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-700 select-none">Headers ({headers.length})</summary>
        <dl className="grid gap-x-4 gap-y-1 border-t border-slate-200 px-3 py-2 font-mono text-xs sm:grid-cols-[max-content_1fr]">
          {headers.map(([name, value]) => (
            <div key={name} className="contents">
              <dt className="text-slate-500">{name}</dt>
              <dd className="min-w-0 break-all text-slate-800">{value}</dd>
            </div>
          ))}
        </dl>
      </details>
      <div>
        <p className="mb-1.5 text-sm font-medium text-slate-700">Body</p>
        <pre
          aria-label="Response body"
          tabIndex={0}
          className="max-h-[28rem] overflow-auto rounded-md bg-slate-900 px-4 py-3 font-mono text-xs leading-relaxed whitespace-pre-wrap [overflow-wrap:anywhere] text-slate-100"
        >
          {body === "" ? <span className="text-slate-400 italic">(empty)</span> : body}
        </pre>
      </div>
    </div>
  );
}

// Read in the Run handler only, never during render.
function readTimer(): number {
  return performance.now();
}
