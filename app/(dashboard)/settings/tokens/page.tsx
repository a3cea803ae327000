import { TokensPanel } from "@/components/settings/tokens-panel";
import { requirePageUser } from "@/lib/auth/page-guard";

export const dynamic = "force-dynamic";
export const metadata = { title: "Access tokens" };

export default async function TokensSettingsPage() {
  await requirePageUser("/settings/tokens");
  return <TokensPanel />;
}
