import { notFound } from "next/navigation";
import { SandboxConsent } from "@/components/sandbox/sandbox-consent";
import { requirePageUser } from "@/lib/auth/page-guard";
import { isSandboxEnabled, SANDBOX_CLIENT_ID } from "@/lib/services/sandbox-provider";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sandbox provider", referrer: "no-referrer" };

type Props = { searchParams: Promise<Record<string, string | undefined>> };

// GET /sandbox/oauth/authorize — the sandbox provider's own consent screen
export default async function SandboxAuthorizePage({ searchParams }: Props) {
  if (!isSandboxEnabled()) notFound();
  const query = await searchParams;
  const here = `/sandbox/oauth/authorize?${new URLSearchParams(query as Record<string, string>).toString()}`;
  const user = await requirePageUser(here);
  return (
    <SandboxConsent
      email={user.email}
      isKnownClient={query.client_id === SANDBOX_CLIENT_ID}
      redirectUri={query.redirect_uri ?? ""}
      state={query.state ?? ""}
      scope={query.scope ?? ""}
    />
  );
}
