import { PageHeader } from "@/components/layout/app-shell";
import { InstallationsList } from "@/components/installations/installations-list";
import { requirePageUser } from "@/lib/auth/page-guard";
import { listMyInstallations } from "@/lib/services/installation-pages";

export const metadata = { title: "Installations" };

export default async function InstallationsPage() {
  const user = await requirePageUser("/installations");
  return (
    <>
      <PageHeader title="Installations" description="The apps installed in your organizations." />
      <InstallationsList installations={await listMyInstallations(user.id)} />
    </>
  );
}
