import { usePathname } from "next/navigation";

/**
 * The current path in the app shell. `usePathname` is typed nullable once a pages/ folder exists (the consent
 * page's), though it is never null in the App Router, where everything that calls this is rendered.
 */
export function useCurrentPath(): string {
  return usePathname() ?? "/";
}
