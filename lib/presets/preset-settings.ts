import type { Setting } from "@/lib/schemas/app-definition";

/** The settings every preset's templates use (the contract example's five). */
export const PRESET_SETTINGS: readonly Setting[] = [
  { key: "client_id", label: "Client ID", level: "organization", secret: false, required: true },
  { key: "client_secret", label: "Client secret", level: "organization", secret: true, required: true },
  { key: "redirect_uri", label: "Redirect URI", level: "organization", secret: false, required: true },
  { key: "access_token", label: "Access token", level: "user", secret: true, required: false },
  { key: "refresh_token", label: "Refresh token", level: "user", secret: true, required: false },
];
