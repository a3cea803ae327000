import { HomeLinks, StatusPage } from "@/components/layout/status-page";

export const metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <StatusPage code="404" title="This page does not exist" actions={<HomeLinks />}>
      <p>The link may be mistyped, or what it pointed to was removed, or it belongs to an organization you are not a member of.</p>
    </StatusPage>
  );
}
