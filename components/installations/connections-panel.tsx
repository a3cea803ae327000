import { EmptyState } from "@/components/ui/empty-state";

/**
 * The members' connections to the app's OAuth configs. A placeholder that names the configs; the
 * connection flow replaces its internals (status, connect and disconnect per config).
 */
export interface ConnectionsPanelProps {
  installationId: string;
  configs: { name: string; logoUrl: string | null }[];
}

export function ConnectionsPanel({ configs }: ConnectionsPanelProps) {
  if (configs.length === 0) {
    return <EmptyState title="Nothing to connect" description="This app has no OAuth configs, so there is no account to connect." />;
  }
  return (
    <ul className="divide-y divide-slate-100">
      {configs.map((config) => (
        <li key={config.name} className="py-3 font-medium text-slate-900">
          {config.name}
        </li>
      ))}
    </ul>
  );
}
