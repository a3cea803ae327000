import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getSessionUser } from "@/lib/auth/current-user";
import { safeReturnPath } from "@/lib/safe-redirect";
import { findConnectLinkAppName } from "@/lib/services/consent";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeReturnPath((await searchParams).callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  const connectingTo = await findConnectLinkAppName(callbackUrl);
  return (
    <AuthCard
      title={connectingTo ? `Sign in to connect ${connectingTo}` : "Sign in"}
      subtitle={
        connectingTo
          ? "You opened a link to connect your account to this app. Sign in with your Gatehouse account and you will come straight back to it."
          : "Welcome back to Gatehouse."
      }
      footer={
        <>
          New here?{" "}
          <Link className="font-medium text-brand-700 hover:underline" href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
            Create an account
          </Link>
        </>
      }
    >
      <SignInForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
