"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormAlert } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { apiFetch, ApiClientError } from "@/lib/queries/api-client";

export interface SwitcherOrganization {
  id: string;
  name: string;
  role: "owner" | "admin" | "member";
}

/** The top bar's organization menu: switch, open the current one's pages, or start a new one. */
export function OrganizationSwitcher({ organizations, current }: { organizations: SwitcherOrganization[]; current: SwitcherOrganization | null }) {
  const router = useRouter();
  const toast = useToast();
  const [isOpen, setOpen] = useState(false);
  const [isCreating, setCreating] = useState(false);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!isOpen) return;
    const close = (event: MouseEvent) => {
      if (menu.current && !menu.current.contains(event.target as Node)) setOpen(false);
    };
    const escape = (event: KeyboardEvent) => event.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", escape);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", escape);
    };
  }, [isOpen]);

  const select = async (organization: SwitcherOrganization) => {
    setOpen(false);
    try {
      await apiFetch(`/api/v1/organizations/${organization.id}/select`, { method: "POST" });
      router.push("/");
      router.refresh();
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Could not switch organization");
    }
  };

  return (
    <div className="relative" ref={menu}>
      <Button
        variant="secondary"
        size="sm"
        aria-haspopup="menu"
        aria-expanded={isOpen}
        aria-label={current ? `Organization: ${current.name} (${current.role})` : "Organization"}
        onClick={() => setOpen((open) => !open)}
      >
        <span className="max-w-40 truncate">{current?.name ?? "No organization"}</span>
        {current && <span className="ml-1 text-xs font-normal text-slate-500">{current.role}</span>}
        <span aria-hidden="true" className="ml-1 text-slate-400">▾</span>
      </Button>
      {isOpen && (
        <div role="menu" aria-label="Organizations" className="absolute right-0 z-40 mt-2 w-72 rounded-lg border border-slate-200 bg-white p-1 shadow-lg">
          {organizations.map((organization) => (
            <button
              key={organization.id}
              role="menuitemradio"
              aria-checked={organization.id === current?.id}
              className="flex w-full items-center justify-between gap-2 rounded-md px-3 py-2 text-left text-sm hover:bg-slate-100"
              onClick={() => void select(organization)}
            >
              <span className="truncate font-medium text-slate-900">
                {organization.id === current?.id && <span aria-hidden="true">✓ </span>}
                {organization.name}
              </span>
              <span className="text-xs text-slate-500">{organization.role}</span>
            </button>
          ))}
          {current && (
            <div className="mt-1 border-t border-slate-100 pt-1">
              <MenuLink href={`/organizations/${current.id}/members`} onNavigate={() => setOpen(false)}>Members</MenuLink>
              <MenuLink href={`/organizations/${current.id}/activity`} onNavigate={() => setOpen(false)}>Activity</MenuLink>
              <MenuLink href={`/organizations/${current.id}/settings`} onNavigate={() => setOpen(false)}>Organization settings</MenuLink>
            </div>
          )}
          <div className="mt-1 border-t border-slate-100 pt-1">
            <button
              role="menuitem"
              className="w-full rounded-md px-3 py-2 text-left text-sm font-medium text-brand-700 hover:bg-slate-100"
              onClick={() => {
                setOpen(false);
                setCreating(true);
              }}
            >
              New organization
            </button>
          </div>
        </div>
      )}
      <NewOrganizationDialog open={isCreating} onClose={() => setCreating(false)} />
    </div>
  );
}

function MenuLink({ href, onNavigate, children }: { href: string; onNavigate: () => void; children: string }) {
  return (
    <Link role="menuitem" href={href} onClick={onNavigate} className="block rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">
      {children}
    </Link>
  );
}

function NewOrganizationDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isPending, setPending] = useState(false);

  const create = async () => {
    setPending(true);
    setError(null);
    try {
      const { id } = await apiFetch<{ id: string }>("/api/v1/organizations", { body: { name } });
      onClose();
      setName("");
      router.push(`/organizations/${id}/members`);
      router.refresh();
    } catch (caught) {
      setError(caught instanceof ApiClientError ? (caught.issues[0]?.message ?? caught.message) : "Could not create the organization");
    } finally {
      setPending(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="New organization"
      description="You will own it. Invite your team from its Members page."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button isPending={isPending} onClick={() => void create()}>
            Create organization
          </Button>
        </>
      }
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
        className="space-y-3"
      >
        <FormAlert message={error} />
        <Field label="Organization name" required>
          <Input value={name} onChange={(event) => setName(event.target.value)} maxLength={100} autoFocus />
        </Field>
      </form>
    </Dialog>
  );
}
