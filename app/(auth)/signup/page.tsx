import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getSessionUser } from "@/lib/auth/current-user";
import { getEnv } from "@/lib/env";
import { safeReturnPath } from "@/lib/safe-redirect";
import { signInPath } from "@/lib/paths";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign up" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeReturnPath((await searchParams).callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  const signInLink = (
    <Link className="font-medium text-brand-700 hover:underline" href={signInPath(callbackUrl)}>
      Sign in
    </Link>
  );
  return (
    <AuthCard title="Create your account" subtitle="Start building apps on Gatehouse." footer={<>Already have an account? {signInLink}</>}>
      {getEnv().ALLOW_SIGNUP ? (
        <SignUpForm callbackUrl={callbackUrl} />
      ) : (
        <p className="text-sm text-slate-600">Sign-up is closed here. Ask an organization admin to add you.</p>
      )}
    </AuthCard>
  );
}
