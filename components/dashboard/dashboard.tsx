import Link from "next/link";
import { PageHeader } from "@/components/layout/app-shell";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { DashboardPage } from "@/lib/services/accounts";

const ROLE_TONE = { owner: "info", admin: "success", member: "neutral" } as const;

export function Dashboard({ profile, canBuild }: DashboardPage) {
  // Someone who cannot build apps in the current organization goes next to the installations they can connect to.
  return (
    <>
      <PageHeader title={`Welcome${profile.name ? `, ${profile.name}` : ""}`} description="Your organizations and where to go next." />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title="Your organizations" description="Apps and installations belong to an organization." />
          <CardBody>
            {profile.organizations.length === 0 ? (
              <EmptyState title="No organizations yet" description="Ask an organization admin to add you." />
            ) : (
              <ul className="divide-y divide-slate-100" aria-label="Organizations">
                {profile.organizations.map((organization) => (
                  <li key={organization.id} className="flex items-center justify-between gap-3 py-3">
                    <span className="font-medium text-slate-900">{organization.name}</span>
                    <Badge tone={ROLE_TONE[organization.role]}>{organization.role}</Badge>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Get started" />
          <CardBody className="space-y-3 text-sm text-slate-600">
            {canBuild ? (
              <>
                <p>Describe an app&apos;s settings, OAuth configs and APIs, then publish it to the store.</p>
                <Link href="/apps" className={buttonClass("primary", "sm")}>
                  Build an app
                </Link>
                <p className="pt-2">Install a published app into your organization and connect your account.</p>
                <Link href="/store" className={buttonClass("secondary", "sm")}>
                  Browse the store
                </Link>
              </>
            ) : (
              <>
                <p>Connect your account to the apps your organization installed, then try their APIs.</p>
                <Link href="/installations" className={buttonClass("primary", "sm")}>
                  Your installations
                </Link>
                <p className="pt-2">See what apps are available. Your organization&apos;s admins install them.</p>
                <Link href="/store" className={buttonClass("secondary", "sm")}>
                  Browse the store
                </Link>
              </>
            )}
          </CardBody>
        </Card>
      </div>
    </>
  );
}
