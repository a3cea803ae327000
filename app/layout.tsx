import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Gatehouse", template: "%s · Gatehouse" },
  description: "Ship apps that call third-party APIs through OAuth 2.0",
  icons: { icon: { url: "/favicon.svg", type: "image/svg+xml" } },
};

// The client providers (queries, toasts) live in the dashboard's layout: the consent and sign-in pages are
// server-rendered forms, and end users on a phone should not download the dashboard's client libraries.
export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, so Next.js can put the response's CSP nonce on its scripts.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
