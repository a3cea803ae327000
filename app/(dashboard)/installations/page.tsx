import { PageHeader } from "@/components/layout/app-shell";
import { InstallationsList } from "@/components/installations/installations-list";
import { requirePageUser } from "@/lib/auth/page-guard";
import { listMyInstallations } from "@/lib/services/installation-pages";
import { getOrganizationContext } from "@/lib/services/organizations";

export const metadata = { title: "Installations" };

export default async function InstallationsPage() {
  const user = await requirePageUser("/installations");
  const [installations, { current }] = await Promise.all([listMyInstallations(user.id), getOrganizationContext(user.id)]);
  return (
    <>
      <PageHeader title="Installations" description={current ? `The apps installed in ${current.name}.` : "The apps installed in your organizations."} />
      <InstallationsList installations={installations.filter((installation) => installation.organizationId === current?.id)} />
    </>
  );
}
