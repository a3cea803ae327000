"use client";

import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { useCurrentPath } from "@/components/ui/use-current-path";

const LINKS = [
  { href: "/", label: "Dashboard" },
  { href: "/apps", label: "Apps" },
  { href: "/store", label: "Store" },
  { href: "/installations", label: "Installations" },
];

/** The main links; Apps only for those whose role in the current organization may build one. */
export function NavLinks({ canBuild = true }: { canBuild?: boolean }) {
  const pathname = useCurrentPath();
  return (
    <nav aria-label="Main" className="order-last flex w-full gap-1 overflow-x-auto sm:order-none sm:w-auto">
      {LINKS.filter((link) => canBuild || link.href !== "/apps").map((link) => {
        const isActive = link.href === "/" ? pathname === "/" : pathname.startsWith(link.href);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={isActive ? "page" : undefined}
            className={cn(
              "rounded-md px-3 py-1.5 text-sm font-medium",
              isActive ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
            )}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
