import type { AuditEventRecord } from "@/lib/services/installation-pages";

/**
 * How the Activity tab tells each audit event. Only the detail fields named here are shown: details never
 * hold a secret, and an unknown field is left out rather than printed raw.
 */

export const EVENT_TYPES = [
  { type: "connection.connected", label: "Connected", sentence: "connected an account" },
  { type: "connection.failed", label: "Connect failed", sentence: "tried to connect an account, which failed" },
  { type: "connection.declined", label: "Declined at the provider", sentence: "declined access at the provider" },
  { type: "connection.refreshed", label: "Refreshed", sentence: "refreshed a token" },
  { type: "connection.refresh_failed", label: "Refresh failed", sentence: "could not refresh a token" },
  { type: "connection.disconnected", label: "Disconnected", sentence: "disconnected an account" },
  { type: "installation.created", label: "Installed", sentence: "installed the app" },
  { type: "installation.settings_changed", label: "Settings changed", sentence: "changed settings" },
  { type: "installation.user_settings_changed", label: "Personal settings changed", sentence: "changed their own settings" },
  { type: "installation.deleted", label: "Uninstalled", sentence: "uninstalled the app" },
] as const;

type Tone = "success" | "warning" | "danger" | "neutral";

export interface EventDescription {
  sentence: string;
  label: string;
  /** Short facts after the label: "success", "132 ms", "invalid_grant"… */
  facts: string[];
  tone: Tone;
  config: string | null;
  keys: string[];
}

// The refresh rules' failure classes (lib/oauth/refresh-rules.ts), in words.
const OUTCOMES: Record<string, { text: string; tone: Tone }> = {
  success: { text: "success", tone: "success" },
  needs_reauth: { text: "needs re-authorization", tone: "warning" },
  retryable: { text: "provider unavailable", tone: "danger" },
  config_error: { text: "configuration error", tone: "danger" },
  fatal: { text: "refused", tone: "danger" },
};

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
const count = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);

export function describeEvent(event: AuditEventRecord): EventDescription {
  const known = EVENT_TYPES.find((candidate) => candidate.type === event.type);
  const { detail } = event;
  const facts: string[] = [];
  let tone: Tone = "neutral";

  const outcome = text(detail.outcome);
  if (outcome) {
    const described = OUTCOMES[outcome] ?? { text: outcome, tone: "neutral" };
    facts.push(described.text);
    tone = described.tone;
  } else if (event.type === "connection.connected") {
    tone = "success";
  } else if (event.type === "connection.failed") {
    tone = "danger";
  }
  for (const reason of [text(detail.kind), text(detail.providerError), text(detail.reason)]) {
    if (reason && !facts.includes(reason)) facts.push(reason);
  }
  const status = count(detail.status);
  if (status !== null) facts.push(`HTTP ${status}`);
  const attempts = count(detail.attempts);
  if (attempts !== null && attempts > 1) facts.push(`${attempts} attempts`);
  if (detail.rotated === true) facts.push("refresh token rotated");
  if (detail.hasRefreshToken === false) facts.push("no refresh token");
  const durationMs = count(detail.durationMs);
  if (durationMs !== null) facts.push(`${Math.round(durationMs)} ms`);

  return {
    sentence: known?.sentence ?? event.type,
    label: known?.label ?? event.type,
    facts,
    tone,
    config: text(detail.config),
    keys: Array.isArray(detail.keys) ? detail.keys.map(String) : [],
  };
}
