import { HomeLinks, StatusPage } from "@/components/layout/status-page";

/** What a connect link answers a non-member or a missing installation: the same words either way, so it reveals nothing. */
export function ConnectLinkNotFound() {
  return (
    <StatusPage code="404" title="You can't use this connect link" actions={<HomeLinks />}>
      <p>
        Connect links work for members of the organization that installed the app. If you should have access, ask one of that
        organization&apos;s owners or admins to add you as a member, then open the link again.
      </p>
      <p>The link may also be mistyped, or the app may have been uninstalled.</p>
    </StatusPage>
  );
}
