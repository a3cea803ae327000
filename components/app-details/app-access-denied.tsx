import Link from "next/link";
import { PageHeader } from "@/components/layout/app-shell";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** What a member of the owning organization sees: the app exists, but only owners and admins edit it. */
export function AppAccessDenied() {
  return (
    <>
      <PageHeader title="App details" />
      <EmptyState
        title="You can't edit this app"
        description="Only the owners and admins of the organization that owns this app can see and change its definition. Ask one of them to make you an admin."
        action={
          <Link href="/apps" className={buttonClass("secondary", "sm")}>
            Back to your apps
          </Link>
        }
      />
    </>
  );
}
