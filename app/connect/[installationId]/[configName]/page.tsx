import { ConsentCard } from "@/components/connect/consent-card";
import { orNotFound, requirePageUser } from "@/lib/auth/page-guard";
import { connectPath } from "@/lib/paths";
import { safeReturnPath } from "@/lib/safe-redirect";
import { getConsentPage } from "@/lib/services/consent";

export const dynamic = "force-dynamic";
export const metadata = { title: "Allow access" };

type Props = {
  params: Promise<{ installationId: string; configName: string }>;
  searchParams: Promise<{ returnTo?: string }>;
};

export default async function ConnectPage({ params, searchParams }: Props) {
  const { installationId, configName } = await params;
  const returnTo = safeReturnPath((await searchParams).returnTo, "") || null;
  const here = connectPath(installationId, configName, returnTo);
  const user = await requirePageUser(here);
  const page = await orNotFound(getConsentPage(user.id, installationId, configName));
  return <ConsentCard page={page} returnTo={returnTo} />;
}
