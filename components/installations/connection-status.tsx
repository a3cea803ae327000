import { Badge } from "@/components/ui/badge";
import type { ConnectionView } from "@/lib/queries/connections";

const STATUS_BADGES: Record<ConnectionView["status"], { label: string; tone: "success" | "neutral" | "warning" }> = {
  connected: { label: "Connected", tone: "success" },
  not_connected: { label: "Not connected", tone: "neutral" },
  needs_reauth: { label: "Needs re-authorization", tone: "warning" },
};

export function ConnectionStatusBadge({ status }: { status: ConnectionView["status"] }) {
  const badge = STATUS_BADGES[status];
  return <Badge tone={badge.tone}>{badge.label}</Badge>;
}
