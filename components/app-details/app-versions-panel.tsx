"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { useAppVersions, usePublishApp, type AppResource } from "@/lib/queries/apps";
import { SectionCard } from "./section-card";

/**
 * The app's published versions. The form edits a draft; installations run the version they were
 * installed at until an admin of theirs accepts a newer one, so publishing is what offers a change.
 */
export function AppVersionsPanel({ app, isDirty }: { app: AppResource; isDirty: boolean }) {
  const toast = useToast();
  const versions = useAppVersions(app.id);
  const publish = usePublishApp(app.id);
  const next = (app.version ?? 0) + 1;
  const publishVersion = () =>
    publish.mutate(undefined, {
      onSuccess: ({ version }) => toast.success(`Published version ${version}: installers are offered the upgrade`),
      onError: (error) => toast.error(`Not published: ${error.message}`),
    });

  return (
    <SectionCard
      id="versions"
      title="Versions"
      description={
        app.version === null ? (
          "Not published yet: nobody can install the app."
        ) : (
          <span className="flex flex-wrap items-center gap-2">
            <span>Current version {app.version}.</span>
            {app.draftChanged ? (
              <Badge tone="warning">Draft differs from version {app.version}</Badge>
            ) : (
              <Badge tone="success">Draft matches version {app.version}</Badge>
            )}
          </span>
        )
      }
      actions={
        app.version !== null && app.draftChanged ? (
          <Button onClick={publishVersion} isPending={publish.isPending} disabled={isDirty} title={isDirty ? "Save your changes first" : undefined}>
            Publish version {next}
          </Button>
        ) : undefined
      }
    >
      <div className="px-5 py-4 text-sm">
        {versions.isPending ? (
          <p className="text-slate-500">Loading versions…</p>
        ) : versions.isError ? (
          <p role="alert" className="text-red-700">
            Could not load the versions: {versions.error.message}
          </p>
        ) : versions.data.length === 0 ? (
          <p className="text-slate-500">Saved changes stay a draft until you publish.</p>
        ) : (
          <ul aria-label="Published versions" className="divide-y divide-slate-100">
            {versions.data.map((entry) => (
              <li key={entry.version} className="flex flex-wrap items-center justify-between gap-x-3 py-1.5">
                <span className="font-medium text-slate-900">Version {entry.version}</span>
                <span className="text-slate-500">
                  published{entry.publishedBy ? ` by ${entry.publishedBy.name || entry.publishedBy.email}` : ""} on{" "}
                  <time dateTime={entry.publishedAt}>{new Date(entry.publishedAt).toLocaleDateString()}</time>
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </SectionCard>
  );
}
