import { redirect } from "next/navigation";
import type { UserProfile } from "@/lib/db/accounts";
import { getSessionUser } from "./current-user";

/** The signed-in user of a page; others are sent to sign in and brought back to `returnTo`. */
export async function requirePageUser(returnTo = "/"): Promise<UserProfile> {
  const user = await getSessionUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}
