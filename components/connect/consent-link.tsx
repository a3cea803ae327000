import type { AnchorHTMLAttributes } from "react";

/**
 * A link to an app's consent page. A plain <a>, not next/link: the Pages Router serves that page (without the
 * React runtime, see pages/connect), and the App Router's <Link> would first prefetch and fetch it as a
 * Server Component payload, requests that never settle, before falling back to loading the page anyway.
 */
export function ConsentLink(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  return <a {...props} />;
}
