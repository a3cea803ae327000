import { notFound, redirect } from "next/navigation";
import type { UserProfile } from "@/lib/db/accounts";
import { AppError } from "@/lib/errors";
import { getSessionUser } from "./current-user";
import { signInPath } from "@/lib/paths";

/** The signed-in user of a page; others are sent to sign in and brought back to `returnTo`. */
export async function requirePageUser(returnTo = "/"): Promise<UserProfile> {
  const user = await getSessionUser();
  if (!user) redirect(signInPath(returnTo));
  return user;
}

/**
 * Awaits what a page shows, so that every page answers a missing or foreign id the same way: a service's
 * 404 (its `not_found` error, or null) becomes Next.js's not-found page. A 403 goes to the error page
 * unless the page explains it itself, with `onForbidden`.
 */
export async function orNotFound<T, F = never>(load: Promise<T | null>, onForbidden?: () => F): Promise<T | F> {
  let found: T | null;
  try {
    found = await load;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    if (error instanceof AppError && error.code === "forbidden" && onForbidden) return onForbidden();
    throw error;
  }
  if (found === null) notFound();
  return found;
}
