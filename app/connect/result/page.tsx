import { ConnectResult } from "@/components/connect/connect-result";
import { safeReturnPath } from "@/lib/safe-redirect";

export const dynamic = "force-dynamic";
export const metadata = { title: "Connection", referrer: "no-referrer" };

type Props = {
  searchParams: Promise<Record<string, string | undefined>>;
};

// The outcome of the consent flow; it carries no secret, only what the callback decided.
export default async function ConnectResultPage({ searchParams }: Props) {
  const query = await searchParams;
  return (
    <ConnectResult
      outcome={query.outcome ?? "invalid_state"}
      installationId={query.installation}
      configName={query.config}
      returnTo={safeReturnPath(query.returnTo, "") || null}
      providerError={query.error?.slice(0, 100)}
      providerDescription={query.description?.slice(0, 300)}
    />
  );
}
