import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PasswordForm } from "@/components/settings/password-form";
import { SignOutEverywhere } from "@/components/settings/sign-out-everywhere";
import { requirePageUser } from "@/lib/auth/page-guard";

export const dynamic = "force-dynamic";
export const metadata = { title: "Password and sessions" };

export default async function SecuritySettingsPage() {
  const user = await requirePageUser("/settings/security");
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title="Change password" description="Changing it signs you out on every other browser and device." />
        <CardBody>
          <PasswordForm email={user.email} />
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Sessions" description="Lost a device, or signed in on a shared computer? End every session of your account." />
        <CardBody>
          <SignOutEverywhere />
        </CardBody>
      </Card>
    </div>
  );
}
