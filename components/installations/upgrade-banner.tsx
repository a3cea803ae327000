"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormAlert } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ApiClientError } from "@/lib/queries/api-client";
import { useUpgradeInstallation } from "@/lib/queries/installations";
import type { SettingFacts, SettingToFill, UpgradeOffer, VersionChange } from "@/lib/schemas/installations";

/**
 * For owners and admins only (the page passes no offer to members): a newer version of the app exists.
 * The review lists what it changes that matters to the organization, most of all where its secrets and
 * its users' tokens would now go, and asks for every organization setting the upgrade cannot go ahead
 * without (the offer's `settingsToFill`, computed by the server's own rule).
 */
export function UpgradeBanner({ installationId, appName, version, offer }: { installationId: string; appName: string; version: number; offer: UpgradeOffer | null }) {
  const [open, setOpen] = useState(false);
  if (!offer) return null;
  return (
    <div className="mb-6 flex flex-col gap-3 rounded-lg border border-brand-200 bg-brand-50 px-4 py-3 sm:flex-row sm:items-center sm:justify-between sm:px-5">
      <div className="min-w-0 text-sm text-slate-800">
        <p className="font-semibold">Version {offer.version} of {appName} is available</p>
        <p className="mt-0.5">
          This organization runs version {version}. Nothing changes until you review and accept the new version.
        </p>
      </div>
      <Button size="sm" onClick={() => setOpen(true)}>
        Review upgrade
      </Button>
      <UpgradeReview installationId={installationId} appName={appName} version={version} offer={offer} open={open} onClose={() => setOpen(false)} />
    </div>
  );
}

const isWarning = (change: VersionChange) => change.kind === "secret_use_added" || change.kind === "url_host_changed" || change.kind === "url_added";

function describeFacts(facts: SettingFacts): string {
  return [facts.level, facts.secret ? "secret" : null, facts.required ? "required" : "optional"].filter(Boolean).join(", ");
}

function describeChange(change: VersionChange): string {
  const show = (value: VersionChange["before"]) =>
    value === null ? "none" : typeof value === "object" ? describeFacts(value) : String(value);
  switch (change.kind) {
    case "url_added":
      return `New URL sending to ${show(change.after)}`;
    case "url_host_changed":
      return `Host changes from ${show(change.before)} to ${show(change.after)}`;
    case "scope_added":
      return `Asks for the scope ${show(change.after)}`;
    case "scope_removed":
      return `No longer asks for the scope ${show(change.before)}`;
    case "setting_added":
      return `New setting (${show(change.after)})`;
    case "setting_removed":
      return "Setting removed";
    case "setting_level_changed":
      return `Level changes from ${show(change.before)} to ${show(change.after)}`;
    case "setting_secret_changed":
      return change.after ? "Becomes secret" : "No longer declared secret (a value stored as secret stays masked)";
    case "secret_use_added":
      return `Newly sends ${show(change.after)}`;
    case "secret_use":
      return `Sends ${show(change.after)}, as before`;
  }
}

function UpgradeReview({
  installationId,
  appName,
  version,
  offer,
  open,
  onClose,
}: {
  installationId: string;
  appName: string;
  version: number;
  offer: UpgradeOffer;
  open: boolean;
  onClose: () => void;
}) {
  const router = useRouter();
  const upgrade = useUpgradeInstallation(installationId);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const error = upgrade.error instanceof ApiClientError ? upgrade.error : null;
  const settingIssues = (error?.issues ?? []).filter((issue) => issue.path.startsWith("settings."));
  const issueFor = (key: string) => settingIssues.find((issue) => issue.path === `settings.${key}`)?.message;
  // The offer lists what the server will ask for; a setting the server names anyway (a value removed since
  // the page loaded) gets an input too, so every message about a setting lands at its field.
  const unforeseenKeys = settingIssues
    .map((issue) => issue.path.slice("settings.".length))
    .filter((key) => !offer.settingsToFill.some((setting) => setting.key === key));
  const prompts: SettingToFill[] = [...offer.settingsToFill, ...unforeseenKeys.map((key) => ({ key, label: key, secret: true }))];
  // What no field shows, the alert does: a refusal with no issues, or one about something else.
  const alert = error && (error.issues.length === 0 || settingIssues.length < error.issues.length) ? error.message : null;
  const accept = () =>
    upgrade.mutate(
      { version: offer.version, settings: Object.fromEntries(Object.entries(answers).filter(([, value]) => value.trim() !== "")) },
      {
        onSuccess: () => {
          onClose();
          router.refresh();
        },
      },
    );
  const important = offer.changes.filter(isWarning);
  const others = offer.changes.filter((change) => !isWarning(change));

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Upgrade ${appName} to version ${offer.version}`}
      description={`From version ${version}. Review what changes for this organization before accepting.`}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={accept} isPending={upgrade.isPending}>
            Accept
          </Button>
        </>
      }
    >
      <div className="space-y-4 text-sm">
        {important.length > 0 && (
          <section aria-label="Needs your attention">
            <h3 className="font-semibold text-amber-900">Needs your attention</h3>
            <ul className="mt-1 space-y-1">
              {important.map((change, index) => (
                <li key={index} className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-amber-900">
                  <code className="font-mono text-xs break-all">{change.path}</code> {describeChange(change)}
                </li>
              ))}
            </ul>
          </section>
        )}
        {others.length > 0 && (
          <section aria-label="Other changes">
            <h3 className="font-semibold text-slate-900">Other changes and where secrets go</h3>
            <ul className="mt-1 space-y-1 text-slate-700">
              {others.map((change, index) => (
                <li key={index}>
                  <code className="font-mono text-xs break-all">{change.path}</code> {describeChange(change)}
                </li>
              ))}
            </ul>
          </section>
        )}
        {prompts.length > 0 && (
          <section aria-label="Organization settings to fill" className="space-y-3">
            <h3 className="font-semibold text-slate-900">Organization settings version {offer.version} requires</h3>
            {prompts.map((setting) => (
              <Field key={setting.key} label={setting.label} required error={issueFor(setting.key)}>
                <Input
                  type={setting.secret ? "password" : "text"}
                  autoComplete="off"
                  value={answers[setting.key] ?? ""}
                  onChange={(event) => setAnswers((current) => ({ ...current, [setting.key]: event.target.value }))}
                />
              </Field>
            ))}
          </section>
        )}
        <FormAlert message={alert} />
      </div>
    </Dialog>
  );
}
