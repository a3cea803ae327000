import { AuthCard } from "@/components/auth/auth-card";
import { InvitationCard } from "@/components/organizations/invitation-card";
import { getSessionUser } from "@/lib/auth/current-user";
import { previewInvitation } from "@/lib/services/invitations";

export const dynamic = "force-dynamic";
// The path carries the invitation's secret: never send it on as a Referer.
export const metadata = { title: "Invitation", referrer: "no-referrer" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([previewInvitation(token), getSessionUser()]);
  if (!invitation || invitation.status !== "pending") {
    const why = !invitation
      ? "This invitation link is not valid. Check that you copied all of it, or ask for a new one."
      : invitation.status === "accepted"
        ? "This invitation has already been used. Each link works once."
        : "This invitation has expired. Invitations are valid for 7 days: ask for a new one.";
    return (
      <AuthCard title="Invitation unavailable" footer={null}>
        <p role="alert" className="text-sm text-slate-700">{why}</p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={`Join ${invitation.organizationName}`} subtitle={`You are invited as ${invitation.role}.`} footer={null}>
      <InvitationCard
        token={token}
        invitation={{ organizationName: invitation.organizationName, role: invitation.role, email: invitation.email, expiresAt: invitation.expiresAt.toISOString() }}
        viewerEmail={user?.email ?? null}
      />
    </AuthCard>
  );
}
