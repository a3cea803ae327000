"use client";

import Link from "next/link";
import { useEffect, useEffectEvent, useRef, useState } from "react";
import { FormProvider, useFormContext, useWatch } from "react-hook-form";
import { PageHeader } from "@/components/layout/app-shell";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import type { IssueDetail } from "@/lib/errors";
import { ApiClientError } from "@/lib/queries/api-client";
import { useApp, usePublishApp, useSaveApp, type AppResource } from "@/lib/queries/apps";
import type { AppDefinitionInput } from "@/lib/schemas/app-definition";
import { ApisSection } from "./apis-section";
import { AppVersionsPanel } from "./app-versions-panel";
import { isFieldPath, parseIssuePath, serializeDefinition, toDefinition, toFormPath, toFormValues, type AppFormValues } from "./app-form-model";
import type { PublicUrlPolicy } from "./browser-url-policy";
import { lazyDialog } from "./lazy-dialog";

// Opened on request: their code (and the import's JSON checks) loads after the page, not with it.
const ImportDialog = lazyDialog(() => import("./definition-transfer-dialogs").then((module) => module.ImportDialog));
const ExportDialog = lazyDialog(() => import("./definition-transfer-dialogs").then((module) => module.ExportDialog));
import { RevealErrorsContext, type AppFieldPath } from "./form-field";
import { GeneralSection } from "./general-section";
import { OAuthConfigsSection } from "./oauth-configs-section";
import { SandboxBaseUrlContext } from "./sandbox-base-url-context";
import { SettingsSection } from "./settings-section";
import { ProblemList } from "./problem-list";
import { countErrors, useAppForm, useUnsavedChangesWarning } from "./use-app-form";
import { useStickySaveBar } from "./use-sticky-save-bar";

const plural = (count: number, one: string, many: string) => (count === 1 ? `1 ${one}` : `${count} ${many}`);

/** The App details page: the whole definition in one form, saved (and validated) as one document. */
export function AppDetails({
  initialApp,
  urlPolicy,
  sandboxBaseUrl = null,
}: {
  initialApp: AppResource;
  urlPolicy: PublicUrlPolicy;
  /** Set when the built-in sandbox provider is on, to offer its preset. */
  sandboxBaseUrl?: string | null;
}) {
  const toast = useToast();
  const { data: app = initialApp } = useApp(initialApp.id, initialApp);
  const save = useSaveApp(app.id);
  const publish = usePublishApp(app.id);
  const { form, setServerIssues } = useAppForm(initialApp.definition, urlPolicy);
  const {
    formState: { isDirty, submitCount, errors },
  } = form;
  const [hasImported, setImported] = useState(false);
  const [otherIssues, setOtherIssues] = useState<IssueDetail[]>([]);
  const [openDialog, setOpenDialog] = useState<"import" | "export" | null>(null);
  const [exportedJson, setExportedJson] = useState("");
  useUnsavedChangesWarning(isDirty);
  const saveBarRef = useRef<HTMLDivElement>(null);
  useStickySaveBar(saveBarRef);

  const revealAll = hasImported || submitCount > 0;
  const problemCount = countErrors(errors);

  const saveForm = form.handleSubmit(
    async (values) => {
      setServerIssues([]);
      setOtherIssues([]);
      try {
        const saved = await save.mutateAsync(toDefinition(values));
        form.reset(toFormValues(saved.definition));
        setImported(false);
        toast.success("Saved");
      } catch (error) {
        if (error instanceof ApiClientError && error.issues.length > 0) showServerIssues(error.issues, values);
        toast.error(`Not saved: ${error instanceof Error ? error.message : "try again"}`);
      }
    },
    (invalid) => {
      const count = countErrors(invalid);
      toast.error(`Not saved: fix the ${plural(count, "problem", "problems")} marked in the form first`);
    },
  );

  // The server checks what a browser cannot (addresses behind host names, say); its findings go onto the fields.
  function showServerIssues(issues: IssueDetail[], values: AppFormValues) {
    const onFields: IssueDetail[] = [];
    const elsewhere: IssueDetail[] = [];
    for (const issue of issues) {
      const path = toFormPath(parseIssuePath(issue.path), values);
      if (isFieldPath(path)) onFields.push({ path: path.join("."), message: issue.message });
      else elsewhere.push(issue);
    }
    setServerIssues(onFields);
    setOtherIssues(elsewhere);
    void form.trigger().then(() => {
      if (onFields[0]) form.setFocus(onFields[0].path as AppFieldPath);
    });
  }

  // The shortcut always saves what the form holds now, without re-subscribing on every render.
  const saveFromShortcut = useEffectEvent(() => void saveForm());
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        saveFromShortcut();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  const importDefinition = (definition: AppDefinitionInput, hasProblems: boolean) => {
    setServerIssues([]);
    setOtherIssues([]);
    // The saved definition stays the default, so the form counts as changed until it is saved.
    form.reset(toFormValues(definition), { keepDefaultValues: true });
    setImported(true);
    setOpenDialog(null);
    void form.trigger();
    toast.show(hasProblems ? "Imported with problems: fix them in the form, then save" : "Imported: review the form, then save");
  };

  const discardChanges = () => {
    setServerIssues([]);
    setOtherIssues([]);
    setImported(false);
    form.reset();
  };

  const publishApp = () =>
    publish.mutate(undefined, {
      onSuccess: () => toast.success("Published: the app is listed in the store. Next: install it from its store page."),
      onError: (error) => toast.error(`Not published: ${error.message}`),
    });

  return (
    <FormProvider {...form}>
      <SandboxBaseUrlContext.Provider value={sandboxBaseUrl}>
      <RevealErrorsContext.Provider value={revealAll}>
        <Link href="/apps" className="mb-2 inline-block text-sm font-medium text-brand-700 hover:underline">
          ← Apps
        </Link>
        <PageHeader
          title={app.definition.name}
          description={
            <span className="flex flex-wrap items-center gap-2">
              <Badge tone={app.published ? "success" : "neutral"}>{app.published ? "Published" : "Draft"}</Badge>
              <span>
                {app.published
                  ? "Listed in the store; saved changes reach installers only as a new version they accept."
                  : "Only your organization's admins see it until you publish it."}
              </span>
            </span>
          }
          actions={
            <>
              <Button variant="secondary" onClick={() => setOpenDialog("import")}>
                Import
              </Button>
              <Button
                variant="secondary"
                onClick={() => {
                  setExportedJson(serializeDefinition(form.getValues()));
                  setOpenDialog("export");
                }}
              >
                Export
              </Button>
              {app.published && (
                <Link href={`/store/${encodeURIComponent(app.id)}?install=1`} className={buttonClass("primary")}>
                  Install it
                </Link>
              )}
              {!app.published && (
                <Button onClick={publishApp} isPending={publish.isPending} disabled={isDirty} title={isDirty ? "Save your changes first" : undefined}>
                  Publish
                </Button>
              )}
            </>
          }
        />

        {otherIssues.length > 0 && (
          <div role="alert" className="mb-6 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
            <p className="font-semibold">The server refused the definition:</p>
            <ul className="mt-1 space-y-1">
              {otherIssues.map((issue, index) => (
                <li key={index} className="break-words">
                  <code className="font-mono text-xs">{issue.path || "(the whole definition)"}</code> {issue.message}
                </li>
              ))}
            </ul>
          </div>
        )}

        <div className="grid gap-8 lg:grid-cols-[10rem_minmax(0,1fr)]">
          <SectionNav />
          <div className="min-w-0 space-y-8">
            <AppVersionsPanel app={app} isDirty={isDirty} />
            <GeneralSection />
            <SettingsSection />
            <OAuthConfigsSection />
            <ApisSection />
            {revealAll && problemCount > 0 && <ProblemList errors={errors} />}
            <div
              ref={saveBarRef}
              data-save-bar
              className="sticky bottom-3 z-20 flex items-center justify-between gap-3 rounded-lg border border-slate-200 bg-white/95 px-4 py-3 shadow-lg backdrop-blur"
            >
              <p role="status" className={`min-w-0 text-sm ${revealAll && problemCount > 0 ? "font-medium text-red-700" : "text-slate-600"}`}>
                {save.isPending
                  ? "Saving…"
                  : problemCount > 0
                    ? revealAll
                      ? <a href="#problems" className="underline">{`${plural(problemCount, "problem", "problems")} to fix before saving`}</a>
                      : `${plural(problemCount, "problem", "problems")} to fix before saving`
                    : isDirty
                      ? "Unsaved changes"
                      : "All changes saved"}
              </p>
              <div className="flex shrink-0 gap-2">
                <Button variant="secondary" onClick={discardChanges} disabled={!isDirty || save.isPending}>
                  Discard
                </Button>
                <Button onClick={() => void saveForm()} isPending={save.isPending} aria-keyshortcuts="Control+S Meta+S">
                  Save
                </Button>
              </div>
            </div>
          </div>
        </div>

        <ImportDialog open={openDialog === "import"} onClose={() => setOpenDialog(null)} urlPolicy={urlPolicy} onImport={importDefinition} />
        <ExportDialog
          open={openDialog === "export"}
          onClose={() => setOpenDialog(null)}
          json={exportedJson}
          appName={app.definition.name}
          problemCount={problemCount}
          isDirty={isDirty}
        />
      </RevealErrorsContext.Provider>
      </SandboxBaseUrlContext.Provider>
    </FormProvider>
  );
}

function SectionNav() {
  const { control } = useFormContext<AppFormValues>();
  const [settings, oauthConfigs, apis] = useWatch({ control, name: ["settings", "oauthConfigs", "apis"] });
  const links = [
    { href: "#general", label: "General" },
    { href: "#settings", label: "Settings", count: settings.length },
    { href: "#oauth-configs", label: "OAuth configs", count: oauthConfigs.length },
    { href: "#apis", label: "APIs", count: apis.length },
  ];
  return (
    // Below lg a compact row that scrolls sideways; from lg a column beside the form.
    <nav aria-label="Parts of the app" className="-mx-4 overflow-x-auto px-4 lg:mx-0 lg:overflow-visible lg:px-0">
      <ul className="flex gap-1 text-sm lg:sticky lg:top-24 lg:block lg:space-y-1">
        {links.map((link) => (
          <li key={link.href} className="shrink-0">
            <a href={link.href} className="flex items-center justify-between gap-2 rounded-md px-2 py-1.5 font-medium whitespace-nowrap text-slate-600 hover:bg-slate-100 hover:text-slate-900">
              {link.label}
              {link.count !== undefined && <span className="text-xs font-normal text-slate-600">{link.count}</span>}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
