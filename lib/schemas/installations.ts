import { z } from "zod";
import type { Setting } from "./app-definition";

/**
 * Installing an app and answering its organization-level settings. The request bodies are checked in two
 * steps: their shape here, then the answers against the app's own settings with
 * `organizationSettingsSchema`, which the install prompt and the settings form use as their resolver too.
 */

/** How a stored secret reads back; sending it back unchanged keeps the stored value. */
export const SECRET_MASK = "********";

const MAX_VALUE_LENGTH = 10_000;

/** The kinds of change an upgrade review lists (see lib/services/version-changes.ts). */
export type VersionChangeKind =
  | "url_added"
  | "url_host_changed"
  | "scope_added"
  | "scope_removed"
  | "setting_added"
  | "setting_removed"
  | "setting_level_changed"
  | "setting_secret_changed"
  | "secret_use"
  | "secret_use_added";

export type SettingFacts = { level: "organization" | "user"; secret: boolean; required: boolean };

/** One change that matters to an installer; `before` and `after` never hold a setting's value. */
export interface VersionChange {
  kind: VersionChangeKind;
  path: string;
  before: string | boolean | SettingFacts | null;
  after: string | boolean | SettingFacts | null;
}

/** An organization setting that must be answered to accept an upgrade. */
export interface SettingToFill {
  key: string;
  label: string;
  secret: boolean;
}

/** A newer version an installation may move to, with what it changes. */
export interface UpgradeOffer {
  version: number;
  changes: VersionChange[];
  /**
   * The organization settings the upgrade refuses to go ahead without (see `listSettingsToFill`): new
   * ones, and ones that become required or move to the organization level, that have no value yet.
   */
  settingsToFill: SettingToFill[];
}

/** The contract's view of an installation: organization-level values, secrets read back as `SECRET_MASK`. */
export interface InstallationView {
  id: string;
  appId: string;
  organizationId: string;
  settings: Record<string, string>;
  /** The app version the installation runs. */
  version: number;
  /** Exactly null when no newer version exists. */
  upgrade: UpgradeOffer | null;
}

/** `POST /api/v1/installations/{id}/upgrade`: the version to move to, and answers to its new prompts. */
export const upgradeInstallationSchema = z
  .object({
    version: z.number({ error: "Give the version to upgrade to" }).int("Give a whole version number").min(1, "Give a version of 1 or more"),
    settings: z.record(z.string(), z.unknown(), { error: "settings must be an object of key: value" }).default({}),
  })
  .strict();
export type UpgradeInstallation = z.infer<typeof upgradeInstallationSchema>;

/** `POST /api/v1/organizations/{orgId}/installations`; the answers are checked against the app afterwards. */
export const installAppSchema = z
  .object({
    appId: z.string({ error: "Give the appId to install" }).trim().min(1, "Give the appId to install").max(100),
    settings: z.record(z.string(), z.unknown(), { error: "settings must be an object of key: value" }).default({}),
    /** The version the installer reviewed; when it is no longer the latest, the install is a 409. */
    version: z.number({ error: "version must be a number" }).int("Give a whole version number").min(1, "Give a version of 1 or more").optional(),
  })
  .strict();
export type InstallApp = z.infer<typeof installAppSchema>;

/** `PATCH /api/v1/installations/{id}/settings`: the keys to change, each with its new value. */
export const settingsPatchSchema = z.record(z.string(), z.unknown(), { error: "Send an object of key: value" });
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** The settings an installer answers: the organization-level ones, in the app's order. */
export const organizationPrompts = (settings: Setting[]): Setting[] =>
  settings.filter((setting) => setting.level === "organization");

/**
 * The rule an upgrade is held to: every organization-level setting the target version requires that has
 * no value stored yet, however it got there (new, newly required, or moved from the user level).
 */
export const listSettingsToFill = (target: Setting[], storedKeys: ReadonlySet<string>): Setting[] =>
  organizationPrompts(target).filter((setting) => setting.required && !storedKeys.has(setting.key));

/**
 * The answers to an app's organization-level settings. On `install` every required setting must be
 * filled, and each missing one is reported under its own key. On `update` every key is optional, and an
 * empty secret means "keep the stored value". A key that is not an organization-level setting of the app
 * (a user-level token included) is refused.
 */
export function organizationSettingsSchema(settings: Setting[], mode: "install" | "update") {
  const shape = Object.fromEntries(organizationPrompts(settings).map((setting) => [setting.key, answerSchema(setting, mode)]));
  return z.object(shape).strict();
}

function answerSchema(setting: Setting, mode: "install" | "update") {
  const missing = `${setting.label} is required`;
  const text = z
    .string({ error: setting.required && mode === "install" ? missing : `${setting.label} must be text` })
    .trim()
    .max(MAX_VALUE_LENGTH, `Use at most ${MAX_VALUE_LENGTH} characters`);
  if (!setting.required) return text.optional();
  if (mode === "install") return text.min(1, missing);
  // A required secret left empty keeps its stored value; a required plain value cannot be cleared.
  return (setting.secret ? text : text.min(1, missing)).optional();
}

/** The install prompt's form: the organization to install into and the answers. */
export function installFormSchema(settings: Setting[]) {
  return z.object({
    organizationId: z.string().min(1, "Choose an organization"),
    settings: organizationSettingsSchema(settings, "install"),
  });
}
export type InstallForm = { organizationId: string; settings: Record<string, string | undefined> };

/** The settings tab's form. */
export function settingsFormSchema(settings: Setting[]) {
  return z.object({ settings: organizationSettingsSchema(settings, "update") });
}
export type SettingsForm = { settings: Record<string, string | undefined> };

/**
 * The user-level settings each member fills for themselves (a workspace id, say): every user-level setting
 * that no OAuth config stores a token in. Token variables are written only by connecting.
 */
export function personalSettingsOf(definition: {
  settings: Setting[];
  oauthConfigs: { accessTokenVariable: string; refreshTokenVariable?: string | null | undefined }[];
}): Setting[] {
  const tokenVariables = new Set(definition.oauthConfigs.flatMap((config) => [config.accessTokenVariable, config.refreshTokenVariable ?? ""]));
  return definition.settings.filter((setting) => setting.level === "user" && !tokenVariables.has(setting.key));
}

/** `PATCH /api/v1/installations/{id}/my-settings`: the caller's own values, checked against the app afterwards. */
export const mySettingsPatchSchema = z
  .object({
    values: z.record(z.string(), z.string({ error: "Each value must be text" }).max(MAX_VALUE_LENGTH, `Use at most ${MAX_VALUE_LENGTH} characters`), {
      error: "values must be an object of key: value",
    }),
  })
  .strict();
export type MySettingsPatch = z.infer<typeof mySettingsPatchSchema>;

/** The caller's personal settings and their values; secrets read back as `SECRET_MASK`, unset ones are absent. */
export interface MySettingsView {
  settings: Setting[];
  values: Record<string, string>;
}

/** The "Your settings" form on the Connections tab: every key optional, a required plain value not cleared. */
export function mySettingsFormSchema(settings: Setting[]) {
  const shape = Object.fromEntries(
    settings.map((setting) => {
      const text = z.string().trim().max(MAX_VALUE_LENGTH, `Use at most ${MAX_VALUE_LENGTH} characters`);
      return [setting.key, (setting.required && !setting.secret ? text.min(1, `${setting.label} is required`) : text).optional()];
    }),
  );
  return z.object({ values: z.object(shape) });
}
export type MySettingsForm = { values: Record<string, string | undefined> };
