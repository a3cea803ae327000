"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormAlert } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { apiFetch, ApiClientError } from "@/lib/queries/api-client";
import type { Action } from "@/lib/services/access";

const messageOf = (error: unknown) =>
  error instanceof ApiClientError ? (error.issues[0]?.message ?? error.message) : error instanceof Error ? error.message : "Something went wrong";

export function OrganizationSettings({ organization, actions }: { organization: { id: string; name: string }; actions: Action[] }) {
  const router = useRouter();
  const toast = useToast();
  const [name, setName] = useState(organization.name);
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const [isDeleteOpen, setDeleteOpen] = useState(false);
  const [confirm, setConfirm] = useState("");
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [isDeleting, setDeleting] = useState(false);

  const rename = async () => {
    setError(null);
    setSaving(true);
    try {
      await apiFetch(`/api/v1/organizations/${organization.id}`, { method: "PATCH", body: { name } });
      toast.success("Organization renamed");
      router.refresh();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    setDeleteError(null);
    setDeleting(true);
    try {
      await apiFetch(`/api/v1/organizations/${organization.id}`, { method: "DELETE", body: { confirm } });
      toast.success(`${organization.name} is deleted`);
      router.push("/");
      router.refresh();
    } catch (caught) {
      setDeleteError(messageOf(caught));
      setDeleting(false);
    }
  };

  return (
    <div className="space-y-6">
      {actions.includes("organization.rename") && (
        <Card>
          <CardHeader title="Name" />
          <CardBody>
            <form
              className="flex flex-wrap items-end gap-3"
              onSubmit={(event) => {
                event.preventDefault();
                void rename();
              }}
            >
              <FormAlert message={error} />
              <Field label="Organization name" className="min-w-60 flex-1">
                <Input value={name} maxLength={100} onChange={(event) => setName(event.target.value)} />
              </Field>
              <Button type="submit" isPending={isSaving} disabled={name.trim() === organization.name}>
                Rename
              </Button>
            </form>
          </CardBody>
        </Card>
      )}
      {actions.includes("organization.delete") && (
        <Card className="border-red-200">
          <CardHeader
            title="Delete this organization"
            description="Its installations are uninstalled with every member's tokens, its apps leave the store (and are uninstalled wherever they were installed), and its members lose access. This cannot be undone."
          />
          <CardBody>
            <Button variant="danger" onClick={() => setDeleteOpen(true)}>
              Delete organization
            </Button>
          </CardBody>
        </Card>
      )}
      <Dialog
        open={isDeleteOpen}
        onClose={() => setDeleteOpen(false)}
        title={`Delete ${organization.name}?`}
        footer={
          <>
            <Button variant="secondary" onClick={() => setDeleteOpen(false)}>
              Cancel
            </Button>
            <Button variant="danger" isPending={isDeleting} disabled={confirm.trim() !== organization.name} onClick={() => void remove()}>
              Delete forever
            </Button>
          </>
        }
      >
        <div className="space-y-3">
          <FormAlert message={deleteError} />
          <Field label={`Type ${organization.name} to confirm`}>
            <Input value={confirm} onChange={(event) => setConfirm(event.target.value)} autoComplete="off" />
          </Field>
        </div>
      </Dialog>
    </div>
  );
}
