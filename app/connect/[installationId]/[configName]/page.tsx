import { notFound } from "next/navigation";
import { ConsentCard } from "@/components/connect/consent-card";
import { requirePageUser } from "@/lib/auth/page-guard";
import { AppError } from "@/lib/errors";
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
  const page = await getConsentPage(user.id, installationId, configName).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  return <ConsentCard page={page} returnTo={returnTo} />;
}
