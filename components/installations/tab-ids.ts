/** The installation page's tabs, shared by the page (which reads `?tab=`) and the client tabs. */
export const INSTALLATION_TABS = [
  { id: "settings", label: "Settings" },
  { id: "connections", label: "Connections" },
  { id: "try-it", label: "Try it" },
  { id: "activity", label: "Activity" },
] as const;

export type InstallationTab = (typeof INSTALLATION_TABS)[number]["id"];

export const isInstallationTab = (value: unknown): value is InstallationTab => INSTALLATION_TABS.some((tab) => tab.id === value);
